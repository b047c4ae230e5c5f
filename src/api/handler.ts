/**
 * The shape every resolver handler has: parse the payload with its contract schema → authorize
 * the caller from the trusted context → delegate to a use case → answer a typed result. Each
 * invocation gets its own retry policy whose budget starts now: authorising and the use case share
 * it, so together they answer inside Forge's 25 s.
 */
import type { z } from 'zod';
import { failure, fieldErrorsOf, success } from '../contract/result';
import type { ResolverSpec, Result } from '../contract/result';
import type { RetryPolicy } from '../clients/retry';
import { toResolverError } from './errors';
import type { ApiPorts, Caller, Handler } from './ports';
import { resolverPolicy } from './retry-policy';

export function defineHandler<Req extends z.ZodType, Access, Res>(
  name: string,
  request: Req,
  ports: Pick<ApiPorts, 'clock' | 'logger'>,
  authorize: (caller: Caller, policy: RetryPolicy, input: z.output<Req>) => Promise<Access>,
  run: (input: z.output<Req>, access: Access, policy: RetryPolicy) => Promise<Res>,
): Handler {
  return async (payload: unknown, caller: Caller): Promise<Result<Res>> => {
    const parsed = request.safeParse(payload ?? {});
    if (!parsed.success) {
      return failure('INVALID_INPUT', 'Some values are not valid. Check the marked fields.', {
        fieldErrors: fieldErrorsOf(parsed.error),
      });
    }
    const policy = resolverPolicy(ports.clock);
    try {
      const access = await authorize(caller, policy, parsed.data);
      return success(await run(parsed.data, access, policy));
    } catch (error) {
      return {
        ok: false,
        error: toResolverError(error, { resolver: name, clock: ports.clock, logger: ports.logger }),
      };
    }
  };
}

/** A contract: resolver name → its request and response schemas (src/contract). */
export type ResolverContract = Record<string, ResolverSpec<z.ZodType, z.ZodType>>;

/**
 * What each resolver of a contract runs once its request is parsed and its caller authorised.
 * The answer's type is the contract's response schema (`z.infer`): a use case mapped to the
 * wrong view, or a missing resolver, does not compile.
 */
export type ResolverRuns<C extends ResolverContract, Access> = {
  [Name in keyof C & string]: (
    input: z.output<C[Name]['request']>,
    access: Access,
    policy: RetryPolicy,
  ) => Promise<z.infer<C[Name]['response']>>;
};

/** Every resolver of a contract, each parsed with its request schema and authorised alike. */
export function defineResolvers<C extends ResolverContract, Access>(
  contract: C,
  ports: Pick<ApiPorts, 'clock' | 'logger'>,
  authorize: (
    caller: Caller,
    policy: RetryPolicy,
    input: z.output<C[keyof C & string]['request']>,
  ) => Promise<Access>,
  runs: ResolverRuns<C, Access>,
): Record<keyof C & string, Handler> {
  const handlers = {} as Record<keyof C & string, Handler>;
  for (const name of Object.keys(contract) as (keyof C & string)[]) {
    // Each run is typed against its own schemas above; here they are one loop over names.
    const entry = contract[name];
    if (entry === undefined) continue;
    const request = entry.request as z.ZodType<z.output<C[typeof name]['request']>>;
    handlers[name] = defineHandler(name, request, ports, authorize, runs[name]);
  }
  return handlers;
}
