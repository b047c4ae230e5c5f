/**
 * The one typed way a UI calls its resolvers. Requests are checked against the contract before
 * they leave the page (so forms get the same field messages the resolver would give), and every
 * answer is parsed with the contract's schema before the UI trusts it.
 */
import type { z } from 'zod';
import type { ResolverError, ResolverSpec } from '../../src/contract/result';
import { fieldErrorsOf, resultSchema } from '../../src/contract/result';
import type { Invoker } from './bridge';
import { resolveInvoker } from './bridge';

// The specs are only ever read through their `request`/`response` schemas.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnySpec = ResolverSpec<z.ZodType<any, any>, z.ZodType>;
export type Specs = Record<string, AnySpec>;

export type RequestOf<S extends Specs, N extends keyof S> = z.input<S[N]['request']>;
export type ResponseOf<S extends Specs, N extends keyof S> = z.output<S[N]['response']>;

/** A resolver's `{ ok: false }` answer, or a failure to reach it, as something a UI can throw. */
export class ResolverCallError extends Error {
  constructor(readonly error: ResolverError) {
    super(error.message);
    this.name = 'ResolverCallError';
  }

  get fieldErrors(): Record<string, string> {
    return this.error.fieldErrors ?? {};
  }
}

export interface Client<S extends Specs> {
  call<N extends keyof S & string>(name: N, payload: RequestOf<S, N>): Promise<ResponseOf<S, N>>;
}

export function createClient<S extends Specs>(
  specs: S,
  invoker: Invoker = resolveInvoker(),
): Client<S> {
  return {
    async call(name, payload) {
      const spec = specs[name];
      if (spec === undefined) throw new Error(`Unknown resolver "${name}"`);
      const request = spec.request.safeParse(payload);
      if (!request.success) {
        throw new ResolverCallError({
          code: 'INVALID_INPUT',
          message: 'Some values need correcting.',
          fieldErrors: fieldErrorsOf(request.error),
        });
      }
      let raw: unknown;
      try {
        raw = await invoker(name, request.data as Record<string, unknown>);
      } catch {
        throw new ResolverCallError({
          code: 'UNAVAILABLE',
          message: 'The app could not be reached. Check your connection and try again.',
        });
      }
      const answer = resultSchema(spec.response).safeParse(raw);
      if (!answer.success) {
        throw new ResolverCallError({
          code: 'INTERNAL',
          message: 'The app answered in a form this page does not understand. Reload the page.',
        });
      }
      if (!answer.data.ok) throw new ResolverCallError(answer.data.error);
      return answer.data.data as ResponseOf<S, typeof name>;
    },
  };
}

/** The message to show for anything a call threw. */
export function messageOf(error: unknown): string {
  if (error instanceof ResolverCallError) return error.message;
  return 'Something went wrong. Reload the page and try again.';
}
