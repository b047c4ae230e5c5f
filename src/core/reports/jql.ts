/**
 * The JQL behind every number of a report, written with the app's entity-property aliases
 * (manifest `jira:entityProperty`: mcasSeverity, mcasTenant, mcasCategory, mcasUser, mcasIp,
 * mcasAbuseScore, mcasAlertTime), so that a click opens Jira's own issue search on exactly the
 * issues counted. Every value is quoted: JQL reserves characters such as `-`, `@` and `:` that
 * tenant ids, e-mail addresses and IPv6 addresses contain.
 */

/** A JQL string literal: double quotes, with `"` and `\` escaped as JQL requires. */
export function jqlString(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * JQL's date-time literal "yyyy-MM-dd HH:mm". Bucket edges fall on whole minutes, so nothing is
 * lost by dropping seconds.
 */
export function jqlTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `"${iso.slice(0, 10)} ${iso.slice(11, 16)}"`;
}

export function and(...clauses: string[]): string {
  return clauses.filter((clause) => clause !== '').join(' AND ');
}

export function projectClause(projectKey: string): string {
  return `project = ${jqlString(projectKey)}`;
}

export function createdBetween(start: number, end: number): string {
  return `created >= ${jqlTime(start)} AND created < ${jqlTime(end)}`;
}

export function resolvedBetween(start: number, end: number): string {
  return `resolved >= ${jqlTime(start)} AND resolved < ${jqlTime(end)}`;
}

export const UNRESOLVED = 'Unresolved';

/** `resolution = Unresolved` is Jira's own word for an issue without a resolution. */
export function resolutionClause(resolution: string): string {
  return resolution === UNRESOLVED
    ? 'resolution = Unresolved'
    : `resolution = ${jqlString(resolution)}`;
}

/** `field = "value"`, or `field is EMPTY` for the value that stands for "not set". */
export function equalsOrEmpty(field: string, value: string | undefined): string {
  return value === undefined ? `${field} is EMPTY` : `${field} = ${jqlString(value)}`;
}

/** A summary search for a whole title: JQL `~` with the title as one quoted phrase. */
export function titleClause(title: string): string {
  return `summary ~ ${jqlString(`"${title.replace(/[\\"]/g, ' ')}"`)}`;
}

export const ORDER_NEWEST = ' ORDER BY created DESC';
