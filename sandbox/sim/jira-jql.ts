/**
 * The JQL the app and its reports send, and no more: clauses joined by AND, with an optional
 * `ORDER BY created ASC|DESC`. Operators: `=`, `!=`, `in (…)`, `>=`, `>`, `<=`, `<`, `~` (text,
 * as a phrase of words), `is EMPTY`, `is not EMPTY`. Fields: `project`, `key`, `summary`,
 * `created`, `resolved`, `resolution` (`Unresolved` for none), `statusCategory`, the entity property aliases the
 * manifest declares (typed as declared: string, number or date; an array matches on any
 * element), and `issue.property[<key>].<path>`. Dates are "yyyy-MM-dd[ HH:mm]" or
 * "yyyy/MM/dd[ HH:mm]", read in UTC (the sandbox's users all have the UTC time zone).
 * Anything else is a 400 with Jira's wording.
 */
import type { IssueRecord, JiraSite } from './jira-site';

export interface JqlQuery {
  matches(issue: IssueRecord): boolean;
  order: 'ASC' | 'DESC';
}

export class JqlError extends Error {}

type FieldType = 'string' | 'number' | 'date' | 'text';

/** `jira:entityProperty` aliases, as the app's manifest declares them. */
const PROPERTY_ALIASES: Record<string, { property: string; path: string; type: FieldType }> = {
  mcasalertid: { property: 'mcas.alert', path: 'alertId', type: 'string' },
  mcastenant: { property: 'mcas.alert', path: 'tenantId', type: 'string' },
  mcasseverity: { property: 'mcas.alert', path: 'severity', type: 'string' },
  mcascategory: { property: 'mcas.alert', path: 'category', type: 'string' },
  mcasuser: { property: 'mcas.alert', path: 'users', type: 'string' },
  mcasip: { property: 'mcas.alert', path: 'ips', type: 'string' },
  mcasabusescore: { property: 'mcas.alert', path: 'maxAbuseScore', type: 'number' },
  mcasalerttime: { property: 'mcas.alert', path: 'alertTime', type: 'date' },
  mcasrepeats: { property: 'mcas.alert', path: 'repeats', type: 'number' },
  mcaswriteback: { property: 'mcas.alert', path: 'writeBack.state', type: 'string' },
};

type Token = { kind: 'string' | 'word' | 'symbol'; text: string };

const TOKEN =
  /\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(!=|>=|<=|=|>|<|~|\(|\)|,)|([A-Za-z0-9_.\-[\]]+))/y;

function tokenize(jql: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < jql.length) {
    if (/^\s*$/.test(jql.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(jql);
    if (!match) {
      const character = jql.slice(at).trim()[0] ?? '';
      throw new JqlError(
        `Error in the JQL Query: The character '${character}' is a reserved JQL character. You must enclose it in a string or use the escape '\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}' instead. (line 1, character ${at + 1})`,
      );
    }
    const [, double, single, symbol, word] = match;
    if (double !== undefined || single !== undefined)
      tokens.push({ kind: 'string', text: (double ?? single ?? '').replace(/\\(.)/g, '$1') });
    else if (symbol !== undefined) tokens.push({ kind: 'symbol', text: symbol });
    else tokens.push({ kind: 'word', text: word ?? '' });
  }
  return tokens;
}

function valueAt(value: unknown, path: string): unknown {
  let current = value;
  for (const part of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

interface FieldReader {
  type: FieldType;
  /** The values of the field on an issue: none when empty, several for an indexed array. */
  read(issue: IssueRecord): (string | number)[];
}

function scalars(found: unknown): (string | number)[] {
  const list = Array.isArray(found) ? (found as unknown[]) : [found];
  return list.flatMap((value) =>
    typeof value === 'string' || typeof value === 'number'
      ? [value]
      : typeof value === 'boolean'
        ? [String(value)]
        : [],
  );
}

function fieldReader(field: string): FieldReader {
  const lower = field.toLowerCase();
  if (lower === 'project') return { type: 'string', read: (issue) => [issue.projectKey] };
  if (lower === 'key' || lower === 'issuekey')
    return { type: 'string', read: (issue) => [issue.key] };
  if (lower === 'summary')
    return {
      type: 'text',
      read: (issue) => (typeof issue.fields.summary === 'string' ? [issue.fields.summary] : []),
    };
  if (lower === 'created' || lower === 'createddate')
    return { type: 'date', read: (issue) => [issue.created] };
  if (lower === 'resolved' || lower === 'resolutiondate')
    return { type: 'date', read: (issue) => (issue.resolution ? [issue.resolution.at] : []) };
  if (lower === 'resolution')
    return { type: 'string', read: (issue) => (issue.resolution ? [issue.resolution.name] : []) };
  // The sandbox's workflow has two status categories: "To Do" and, once resolved, "Done".
  if (lower === 'statuscategory')
    return { type: 'string', read: (issue) => [issue.resolution ? 'Done' : 'To Do'] };
  const alias = Object.hasOwn(PROPERTY_ALIASES, lower) ? PROPERTY_ALIASES[lower] : undefined;
  const explicit = /^issue\.property\[([^\]]+)\]\.(.+)$/.exec(field);
  const target =
    alias ??
    (explicit
      ? { property: explicit[1] ?? '', path: explicit[2] ?? '', type: 'string' as const }
      : undefined);
  if (!target)
    throw new JqlError(`Field '${field}' does not exist or you do not have permission to view it.`);
  return {
    type: target.type,
    read: (issue) => {
      const values = scalars(valueAt(issue.properties.get(target.property), target.path));
      if (target.type !== 'date') return values;
      return values.flatMap((value) => {
        const ms = typeof value === 'number' ? value : Date.parse(value);
        return Number.isFinite(ms) ? [ms] : [];
      });
    },
  };
}

/** A JQL date literal, in UTC. */
function parseDate(field: string, value: string): number {
  const match = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:\s+(\d{1,2}):(\d{2}))?$/.exec(value.trim());
  if (!match)
    throw new JqlError(
      `Date value '${value}' for field '${field}' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.`,
    );
  const [, y, mo, d, h, mi] = match;
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0));
}

