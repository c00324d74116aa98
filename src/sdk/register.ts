/**
 * Lets apps outside this repository `import … from 'opsbot'` (and 'opsbot/testing'): a module
 * resolution hook maps those names to this checkout. Loaded by the app host and `opsbot app test`.
 */
import { registerHooks } from 'node:module';

// From the compiled runtime (dist/), the SDK's own files are .js: the compiler does not rewrite these URLs.
const ext = import.meta.url.endsWith('.js') ? 'js' : 'ts';
const TARGETS: Record<string, string> = {
  opsbot: new URL(`./index.${ext}`, import.meta.url).href,
  'opsbot/testing': new URL(`./testing/index.${ext}`, import.meta.url).href,
};

registerHooks({
  resolve(specifier, context, nextResolve) {
    const target = TARGETS[specifier];
    if (target) return { url: target, shortCircuit: true };
    return nextResolve(specifier, context);
  },
});
