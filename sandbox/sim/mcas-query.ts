/**
 * The MCAS alerts list body (`filters`, `sortField`, `sortDirection`, `skip`, `limit`), checked the
 * way the service checks it: an unknown filter or a bad value is a 400 in the shape of
 * payloads/mcas-error-invalid-filter.json, never silently ignored.
 */
import { isRecord } from './http-kit';

/** Raw MCAS alert JSON as the API returns it; the simulator relies only on `_id` and `timestamp`. */
export interface RawMcasAlert {
  _id: string;
  timestamp: number;
  [field: string]: unknown;
}

export interface AlertQuery {
  predicates: ((alert: RawMcasAlert) => boolean)[];
  sortField: 'date' | 'severity';
  sortDirection: 'asc' | 'desc';
  skip: number;
  limit: number;
}

export interface McasFilterError {
  filters: {
    error: string;
    errorMessageCode: string;
    errorMessageParams: { value: string };
  }[];
  error: true;
}

export const MCAS_PAGE_LIMIT = 100;
const DAY_MS = 24 * 60 * 60 * 1000;
const ALERT_ID = /^[0-9a-f]{24}$/;

class InvalidValue extends Error {
  constructor(readonly value: string) {
    super(`${value} is not valid`);
  }
}

function invalid(value: unknown): never {
  throw new InvalidValue(typeof value === 'string' ? value : JSON.stringify(value));
}

function integer(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) invalid(value);
  return value;
}

function oneOrMany<T>(value: unknown, check: (item: unknown) => T): T[] {
  const list = Array.isArray(value) ? (value as unknown[]) : [value];
  if (list.length === 0) invalid(value);
  return list.map(check);
}

function operators(name: string, value: unknown, allowed: string[]): Record<string, unknown> {
  if (!isRecord(value)) invalid(name);
  for (const operator of Object.keys(value)) {
    if (!allowed.includes(operator)) invalid(`${name}.${operator}`);
  }
  return value;
}

function numberField(alert: RawMcasAlert, field: string, fallback: number): number {
  const value = alert[field];
  return typeof value === 'number' ? value : fallback;
}

function dateFilter(value: unknown, now: number): ((alert: RawMcasAlert) => boolean)[] {
  const ops = operators('date', value, ['gte', 'lte', 'range', 'gte_ndays', 'lte_ndays']);
  const predicates: ((alert: RawMcasAlert) => boolean)[] = [];
  if (ops.gte !== undefined) {
    const gte = integer(ops.gte);
    predicates.push((alert) => alert.timestamp >= gte);
  }
  if (ops.lte !== undefined) {
    const lte = integer(ops.lte);
    predicates.push((alert) => alert.timestamp <= lte);
  }
  if (ops.gte_ndays !== undefined) {
    const since = now - integer(ops.gte_ndays) * DAY_MS;
    predicates.push((alert) => alert.timestamp >= since);
  }
  if (ops.lte_ndays !== undefined) {
    const until = now - integer(ops.lte_ndays) * DAY_MS;
    predicates.push((alert) => alert.timestamp <= until);
  }
  if (ops.range !== undefined) {
    const ranges = oneOrMany(ops.range, (range) => {
      if (!isRecord(range)) invalid(range);
      return { start: integer(range.start), end: integer(range.end) };
    });
    predicates.push((alert) =>
      ranges.some((range) => alert.timestamp >= range.start && alert.timestamp <= range.end),
    );
  }
  return predicates;
}

function valueInFilter(
  name: string,
  field: string,
  value: unknown,
  allowed: (item: number) => boolean,
  fallback: number,
): (alert: RawMcasAlert) => boolean {
  const ops = operators(name, value, ['eq', 'neq']);
  const check = (item: unknown) => {
    const number = integer(item);
    if (!allowed(number)) invalid(item);
    return number;
  };
  const eq = ops.eq === undefined ? undefined : oneOrMany(ops.eq, check);
  const neq = ops.neq === undefined ? undefined : oneOrMany(ops.neq, check);
  return (alert) => {
    const actual = numberField(alert, field, fallback);
    return (!eq || eq.includes(actual)) && (!neq || !neq.includes(actual));
  };
}

