/**
 * The query options of Graph's `GET /security/alerts_v2` (`$filter`, `$top`, `$skip`, `$count`,
 * the ones Microsoft documents for this list), checked the way Graph checks them: anything it would
 * not understand is a 400 naming the problem, never silently ignored.
 *
 * `$filter` is a conjunction (`and`, optionally parenthesised) of the comparisons an alert source
 * needs: `serviceSource eq`, `severity eq`, `status eq|ne` with quoted enum members, and
 * `createdDateTime` / `lastUpdateDateTime` `ge|gt|le|lt` with an unquoted Edm.DateTimeOffset
 * literal. Datetimes compare in 100-ns ticks because Graph's createdDateTime carries up to seven
 * fractional digits (`2021-04-27T12:19:27.7211305Z`), finer than a JavaScript Date.
 */

/** Raw alerts_v2 alert JSON as Graph returns it; the simulator relies only on `id` and `createdDateTime`. */
export interface RawGraphAlert {
  id: string;
  createdDateTime: string;
  [field: string]: unknown;
}

export interface GraphAlertQuery {
  /** The `$filter` text as sent, for the next page's link. */
  filter: string | undefined;
  matches: (alert: RawGraphAlert) => boolean;
  top: number;
  skip: number;
  count: boolean;
}

export const GRAPH_DEFAULT_TOP = 100;
export const GRAPH_MAX_TOP = 2000;
export const GRAPH_QUERY_OPTIONS = ['$filter', '$top', '$skip', '$count'] as const;
export type GraphQueryOption = (typeof GRAPH_QUERY_OPTIONS)[number];

type Predicate = (alert: RawGraphAlert) => boolean;

/** Members of the Graph enums a filter may compare with (microsoft.graph.security namespace). */
const ENUMS = {
  serviceSource: [
    'unknown',
    'microsoftDefenderForEndpoint',
    'microsoftDefenderForIdentity',
    'microsoftDefenderForCloudApps',
    'microsoftDefenderForOffice365',
    'microsoft365Defender',
    'azureAdIdentityProtection',
    'microsoftAppGovernance',
    'dataLossPrevention',
    'unknownFutureValue',
    'microsoftDefenderForCloud',
    'microsoftSentinel',
    'microsoftInsiderRiskManagement',
  ],
  severity: ['unknown', 'informational', 'low', 'medium', 'high', 'unknownFutureValue'],
  status: ['unknown', 'new', 'inProgress', 'resolved', 'unknownFutureValue'],
} as const;

const DATE_TIME_OPERATORS = {
  ge: 'GreaterThanOrEqual',
  gt: 'GreaterThan',
  le: 'LessThanOrEqual',
  lt: 'LessThan',
} as const;

type PropertyRule =
  | { kind: 'enum'; members: readonly string[]; operators: readonly ('eq' | 'ne')[] }
  | { kind: 'dateTime' };

const FILTERABLE: Record<string, PropertyRule> = {
  serviceSource: { kind: 'enum', members: ENUMS.serviceSource, operators: ['eq'] },
  severity: { kind: 'enum', members: ENUMS.severity, operators: ['eq'] },
  status: { kind: 'enum', members: ENUMS.status, operators: ['eq', 'ne'] },
  createdDateTime: { kind: 'dateTime' },
  lastUpdateDateTime: { kind: 'dateTime' },
};

export class GraphQueryError extends Error {}

function fail(message: string): never {
  throw new GraphQueryError(message);
}

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?(Z|[+-]\d{2}:\d{2})$/;

/** 100-ns ticks since the Unix epoch of an Edm.DateTimeOffset text; undefined when it is not one. */
export function dateTimeTicks(text: string): bigint | undefined {
  const match = DATE_TIME.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((group) =>
    Number(match[group] ?? '0'),
  ) as [number, number, number, number, number, number];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const date = new Date(ms);
  const valid =
    year >= 1000 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second;
  if (!valid) return undefined;
  const zone = match[8] ?? 'Z';
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const hours = Number(zone.slice(1, 3));
    const minutes = Number(zone.slice(4, 6));
    if (hours > 14 || minutes > 59) return undefined;
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
  }
  const fraction = BigInt((match[7] ?? '').padEnd(7, '0'));
  return (BigInt(ms) - BigInt(offsetMinutes) * 60_000n) * 10_000n + fraction;
}

