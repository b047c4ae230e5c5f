/**
 * Routes `@forge/kvs`, `@forge/api` and `@forge/events` to the project's Forge fakes
 * (test/forge/fakes), as the Forge tests' jest.mock does, so src/forge's adapters run unchanged
 * in the bench. Import this module before anything that imports src/forge.
 */
import './jest-shim';
import Module from 'node:module';
import { forgeApiModule } from '../../test/forge/fakes/forge-api';
import { forgeEventsModule } from '../../test/forge/fakes/forge-events';
import { forgeKvsModule } from '../../test/forge/fakes/forge-kvs';

const FAKES: Record<string, unknown> = {
  '@forge/kvs': forgeKvsModule,
  '@forge/api': forgeApiModule,
  '@forge/events': forgeEventsModule,
};

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
const loader = Module as unknown as { _load: Load };
const original = loader._load;
loader._load = function load(request, parent, isMain) {
  return FAKES[request] ?? original.call(this, request, parent, isMain);
};
