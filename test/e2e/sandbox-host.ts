/**
 * The browser tests' world: the simulators, a fresh in-memory store and the local host page in
 * this process, so a test can change a simulator and look at the sandbox Jira directly.
 */
import { systemClock, silentLogger } from '../../src/ports';
import { createMemoryStore } from '../../sandbox/adapters/memory-store';
import { createSandboxJiraTransport } from '../../sandbox/adapters/jira-basic-auth';
import { nodeHttp } from '../../sandbox/adapters/node-http';
import type { Host } from '../../sandbox/host/server';
import { startHost } from '../../sandbox/host/server';
import type { Sandbox } from '../../sandbox/sim';
import { SANDBOX_JIRA_ADMIN, startSandbox } from '../../sandbox/sim';
import type { Store } from '../../src/ports';
import { ensureUiBuilt } from '../../sandbox/host/ui-build';

export interface World {
  sandbox: Sandbox;
  store: Store;
  host: Host;
  close: () => Promise<void>;
}

export async function startWorld(): Promise<World> {
  ensureUiBuilt();
  const sandbox = await startSandbox({ mcasRequestsPerMinute: 0 });
  const store = createMemoryStore();
  const jira = createSandboxJiraTransport(sandbox.jira, { app: SANDBOX_JIRA_ADMIN });
  const host = await startHost({
    sandbox,
    store,
    deps: {
      store,
      http: nodeHttp,
      jira,
      clock: systemClock,
      logger: silentLogger,
      allowLoopbackMcas: true,
      abuseIpdbBaseUrl: sandbox.abuseipdb.url,
      entraLoginBaseUrl: sandbox.entra.url,
    },
  });
  return {
    sandbox,
    store,
    host,
    close: async () => {
      await host.close();
      await sandbox.close();
    },
  };
}
