/**
 * Lets apps outside this repository `import … from 'opsbot'` (and 'opsbot/testing'): a module
 * resolution hook maps those names to this checkout. Loaded by the app host and `opsbot app test`.
 */
import { registerHooks } from 'node:module';

const TARGETS: Record<string, string> = {
  opsbot: new URL('./index.ts', import.meta.url).href,
  'opsbot/testing': new URL('./testing/index.ts', import.meta.url).href,
};

registerHooks({
  resolve(specifier, context, nextResolve) {
    const target = TARGETS[specifier];
    if (target) return { url: target, shortCircuit: true };
    return nextResolve(specifier, context);
  },
});
