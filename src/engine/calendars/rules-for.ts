import { customExchange } from './exchanges/custom.ts';
import { BUILTIN_EXCHANGES } from './exchanges/index.ts';
import type { CustomExchangeConfig, ExchangeRules } from './exchanges/types.ts';

/** The built-in exchanges plus the config's `exchanges:` (a config entry may replace a built-in one). */
export function exchangeRules(custom: Record<string, CustomExchangeConfig>): Map<string, ExchangeRules> {
  const rules = new Map(BUILTIN_EXCHANGES);
  for (const [code, config] of Object.entries(custom))
    rules.set(code.toUpperCase(), customExchange(code, config));
  return rules;
}
