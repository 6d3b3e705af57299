/**
 * Layer rules, checked by `npm test` (test/architecture/layers.spec.ts runs depcruise with this file).
 *
 * - The domain is pure: libs/<lib>/src/domain, libs/policy and libs/calendar import no framework or
 *   infrastructure (Nest, TypeORM, BullMQ, pg, ioredis) and no other layer of their own lib.
 * - Libraries never import applications.
 * - Applications do not import each other. The one exception is composition: apps/main builds whole processes
 *   from the public entries the apps export (apps/api/src/index.ts, apps/worker/src/index.ts), and apps/cli may
 *   use apps/main's public entry (the demo runs the whole system). Tests and benchmarks may import anything.
 * - Controllers and command handlers do not reach the database themselves: they import no TypeORM, pg or
 *   persistence SQL helpers (repositories and stores in infrastructure do). The same test also scans their text
 *   for `.query(` (a dependency graph cannot see a call through an injected object).
 */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'domain code (machines, rubric, scoring, calendar) is plain TypeScript: no framework, no database, no queue',
      from: { path: '^libs/([^/]+/src/domain|policy/src|calendar/src)/' },
      to: { path: ['(^|/)node_modules/(@nestjs|typeorm|bullmq|pg|ioredis)/', '^libs/[^/]+/src/(application|infrastructure)/', '^libs/(persistence|messaging|platform|testing)/'] },
    },
    {
      name: 'libs-never-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'apps-do-not-import-apps',
      severity: 'error',
      comment: 'apps/api and apps/worker never import another app; apps/main and apps/cli compose (next rules)',
      from: { path: '^apps/([^/]+)/', pathNot: '^apps/(main|cli)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'main-composes-public-entries',
      severity: 'error',
      comment: 'apps/main uses only the public entries apps/api/src/index.ts and apps/worker/src/index.ts',
      from: { path: '^apps/main/' },
      to: { path: '^apps/(api|worker|cli)/', pathNot: '^apps/(api|worker)/src/index\\.ts$' },
    },
    {
      name: 'cli-uses-main-only',
      severity: 'error',
      comment: 'apps/cli runs the whole system (the demo) only through apps/main/src/index.ts',
      from: { path: '^apps/cli/' },
      to: { path: '^apps/(api|worker|main)/', pathNot: '^apps/main/src/index\\.ts$' },
    },
    {
      name: 'no-sql-in-controllers-and-handlers',
      severity: 'error',
      comment: 'controllers and handlers call repositories and stores; SQL lives in infrastructure',
      from: { path: '\\.(controller|handler)\\.ts$' },
      to: { path: ['(^|/)node_modules/(typeorm|pg)/', '^libs/persistence/src/(sql|transaction|event-store|outbox)\\.ts$'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['\\.spec\\.ts$', '\\.e2e-spec\\.ts$', '(^|/)dist/', '\\.testing\\.ts$'] },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.json'] },
  },
};
