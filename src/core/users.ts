/** Affected users as MCAS names them: e-mail addresses or user principal names. */

const EMAIL =
  /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,63}(?![A-Za-z0-9-]|\.[A-Za-z0-9])/g;

/** The e-mail addresses in free text, lower-cased and de-duplicated, in the order found. */
export function extractEmails(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(EMAIL)) {
    const email = match[0].replace(/^\.+/, '').toLowerCase();
    if (!email.startsWith('@')) found.push(email);
  }
  return [...new Set(found)];
}

/** True when the whole value is one e-mail address. */
export function isEmailAddress(value: string): boolean {
  const found = extractEmails(value);
  return found.length === 1 && found[0] === value.trim().toLowerCase();
}

/** An MCAS user value worth keeping: MCAS writes "null" as a string when it has none. */
export function usableUserValue(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim().toLowerCase();
  if (trimmed === '' || trimmed === 'null' || trimmed === 'undefined') return undefined;
  return trimmed;
}