/** Lower-case words: what Jira's text search compares, roughly. */
function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}.@]+/u)
    .filter(Boolean);
}

function containsPhrase(haystack: string, phrase: string): boolean {
  const wanted = words(phrase);
  const have = words(haystack);
  if (wanted.length === 0) return false;
  for (let i = 0; i + wanted.length <= have.length; i++) {
    if (wanted.every((word, j) => have[i + j] === word)) return true;
  }
  return false;
}

class Parser {
  private index = 0;
  constructor(private readonly tokens: Token[]) {}

  peek(): Token | undefined {
    return this.tokens[this.index];
  }

  next(expected: string): Token {
    const token = this.tokens[this.index++];
    if (!token)
      throw new JqlError(
        `Error in the JQL Query: Expecting ${expected} but got the end of the query.`,
      );
    return token;
  }

  isWord(text: string): boolean {
    const token = this.peek();
    return token?.kind === 'word' && token.text.toLowerCase() === text;
  }

  value(): string {
    const token = this.next('a value');
    if (token.kind === 'symbol')
      throw new JqlError(
        `Error in the JQL Query: Expecting either a value, list or function but got '${token.text}'.`,
      );
    return token.text;
  }
}

function compare(type: FieldType, field: string, raw: string): (actual: string | number) => number {
  if (type === 'date') {
    const wanted = parseDate(field, raw);
    return (actual) => Number(actual) - wanted;
  }
  if (type === 'number') {
    const wanted = Number(raw);
    if (!Number.isFinite(wanted))
      throw new JqlError(`The value '${raw}' is not a valid number for the field '${field}'.`);
    return (actual) => Number(actual) - wanted;
  }
  const wanted = raw.toLowerCase();
  return (actual) => {
    const value = String(actual).toLowerCase();
    return value === wanted ? 0 : value < wanted ? -1 : 1;
  };
}

const ORDERING: Record<string, (difference: number) => boolean> = {
  '>=': (d) => d >= 0,
  '>': (d) => d > 0,
  '<=': (d) => d <= 0,
  '<': (d) => d < 0,
};

