/**
 * The domain's errors: what a use case refuses, in words the user can act on. Each kind maps to
 * one resolver error code in exactly one place (`toResolverError`, src/api/errors.ts); use cases
 * throw these and never name a code. Messages must carry no secret: the UI shows them as they are.
 */
export type DomainErrorKind = 'configuration' | 'notFound' | 'conflict' | 'validation';

export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
  /** Field name → the field's error, shown next to the field (contract `fieldErrors`). */
  readonly fieldErrors: Record<string, string>;

  constructor(message: string, fieldErrors: Record<string, string> = {}) {
    super(message);
    this.fieldErrors = fieldErrors;
  }
}

/** The project, a tenant or a secret is not set up for what was asked (NOT_CONFIGURED). */
export class ConfigurationError extends DomainError {
  readonly kind = 'configuration';
  constructor(message: string) {
    super(message);
    this.name = 'ConfigurationError';
  }
}

/** What the request names does not exist in this project (NOT_FOUND). */
export class NotFoundError extends DomainError {
  readonly kind = 'notFound';
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}

/** The request clashes with what is stored, e.g. an id already in use (CONFLICT). */
export class ConflictError extends DomainError {
  readonly kind = 'conflict';
  constructor(message: string, fieldErrors: Record<string, string> = {}) {
    super(message, fieldErrors);
    this.name = 'ConflictError';
  }
}

/** Input the domain rules refuse, usually with field errors (INVALID_INPUT). */
export class ValidationError extends DomainError {
  readonly kind = 'validation';
  constructor(message: string, fieldErrors: Record<string, string> = {}) {
    super(message, fieldErrors);
    this.name = 'ValidationError';
  }
}
