/** Length limits Jira enforces, applied without splitting a character. */

/** Single-line text fields and the summary hold at most 255 characters (UTF-16 code units). */
export const SINGLE_LINE_MAX = 255;

/** `value` cut to `max` code units with "…" when it was longer; never splits a surrogate pair. */
export function truncate(value: string, max: number): string {
  if (value.length <= max) return value;
  let cut = value.slice(0, Math.max(0, max - 1));
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/** One line: Jira refuses line breaks in the summary and single-line fields. */
export function singleLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}
