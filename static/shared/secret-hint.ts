import type { SecretHintView } from '../../src/contract/common';

/** "set, ends in …a1b2", "set" or "not set": all a page ever learns about a stored secret. */
export function describeSecret(hint: SecretHintView): string {
  if (!hint.set) return 'not set';
  return hint.lastFour === undefined ? 'set' : `set, ends in …${hint.lastFour}`;
}