type Token =
  | { type: 'open'; at: number }
  | { type: 'close'; at: number }
  | { type: 'string'; value: string; at: number }
  | { type: 'word'; value: string; at: number };

function tokenize(filter: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < filter.length) {
    const char = filter[at] ?? '';
    if (/\s/.test(char)) {
      at += 1;
    } else if (char === '(' || char === ')') {
      tokens.push(char === '(' ? { type: 'open', at } : { type: 'close', at });
      at += 1;
    } else if (char === "'") {
      // OData escapes a quote inside a string literal by doubling it.
      let value = '';
      let end = at + 1;
      for (;;) {
        if (end >= filter.length)
          fail(`Invalid filter clause: unterminated string literal at position ${at}.`);
        if (filter[end] === "'") {
          if (filter[end + 1] !== "'") break;
          value += "'";
          end += 2;
        } else {
          value += filter[end] ?? '';
          end += 1;
        }
      }
      tokens.push({ type: 'string', value, at });
      at = end + 1;
    } else {
      const word = /^[^\s()']+/.exec(filter.slice(at))?.[0] ?? '';
      if (word === '') fail(`Invalid filter clause: syntax error at position ${at}.`);
      tokens.push({ type: 'word', value: word, at });
      at += word.length;
    }
  }
  return tokens;
}

class FilterParser {
  private index = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): Predicate[] {
    if (this.tokens.length === 0) fail('Invalid filter clause: the $filter expression is empty.');
    const predicates = this.conjunction();
    const rest = this.tokens[this.index];
    if (rest !== undefined) this.unexpected(rest);
    return predicates;
  }

  private conjunction(): Predicate[] {
    const predicates = this.term();
    for (;;) {
      const next = this.tokens[this.index];
      if (next?.type !== 'word' || next.value.toLowerCase() !== 'and') return predicates;
      this.index += 1;
      predicates.push(...this.term());
    }
  }

  private term(): Predicate[] {
    const token = this.tokens[this.index];
    if (token === undefined) fail('Invalid filter clause: the expression ends after an operator.');
    if (token.type === 'open') {
      this.index += 1;
      const inner = this.conjunction();
      const close = this.tokens[this.index];
      if (close?.type !== 'close') {
        if (close === undefined)
          fail("Invalid filter clause: ')' expected at the end of the expression.");
        this.unexpected(close);
      }
      this.index += 1;
      return inner;
    }
    return [this.comparison()];
  }

  private comparison(): Predicate {
    const property = this.tokens[this.index];
    if (property?.type !== 'word') return this.unexpected(property);
    if (this.tokens[this.index + 1]?.type === 'open')
      fail(`Invalid filter clause: the function '${property.value}' is not supported.`);
    if (property.value.toLowerCase() === 'not')
      fail("Invalid filter clause: the operator 'not' is not supported.");
    const rule = Object.hasOwn(FILTERABLE, property.value) ? FILTERABLE[property.value] : undefined;
    if (rule === undefined)
      fail(
        `Invalid filter clause: Could not find a filterable property named '${property.value}' on type 'microsoft.graph.security.alert'.`,
      );
    const operatorToken = this.tokens[this.index + 1];
    const literal = this.tokens[this.index + 2];
    if (
      operatorToken?.type !== 'word' ||
      literal === undefined ||
      literal.type === 'open' ||
      literal.type === 'close'
    )
      fail(
        `Invalid filter clause: '${property.value}' must be followed by an operator and a value.`,
      );
    this.index += 3;
    const operator = operatorToken.value.toLowerCase();
    const name = property.value;
    if (rule.kind === 'enum') {
      if (!(rule.operators as readonly string[]).includes(operator))
        fail(
          `Invalid filter clause: the operator '${operatorToken.value}' is not supported for '${name}'.`,
        );
      if (literal.type !== 'string')
        fail(
          `Invalid filter clause: '${name}' compares with a quoted string, not '${literal.value}'.`,
        );
      const wanted = literal.value;
      if (!rule.members.includes(wanted))
        fail(
          `Invalid filter clause: The string '${wanted}' is not a valid enumerated type constant.`,
        );
      return operator === 'eq'
        ? (alert) => alert[name] === wanted
        : (alert) => alert[name] !== wanted;
    }
    if (!Object.hasOwn(DATE_TIME_OPERATORS, operator))
      fail(
        `Invalid filter clause: the operator '${operatorToken.value}' is not supported for '${name}'.`,
      );
    const op = operator as keyof typeof DATE_TIME_OPERATORS;
    if (literal.type === 'string')
      fail(
        `Invalid filter clause: A binary operator with incompatible types was detected. Found operand types 'Edm.DateTimeOffset' and 'Edm.String' for operator kind '${DATE_TIME_OPERATORS[op]}'.`,
      );
    const bound = dateTimeTicks(literal.value);
    if (bound === undefined)
      fail(`Invalid filter clause: Unrecognized 'Edm.DateTimeOffset' literal '${literal.value}'.`);
    return (alert) => {
      const value = alert[name];
      const ticks = typeof value === 'string' ? dateTimeTicks(value) : undefined;
      if (ticks === undefined) return false;
      switch (op) {
        case 'ge':
          return ticks >= bound;
        case 'gt':
          return ticks > bound;
        case 'le':
          return ticks <= bound;
        case 'lt':
          return ticks < bound;
      }
    };
  }

  private unexpected(token: Token | undefined): never {
    if (token === undefined) fail('Invalid filter clause: the expression ends too early.');
    if (token.type === 'word' && token.value.toLowerCase() === 'or')
      fail("Invalid filter clause: the operator 'or' is not supported.");
    const text = token.type === 'open' ? '(' : token.type === 'close' ? ')' : token.value;
    fail(`Invalid filter clause: syntax error at position ${token.at} ('${text}').`);
  }
}

