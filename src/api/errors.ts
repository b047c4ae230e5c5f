/**
 * Errors as the UI sees them, translated here once. Use cases and the api's authorisation throw
 * the domain's errors (src/core/errors.ts) for problems they recognise, each kind one code; the
 * clients' typed errors that reach here become codes with the clients' own (secret-free)
 * messages; anything unknown becomes INTERNAL with a generic message while the details go to the
 * log.
 *
 * Unknown errors are answered, not rethrown: a thrown resolver error reaches the browser as an
 * opaque invocation failure the UI cannot explain, and the `error` log line already records it
 * in the app's logs (`forge logs`), which is what rethrowing would have bought.
 */
import {
  CredentialError,
  ExternalApiError,
  RateLimitError,
  RequestRejectedError,
  UnavailableError,
  UnexpectedResponseError,
} from '../clients/errors';
import type { Service } from '../clients/errors';
import { UnsafeRouteValueError } from '../clients/jira-route';
import type { ResolverError, ResolverErrorCode } from '../contract/result';
import { StoredValueInvalidError } from '../ports';
import type { Clock, Logger } from '../ports';
import type { DomainErrorKind } from '../core/errors';
import { DomainError } from '../core/errors';

const SERVICE_NAMES: Record<Service, string> = {
  mcas: 'Defender for Cloud Apps',
  graph: 'Microsoft Graph',
  abuseipdb: 'AbuseIPDB',
  jira: 'Jira',
  entra: 'Microsoft Entra ID',
};
/** The one mapping of the domain's errors (core/errors.ts) to resolver error codes. */
const DOMAIN_ERROR_CODES: Record<DomainErrorKind, ResolverErrorCode> = {
  configuration: 'NOT_CONFIGURED',
  notFound: 'NOT_FOUND',
  conflict: 'CONFLICT',
  validation: 'INVALID_INPUT',
  forbidden: 'FORBIDDEN',
  credentials: 'CREDENTIALS',
  tryLater: 'RATE_LIMITED',
  unavailable: 'UNAVAILABLE',
};
export const INTERNAL_MESSAGE =
  "Something went wrong in the app. Try again; if it keeps happening, the app's logs have the details.";

export function toResolverError(
  error: unknown,
  context: { resolver: string; clock: Clock; logger: Logger },
): ResolverError {
  if (error instanceof DomainError) {
    const { fieldErrors, retryAt } = error;
    return {
      code: DOMAIN_ERROR_CODES[error.kind],
      message: error.message,
      ...(Object.keys(fieldErrors).length > 0 ? { fieldErrors } : {}),
      ...(retryAt !== undefined ? { retryAt } : {}),
    };
  }
  if (error instanceof UnsafeRouteValueError)
    return { code: 'INVALID_INPUT', message: error.message };
  if (error instanceof RateLimitError) {
    return {
      code: 'RATE_LIMITED',
      message: error.message,
      retryAt: context.clock.now() + error.retryAfterMs,
    };
  }
  if (error instanceof CredentialError) return { code: 'CREDENTIALS', message: error.message };
  if (error instanceof UnavailableError || error instanceof UnexpectedResponseError) {
    return { code: 'UNAVAILABLE', message: error.message };
  }
  if (error instanceof RequestRejectedError) {
    if (error.status === 404) return { code: 'NOT_FOUND', message: error.message };
    const fieldErrors = error.fieldErrors;
    return {
      code: 'INVALID_INPUT',
      message: error.message,
      ...(Object.keys(fieldErrors).length > 0 ? { fieldErrors } : {}),
    };
  }
  if (error instanceof ExternalApiError) {
    return {
      code: 'UNAVAILABLE',
      message: `${SERVICE_NAMES[error.service]} answered in a way the app did not expect.`,
    };
  }
  // Only the error's class and, for stored data, the key: an unknown error's message could
  // carry anything, including a value the app must not log.
  context.logger.error('resolver failed', {
    resolver: context.resolver,
    error: error instanceof Error ? error.name : typeof error,
    ...(error instanceof StoredValueInvalidError ? { key: error.key } : {}),
  });
  return { code: 'INTERNAL', message: INTERNAL_MESSAGE };
}
