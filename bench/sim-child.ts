/**
 * The simulators of one benchmark run, in a child process (`sim-process.ts`), so the parent's
 * RSS is the pipeline's own. Shared by `npm run bench` and `npm run bench:state`.
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { SeededSandbox } from '../sandbox/scenarios/seed';
import type { CallStats, ServiceName } from '../sandbox/sim';
import type { ScenarioSpec, SimRequest } from './sim-process';

export interface SimHandle {
  seeded: SeededSandbox;
  jiraUrl: string;
  abuseIpdbUrl: string;
  stats(): Promise<Record<ServiceName, CallStats>>;
}

type StartOptions = Extract<SimRequest, { type: 'start' }>['options'];

/** Starts the simulators seeded with the scenario, runs `run`, and always closes them. */
export async function withSandbox<T>(
  spec: ScenarioSpec,
  options: StartOptions,
  run: (sim: SimHandle) => Promise<T>,
): Promise<T> {
  // Compiled (npm run bench) the sibling is .js; run from source with tsx it is .ts.
  const compiled = __filename.endsWith('.js');
  const child = fork(join(__dirname, compiled ? 'sim-process.js' : 'sim-process.ts'), [], {
    execArgv: compiled ? [] : ['--import', 'tsx'],
  });
  const ask = (request: SimRequest) =>
    new Promise<unknown>((resolve, reject) => {
      child.once('message', (reply: { value: unknown }) => resolve(reply.value));
      child.once('error', reject);
      child.send(request);
    });
  try {
    const started = (await ask({ type: 'start', scenario: spec, options })) as Omit<
      SimHandle,
      'stats'
    >;
    return await run({
      ...started,
      stats: async () => (await ask({ type: 'stats' })) as Record<ServiceName, CallStats>,
    });
  } finally {
    await ask({ type: 'close' });
  }
}
