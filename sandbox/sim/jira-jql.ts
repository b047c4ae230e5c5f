/**
 * The JQL the app sends, and no more: clauses `field = value` and `field in (v1, v2)` joined by
 * AND, with an optional `ORDER BY created ASC|DESC`. Fields: `project`, `key`, the entity
 * property aliases the manifest declares (`mcasAlertId`, `mcasTenant`, `mcasSeverity`), and
 * `issue.property[<key>].<path>`. Anything else is a 400 with Jira's wording.
 */
import type { IssueRecord, JiraSite } from './jira-site';

export interface JqlQuery {
  matches(issue: IssueRecord): boolean;
  order: 'ASC' | 'DESC';
}

export class JqlError extends Error {}

/** `jira:entityProperty` aliases, as the app's manifest declares them. */
const PROPERTY_ALIASES: Record<string, { property: string; path: string }> = {
  mcasalertid: { property: 'mcas.alert', path: 'alertId' },
  mcastenant: { property: 'mcas.alert', path: 'tenantId' },
  mcasseverity: { property: 'mcas.alert', path: 'severity' },
};

type Token = { kind: 'string' | 'word' | 'symbol'; text: string };

const TOKEN =
  /\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(!=|=|\(|\)|,)|([A-Za-z0-9_.\-[\]]+))/y;

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

function fieldReader(site: JiraSite, field: string): (issue: IssueRecord) => string | undefined {
  const lower = field.toLowerCase();
  if (lower === 'project') return (issue) => issue.projectKey;
  if (lower === 'key' || lower === 'issuekey') return (issue) => issue.key;
  const alias = Object.hasOwn(PROPERTY_ALIASES, lower) ? PROPERTY_ALIASES[lower] : undefined;
  const explicit = /^issue\.property\[([^\]]+)\]\.(.+)$/.exec(field);
  const target =
    alias ?? (explicit ? { property: explicit[1] ?? '', path: explicit[2] ?? '' } : undefined);
  if (!target)
    throw new JqlError(`Field '${field}' does not exist or you do not have permission to view it.`);
  return (issue) => {
    const found = valueAt(issue.properties.get(target.property), target.path);
    return typeof found === 'string' || typeof found === 'number' || typeof found === 'boolean'
      ? String(found)
      : undefined;
  };
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
    const read = fieldReader(site, field.text);
    const operator = parser.next('an operator');
    let values: string[];
    if (operator.text === '=') values = [parser.value()];
    else if (operator.kind === 'word' && operator.text.toLowerCase() === 'in') {
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
    if (field.text.toLowerCase() === 'project') {
      for (const value of values) {
        if (!site.project(value))
          throw new JqlError(`The value '${value}' does not exist for the field 'project'.`);
      }
      values = values.map((value) => site.project(value)?.key ?? value);
    }
    const wanted = values.map((value) => value.toLowerCase());
    clauses.push((issue) => {
      const actual = read(issue);
      return actual !== undefined && wanted.includes(actual.toLowerCase());
    });
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
