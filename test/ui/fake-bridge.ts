/**
 * A stand-in for the resolvers in component tests: `window.__LOCAL_BRIDGE__` answers from a table
 * of canned results, and records every call so tests can assert what was (not) sent.
 */
import type { Result } from '../../src/contract/result';

export type Answer = (payload: Record<string, unknown>) => Result<unknown>;

export interface FakeBridge {
  calls: Array<{ name: string; payload: Record<string, unknown> }>;
  callsTo(name: string): Array<Record<string, unknown>>;
}

export function installFakeBridge(answers: Record<string, Answer>): FakeBridge {
  const calls: FakeBridge['calls'] = [];
  window.__LOCAL_BRIDGE__ = (name, payload) => {
    calls.push({ name, payload });
    const answer = answers[name];
    if (answer === undefined) {
      return Promise.resolve({
        ok: false,
        error: { code: 'INTERNAL', message: `no fake for ${name}` },
      });
    }
    return Promise.resolve(answer(payload));
  };
  return {
    calls,
    callsTo: (name) => calls.filter((call) => call.name === name).map((call) => call.payload),
  };
}

export function ok(data: unknown): Answer {
  return () => ({ ok: true, data });
}
