/** The exchanges opsbot knows out of the box, by MIC (CME by its usual name), and KR: Korea's public holidays. */
import { kr } from './kr.ts';
import type { ExchangeRules } from './types.ts';
import { cme, xnas, xnys } from './us.ts';
import { xhkg } from './xhkg.ts';
import { xkrx } from './xkrx.ts';
import { xlon } from './xlon.ts';
import { xshg } from './xshg.ts';
import { xtks } from './xtks.ts';

export { customExchange, parseSession } from './custom.ts';
export type { CustomExchangeConfig, ExchangeRules, RuleClosure, SpecialSession } from './types.ts';

export const BUILTIN_EXCHANGES: ReadonlyMap<string, ExchangeRules> = new Map(
  [xkrx, xnys, xnas, cme, xtks, xhkg, xlon, xshg, kr].map((rules) => [rules.mic, rules]),
);
