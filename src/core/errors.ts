/**
 * The domain's errors: what a use case refuses, in words the user can act on. Each kind maps to
 * one resolver error code in exactly one place (`toResolverError`, src/api/errors.ts); use cases
 * throw these and never name a code. Messages must carry no secret: the UI shows them as they are.
 */
export type DomainErrorKind =
  | 'configuration'
  | 'notFound'
  | 'conflict'
  | 'validation'
  | 'forbidden'
  | 'credentials'
  | 'tryLater'
  | 'unavailable';

export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
  /** Field name → the field's error, shown next to the field (contract `fieldErrors`). */
  readonly fieldErrors: Record<string, string>;
  /** Unix ms after which asking again can succeed; only `TryLaterError` sets it. */
  readonly retryAt: number | undefined = undefined;

  constructor(message: string, fieldErrors: Record<string, string> = {}) {
    super(message);
    this.fieldErrors = fieldErrors;
  }
}

/** The project, a tenant or a secret is not set up for what was asked (NOT_CONFIGURED). */
export class ConfigurationError extends DomainError {
  readonly kind = 'configuration';
  override name = 'ConfigurationError';
}

/** What the request names does not exist in this project (NOT_FOUND). */
export class NotFoundError extends DomainError {
  readonly kind = 'notFound';
  override name = 'NotFoundError';
}

/** The request clashes with what is stored, e.g. an id already in use (CONFLICT). */
export class ConflictError extends DomainError {
  readonly kind = 'conflict';
  override name = 'ConflictError';
}

/** Input the domain rules refuse, usually with field errors (INVALID_INPUT). */
export class ValidationError extends DomainError {
  readonly kind = 'validation';
  override name = 'ValidationError';
}

/** The caller may not do this: not a project admin, cannot see or edit the issue (FORBIDDEN). */
export class NotPermittedError extends DomainError {
  readonly kind = 'forbidden';
  override name = 'NotPermittedError';
}

/** A service refused a stored key or token, said in words of who can replace it (CREDENTIALS). */
export class CredentialsRefusedError extends DomainError {
  readonly kind = 'credentials';
  override name = 'CredentialsRefusedError';
}

/** A quota or cooldown is spent until `retryAt` (RATE_LIMITED). */
export class TryLaterError extends DomainError {
  readonly kind = 'tryLater';
  override name = 'TryLaterError';
  override readonly retryAt: number;
  constructor(message: string, retryAt: number) {
    super(message);
    this.retryAt = retryAt;
  }
}

/** A service did not answer, said in words of what to do now (UNAVAILABLE). */
export class UnavailableNowError extends DomainError {
  readonly kind = 'unavailable';
  override name = 'UnavailableNowError';
}