function integerOption(option: string, text: string, min: number, max?: number): number {
  const value = /^\d{1,15}$/.test(text) ? Number(text) : NaN;
  if (!(value >= min && (max === undefined || value <= max)))
    fail(
      `Invalid value '${text}' for ${option}: it must be an integer ${max === undefined ? `of at least ${min}` : `from ${min} to ${max}`}.`,
    );
  return value;
}

/** The accepted query, or the 400 message Graph would answer with. */
export function parseGraphQuery(
  params: URLSearchParams,
): { query: GraphAlertQuery } | { error: string } {
  try {
    for (const key of new Set(params.keys())) {
      if (!key.startsWith('$')) continue;
      if (!(GRAPH_QUERY_OPTIONS as readonly string[]).includes(key))
        fail(`Query option '${key}' is not supported on security/alerts_v2.`);
      if (params.getAll(key).length > 1)
        fail(
          `Query option '${key}' was specified more than once, but it must be specified at most once.`,
        );
    }
    const filter = params.get('$filter') ?? undefined;
    const predicates = filter === undefined ? [] : new FilterParser(tokenize(filter)).parse();
    const topText = params.get('$top');
    const skipText = params.get('$skip');
    const countText = params.get('$count');
    const top =
      topText === null ? GRAPH_DEFAULT_TOP : integerOption('$top', topText, 1, GRAPH_MAX_TOP);
    const skip = skipText === null ? 0 : integerOption('$skip', skipText, 0);
    if (countText !== null && countText !== 'true' && countText !== 'false')
      fail(`Invalid value '${countText}' for $count: it must be true or false.`);
    return {
      query: {
        filter,
        matches: (alert) => predicates.every((predicate) => predicate(alert)),
        top,
        skip,
        count: countText === 'true',
      },
    };
  } catch (error) {
    if (error instanceof GraphQueryError) return { error: error.message };
    throw error;
  }
}

/** Newest first by createdDateTime, ties by id descending: Graph lists the most recent alerts first. */
export function newestFirst(alerts: RawGraphAlert[]): RawGraphAlert[] {
  const ticks = new Map(alerts.map((alert) => [alert, dateTimeTicks(alert.createdDateTime) ?? 0n]));
  return [...alerts].sort((a, b) => {
    const ta = ticks.get(a) ?? 0n;
    const tb = ticks.get(b) ?? 0n;
    if (ta !== tb) return ta > tb ? -1 : 1;
    return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
  });
}
