// Import direction (docs/architecture.md): cli → daemon → engine → connectors → platform; every
// layer may use contracts; apps → sdk (and contracts) only; sandbox imports none of the product's
// layers. Tests, bench, scripts and `testing/` helpers are exempt: they wire real parts together.
const EXEMPT = '(\\.test\\.ts$|/testing/|test-harness\\.ts$|/test-helpers\\.ts$)';

/** A rule that forbids `from` (a src/ folder) importing any of `to`. */
function forbid(name, from, to, comment) {
  return {
    name,
    comment,
    severity: 'error',
    from: { path: `^src/(${from})/`, pathNot: EXEMPT },
    to: { path: `^src/(${to.join('|')})/` },
  };
}

module.exports = {
  forbidden: [
    forbid(
      'contracts-only-platform',
      'contracts',
      ['connectors', 'engine', 'daemon', 'sdk', 'apps', 'cli', 'sandbox'],
      'contracts are the shared types: they may import only platform',
    ),
    forbid(
      'platform-is-the-floor',
      'platform',
      ['contracts', 'connectors', 'engine', 'daemon', 'sdk', 'apps', 'cli', 'sandbox'],
      'platform is the lowest layer',
    ),
    forbid(
      'connectors-down',
      'connectors',
      ['engine', 'daemon', 'sdk', 'apps', 'cli', 'sandbox'],
      'connectors may import platform and contracts only',
    ),
    forbid(
      'engine-down',
      'engine',
      ['daemon', 'sdk', 'apps', 'cli', 'sandbox'],
      'engine may import connectors, platform and contracts',
    ),
    forbid(
      'daemon-down',
      'daemon',
      ['sdk', 'apps', 'cli', 'sandbox'],
      'the daemon spawns the app host by path; it never imports the SDK or an app',
    ),
    forbid(
      'sandbox-standalone',
      'sandbox',
      ['connectors', 'engine', 'daemon', 'sdk', 'apps', 'cli'],
      'emulators speak the wire protocol from the reference docs, never the connector code',
    ),
    forbid(
      'apps-use-the-sdk',
      'apps',
      ['platform', 'connectors', 'engine', 'daemon', 'cli', 'sandbox'],
      "built-in apps are written only against the public SDK, like users' apps",
    ),
    forbid(
      'nothing-imports-apps',
      'contracts|platform|connectors|engine|daemon|sdk|cli|sandbox',
      ['apps'],
      'built-in apps are loaded by path',
    ),
    forbid(
      'nothing-imports-cli',
      'contracts|platform|connectors|engine|daemon|sdk|apps|sandbox',
      ['cli'],
      'the CLI is the top layer',
    ),
    {
      name: 'sdk-down',
      comment: 'the SDK may import contracts and platform; connector client types only as types',
      severity: 'error',
      from: { path: '^src/sdk/', pathNot: EXEMPT },
      to: { path: '^src/(engine|daemon|cli|sandbox|apps)/' },
    },
    {
      name: 'sdk-connector-types-only',
      comment: 'opsbot/connectors/<type> re-exports client types; no connector code runs in an app',
      severity: 'error',
      from: { path: '^src/sdk/', pathNot: EXEMPT },
      to: { path: '^src/connectors/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: '^src/', pathNot: EXEMPT },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^node_modules|\\.node/)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json'],
    },
  },
};