function clause(site: JiraSite, parser: Parser, field: string): (issue: IssueRecord) => boolean {
  const reader = fieldReader(field);
  const operator = parser.next('an operator');
  const op = operator.text.toLowerCase();
  if (op === 'is') {
    const negated = parser.isWord('not');
    if (negated) parser.next("'not'");
    const empty = parser.next("'EMPTY'");
    if (!['empty', 'null'].includes(empty.text.toLowerCase()))
      throw new JqlError(`Error in the JQL Query: Expecting 'EMPTY' but got '${empty.text}'.`);
    return (issue) => (reader.read(issue).length === 0) !== negated;
  }
  if (op === '~') {
    if (reader.type !== 'text')
      throw new JqlError(`The operator '~' is not supported by the '${field}' field.`);
    const phrase = parser.value();
    return (issue) => reader.read(issue).some((text) => containsPhrase(String(text), phrase));
  }
  if (reader.type === 'text')
    throw new JqlError(`The operator '${operator.text}' is not supported by the '${field}' field.`);
  const ordering = ORDERING[op];
  if (ordering) {
    if (reader.type === 'string' && field.toLowerCase() !== 'resolution')
      throw new JqlError(
        `The operator '${operator.text}' is not supported by the '${field}' field.`,
      );
    const against = compare(reader.type, field, parser.value());
    return (issue) => reader.read(issue).some((actual) => ordering(against(actual)));
  }
  let values: string[];
  if (op === '=' || op === '!=') values = [parser.value()];
  else if (operator.kind === 'word' && op === 'in') {
    if (parser.next("'('").text !== '(')
      throw new JqlError("Error in the JQL Query: Expecting '(' after 'in'.");
    values = [parser.value()];
    while (parser.peek()?.text === ',') {
      parser.next("','");
      values.push(parser.value());
    }
    if (parser.next("')'").text !== ')')
      throw new JqlError("Error in the JQL Query: Expecting ')' to close the list.");
  } else {
    throw new JqlError(
      `Error in the JQL Query: The operator '${operator.text}' is not supported by the sandbox.`,
    );
  }
  if (field.toLowerCase() === 'project') {
    for (const value of values) {
      if (!site.project(value))
        throw new JqlError(`The value '${value}' does not exist for the field 'project'.`);
    }
    values = values.map((value) => site.project(value)?.key ?? value);
  }
  // `resolution = Unresolved` is Jira's word for "no resolution".
  const matchesEmpty =
    field.toLowerCase() === 'resolution' && values.some((v) => v.toLowerCase() === 'unresolved');
  const tests = values.map((value) => compare(reader.type, field, value));
  const equal = (issue: IssueRecord) => {
    const actual = reader.read(issue);
    if (actual.length === 0) return matchesEmpty;
    return actual.some((value) => tests.some((test) => test(value) === 0));
  };
  // Jira's `!=` never matches an issue where the field is empty.
  if (op === '!=') return (issue) => reader.read(issue).length > 0 && !equal(issue);
  return equal;
}

export function parseJql(site: JiraSite, jql: string): JqlQuery {
  const parser = new Parser(tokenize(jql));
  const clauses: ((issue: IssueRecord) => boolean)[] = [];
  let order: 'ASC' | 'DESC' = 'DESC';
  while (parser.peek() && !parser.isWord('order')) {
    if (clauses.length > 0) {
      const joiner = parser.next("'AND'");
      if (joiner.text.toLowerCase() !== 'and')
        throw new JqlError(
          `Error in the JQL Query: Expecting either 'OR' or 'AND' but got '${joiner.text}'.`,
        );
    }
    const field = parser.next('a field name');
    if (field.kind === 'symbol')
      throw new JqlError(`Error in the JQL Query: Expecting a field name but got '${field.text}'.`);
    clauses.push(clause(site, parser, field.text));
  }
  if (parser.isWord('order')) {
    parser.next("'order'");
    if (!parser.isWord('by'))
      throw new JqlError("Error in the JQL Query: Expecting 'by' after 'order'.");
    parser.next("'by'");
    const field = parser.next('a field name');
    if (field.text.toLowerCase() !== 'created')
      throw new JqlError(`Not able to sort using field '${field.text}'.`);
    const direction = parser.peek();
    if (direction) {
      parser.next('ASC or DESC');
      const upper = direction.text.toUpperCase();
      if (upper !== 'ASC' && upper !== 'DESC')
        throw new JqlError(
          `Error in the JQL Query: Expecting either 'ASC' or 'DESC' but got '${direction.text}'.`,
        );
      order = upper;
    }
    if (parser.peek())
      throw new JqlError(
        `Error in the JQL Query: Expecting the end of the query but got '${parser.peek()?.text ?? ''}'.`,
      );
  }
  if (clauses.length === 0)
    throw new JqlError(
      'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.',
    );
  return { matches: (issue) => clauses.every((clause) => clause(issue)), order };
}
