/**
 * The one mapping of the domain's errors to resolver codes (src/api/errors.ts): every kind a use
 * case or the api's authorisation can throw answers its own code, with its field errors and, for
 * a spent quota or cooldown, when to try again. A new kind without a code does not compile
 * (`Record<DomainErrorKind, …>`); this proves each code reaches the answer.
 */
import { toResolverError } from '../../src/api/errors';
import {
  ConfigurationError,
  ConflictError,
  CredentialsRefusedError,
  NotFoundError,
  NotPermittedError,
  TryLaterError,
  UnavailableNowError,
  ValidationError,
} from '../../src/core/errors';
import type { DomainError } from '../../src/core/errors';
import { silentLogger, systemClock } from '../../src/ports';

const context = { resolver: 'probe', clock: systemClock, logger: silentLogger };

describe('domain errors → resolver codes', () => {
  it.each<{ error: DomainError; code: string }>([
    { error: new ConfigurationError('Set it up.'), code: 'NOT_CONFIGURED' },
    { error: new NotFoundError('No such tenant.'), code: 'NOT_FOUND' },
    { error: new ConflictError('Taken.'), code: 'CONFLICT' },
    { error: new NotPermittedError('Not yours.'), code: 'FORBIDDEN' },
    { error: new CredentialsRefusedError('Key refused.'), code: 'CREDENTIALS' },
    { error: new UnavailableNowError('Try again in a few minutes.'), code: 'UNAVAILABLE' },
  ])('$error.name answers $code with its message and nothing else', ({ error, code }) => {
    expect(toResolverError(error, context)).toEqual({ code, message: error.message });
  });

  it('keeps the field errors of a refused input', () => {
    const error = new ValidationError('Type SEC to confirm.', { confirmProjectKey: 'must be SEC' });
    expect(toResolverError(error, context)).toEqual({
      code: 'INVALID_INPUT',
      message: 'Type SEC to confirm.',
      fieldErrors: { confirmProjectKey: 'must be SEC' },
    });
  });

  it('says when a spent quota or cooldown ends', () => {
    const error = new TryLaterError('Checked a moment ago.', 1_700_000_060_000);
    expect(toResolverError(error, context)).toEqual({
      code: 'RATE_LIMITED',
      message: 'Checked a moment ago.',
      retryAt: 1_700_000_060_000,
    });
  });
});
