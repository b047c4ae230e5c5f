/**
 * The simulators in a child process of their own, so the benchmark's peak RSS is the pipeline's
 * (and the baseline's) and not the simulators' memory of 2,000 alerts and issues.
 * Speaks a tiny request/answer protocol over the fork IPC channel.
 */
import { largeScenario } from '../sandbox/scenarios/large';
import { mondayScenario } from '../sandbox/scenarios/monday';
import { seedSandbox } from '../sandbox/scenarios/seed';
import type { Sandbox, SandboxOptions } from '../sandbox/sim';
import { startSandbox } from '../sandbox/sim';

export type ScenarioSpec =
  | { name: 'monday'; now: number }
  | {
      name: 'large';
      now: number;
      alerts: number;
      tenants: number;
      distinctPublicIps: number;
      seed: number;
    };

export type SimRequest =
  | { type: 'start'; scenario: ScenarioSpec; options: SandboxOptions }
  | { type: 'stats' }
  | { type: 'close' };

export function scenarioFor(spec: ScenarioSpec) {
  return spec.name === 'monday' ? mondayScenario(spec.now) : largeScenario(spec);
}

let sandbox: Sandbox | undefined;

async function answer(request: SimRequest): Promise<unknown> {
  switch (request.type) {
    case 'start': {
      sandbox = await startSandbox(request.options);
      const seeded = seedSandbox(sandbox, scenarioFor(request.scenario));
      sandbox.resetStats();
      return { seeded, jiraUrl: sandbox.jira.url, abuseIpdbUrl: sandbox.abuseipdb.url };
    }
    case 'stats':
      return sandbox?.stats();
    case 'close':
      await sandbox?.close();
      setImmediate(() => process.exit(0));
      return 'closed';
  }
}

if (process.send) {
  process.on('message', (request: SimRequest) => {
    void answer(request).then((value) => process.send?.({ ok: true, value }));
  });
}
