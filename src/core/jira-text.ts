/**
 * Text the app writes to Jira, made acceptable to it. Alert titles, descriptions, user names and
 * AbuseIPDB report text come from outside and can carry control characters (NUL, BEL, ESC…) and
 * lone UTF-16 surrogates (a pair cut in half by some upstream truncation). Jira stores issues in
 * XML-safe text: it refuses a create or edit with "Illegal character" for C0 controls, and a lone
 * surrogate is not valid UTF-8, so JSON encoders on the way replace or reject it unpredictably.
 *
 * Every string the app sends to Jira passes here: C0 controls except tab, line feed and carriage
 * return, DEL, and the C1 controls (U+0080–U+009F) are removed; a lone surrogate becomes U+FFFD,
 * the replacement character, so the reader still sees that something stood there.
 */

/** C0 controls but tab (09), LF (0A) and CR (0D); DEL (7F); C1 controls (80–9F). */
// eslint-disable-next-line no-control-regex -- matching control characters is this regex's job.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
/** A high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `value` without control characters, its lone surrogates replaced by U+FFFD. */
export function jiraText(value: string): string {
  return value.replace(CONTROL_CHARACTERS, '').replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * A JSON value (a field value, a property, a whole payload) with `jiraText` applied to every
 * string in it, keys included. Plain objects and arrays are copied; other values pass as they are.
 */
export function jiraSafe<T>(value: T): T {
  return clean(value) as T;
}

function clean(value: unknown): unknown {
  if (typeof value === 'string') return jiraText(value);
  if (Array.isArray(value)) return value.map(clean);
  if (typeof value === 'object' && value !== null && isPlainObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [jiraText(key), clean(item)]),
    );
  }
  return value;
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}