function entityFilter(type: string, value: unknown): (alert: RawMcasAlert) => boolean {
  const ops = operators(`entity.${type}`, value, ['eq']);
  const wanted = oneOrMany(ops.eq, (item) => {
    if (typeof item !== 'string' && typeof item !== 'number') invalid(item);
    return String(item);
  });
  const ruleType = type === 'policy' ? 'policyRule' : type;
  return (alert) => {
    const entities = Array.isArray(alert.entities) ? (alert.entities as unknown[]) : [];
    return entities.some(
      (entity) =>
        isRecord(entity) &&
        entity.type === ruleType &&
        (typeof entity.id === 'string' || typeof entity.id === 'number') &&
        wanted.includes(String(entity.id)),
    );
  };
}

function filterPredicates(filters: unknown, now: number): ((alert: RawMcasAlert) => boolean)[] {
  if (filters === undefined) return [];
  if (!isRecord(filters)) invalid('filters');
  const predicates: ((alert: RawMcasAlert) => boolean)[] = [];
  for (const [name, value] of Object.entries(filters)) {
    switch (name) {
      case 'date':
        predicates.push(...dateFilter(value, now));
        break;
      case 'severity':
        predicates.push(valueInFilter(name, 'severityValue', value, (n) => n >= 0 && n <= 3, 0));
        break;
      case 'resolutionStatus':
        predicates.push(
          valueInFilter(name, 'resolutionStatusValue', value, (n) => n >= 0 && n <= 5, 0),
        );
        break;
      case 'alertOpen': {
        const ops = operators(name, value, ['eq']);
        if (typeof ops.eq !== 'boolean') invalid(ops.eq);
        const open = ops.eq;
        predicates.push((alert) => (numberField(alert, 'resolutionStatusValue', 0) === 0) === open);
        break;
      }
      case 'id': {
        const ops = operators(name, value, ['eq']);
        const ids = oneOrMany(ops.eq, (item) => {
          if (typeof item !== 'string' || !ALERT_ID.test(item)) invalid(item);
          return item;
        });
        predicates.push((alert) => ids.includes(alert._id));
        break;
      }
      case 'entity.ip':
      case 'entity.policy':
      case 'entity.service':
        predicates.push(entityFilter(name.slice('entity.'.length), value));
        break;
      default:
        invalid(name);
    }
  }
  return predicates;
}

export function filterError(value: string): McasFilterError {
  return {
    filters: [
      {
        error: `${value} is not valid`,
        errorMessageCode: 'CONSOLE_FORMS_NOT_VALID_VALUE',
        errorMessageParams: { value },
      },
    ],
    error: true,
  };
}

export function parseAlertQuery(
  body: unknown,
  now: number,
): { query: AlertQuery } | { error: McasFilterError } {
  try {
    const input = body === undefined ? {} : body;
    if (!isRecord(input)) invalid('body');
    const sortField = input.sortField ?? 'date';
    if (sortField !== 'date' && sortField !== 'severity') invalid(sortField);
    const sortDirection = input.sortDirection ?? 'desc';
    if (sortDirection !== 'asc' && sortDirection !== 'desc') invalid(sortDirection);
    const skip = input.skip === undefined ? 0 : integer(input.skip);
    if (skip < 0) invalid(skip);
    const limit = input.limit === undefined ? MCAS_PAGE_LIMIT : integer(input.limit);
    if (limit < 1 || limit > MCAS_PAGE_LIMIT) invalid(limit);
    const predicates = filterPredicates(input.filters, now);
    return { query: { predicates, sortField, sortDirection, skip, limit } };
  } catch (error) {
    if (error instanceof InvalidValue) return { error: filterError(error.value) };
    throw error;
  }
}

/** Sorted by the asked field, ties broken by timestamp then `_id` so paging is stable. */
export function sortAlerts(alerts: RawMcasAlert[], query: AlertQuery): RawMcasAlert[] {
  const sign = query.sortDirection === 'asc' ? 1 : -1;
  const key = (alert: RawMcasAlert) =>
    query.sortField === 'date' ? alert.timestamp : numberField(alert, 'severityValue', 0);
  return [...alerts].sort(
    (a, b) =>
      sign * (key(a) - key(b)) ||
      sign * (a.timestamp - b.timestamp) ||
      (a._id < b._id ? -1 : a._id > b._id ? 1 : 0),
  );
}
