/** The module-level fakes every Forge handler test installs (jest hoists these calls). */
import type * as FakeApi from './fakes/forge-api';
import type * as FakeEvents from './fakes/forge-events';
import type * as FakeKvs from './fakes/forge-kvs';

jest.mock(
  '@forge/kvs',
  () => jest.requireActual<typeof FakeKvs>('./fakes/forge-kvs').forgeKvsModule,
);
jest.mock(
  '@forge/api',
  () => jest.requireActual<typeof FakeApi>('./fakes/forge-api').forgeApiModule,
);
jest.mock(
  '@forge/events',
  () => jest.requireActual<typeof FakeEvents>('./fakes/forge-events').forgeEventsModule,
);
