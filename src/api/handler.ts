/**
 * The shape every resolver handler has: parse the payload with its contract schema → authorize
 * the caller from the trusted context → delegate to a use case → answer a typed result. Each
 * invocation gets its own retry policy whose budget starts now: authorising and the use case share
 * it, so together they answer inside Forge's 25 s.
 */
import type { z } from 'zod';
import { failure, fieldErrorsOf, success } from '../contract/result';
import type { Result } from '../contract/result';
import type { RetryPolicy } from '../clients/retry';
import { toResolverError } from './errors';
import type { ApiPorts, Caller, Handler } from './ports';
import { resolverPolicy } from './retry-policy';

export function defineHandler<Req extends z.ZodType, Access, Res>(
  name: string,
  request: Req,
  ports: Pick<ApiPorts, 'clock' | 'logger'>,
  authorize: (caller: Caller, policy: RetryPolicy) => Promise<Access>,
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
      const access = await authorize(caller, policy);
      return success(await run(parsed.data, access, policy));
    } catch (error) {
      return {
        ok: false,
        error: toResolverError(error, { resolver: name, clock: ports.clock, logger: ports.logger }),
      };
    }
  };
}
