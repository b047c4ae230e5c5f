/** The module-level fakes every Forge handler test installs (jest hoists these calls). */
jest.mock(
  '@forge/kvs',
  () =>
    (jest.requireActual('./fakes/forge-kvs') as typeof import('./fakes/forge-kvs')).forgeKvsModule,
);
jest.mock(
  '@forge/api',
  () =>
    (jest.requireActual('./fakes/forge-api') as typeof import('./fakes/forge-api')).forgeApiModule,
);
jest.mock(
  '@forge/events',
  () =>
    (jest.requireActual('./fakes/forge-events') as typeof import('./fakes/forge-events'))
      .forgeEventsModule,
);
