/**
 * Microsoft Graph security `alerts_v2`, where Microsoft Defender lists the alerts of all its
 * products (Defender for Cloud Apps among them), the second alert source next to the MCAS API, read with an Entra app's token (application permission SecurityAlert.Read.All). Only
 * Defender for Cloud Apps alerts are asked for. Graph pages with `@odata.nextLink` and lists the
 * newest alerts first (there is no `$orderby` on this collection), so ordering is the caller's.
 * Alerts come back raw: core normalises them one by one so a single odd alert never fails a page.
 */
import { z } from 'zod';
import {
  CredentialError,
  RequestRejectedError,
  UnexpectedResponseError,
  type ExternalApiError,
} from './errors';
import { describeSchemaMismatch, isSuccess, parseJson, parseJsonAs, withDetail } from './exchange';
import { throttledSenderFor, type ThrottledClientDeps } from './throttle';
import type { GraphClassification, GraphDetermination } from '../core/write-back';

export interface GraphConnection {
  /** Our tenant id: the throttle key. */
  tenantId: string;
  tenantName: string;
  /** `https://graph.microsoft.com` (a path, query or fragment is dropped). */
  baseUrl: string;
  /** An Entra access token for `https://graph.microsoft.com/.default`. */
  accessToken: string;
}

/** `serviceSource` of the alerts Defender for Cloud Apps raised. */
export const GRAPH_MDA_SERVICE_SOURCE = 'microsoftDefenderForCloudApps';
/** Microsoft documents 150 requests per minute per app per tenant. */
export const GRAPH_REQUESTS_PER_MINUTE = 150;
/** Graph's own example pages by 100; a larger `$top` is not documented for alerts_v2. */
export const GRAPH_PAGE_SIZE = 100;

export interface GraphAlertQuery {
  /** Unix ms; `createdDateTime ge`, so alerts in that very millisecond come back again. */
  since: number;
  /** Unix ms, exclusive (`createdDateTime lt`). */
  before?: number;
  /** Only alerts that are not resolved (`status ne 'resolved'`). */
  unresolvedOnly?: boolean;
  /** Only resolved alerts (`status eq 'resolved'`), for the Defender → Jira check. */
  resolvedOnly?: boolean;
  /** Unix ms: only alerts changed since (`lastUpdateDateTime ge`), for the Defender → Jira check. */
  updatedSince?: number;
  /** Ask for `@odata.count`, the number of matching alerts. */
  count?: boolean;
  top?: number;
}

export interface GraphAlertPage {
  alerts: unknown[];
  /** The next page's URL, already checked to be on the connection's Graph host. */
  nextLink?: string;
  count?: number;
}

export interface GraphAlertsClient {
  /** The first page of a query, or the page a previous answer's `nextLink` names. */
  fetchAlertsPage(
    conn: GraphConnection,
    page: GraphAlertQuery | { nextLink: string },
  ): Promise<GraphAlertPage>;
}

/** What the app changes on an alert: `PATCH /security/alerts_v2/{id}` (SecurityAlert.ReadWrite.All). */
export interface GraphAlertUpdate {
  status: 'new' | 'inProgress' | 'resolved';
  classification?: GraphClassification;
  determination?: GraphDetermination;
}

export interface GraphAlertWriter {
  /** 404 → RequestRejectedError (status 404); 401/403 name SecurityAlert.ReadWrite.All. */
  updateAlert(conn: GraphConnection, alertId: string, update: GraphAlertUpdate): Promise<void>;
  /** `POST /security/alerts_v2/{id}/comments`. */
  addAlertComment(conn: GraphConnection, alertId: string, comment: string): Promise<void>;
}

/** The permission a Graph write needs, in the words of messages. */
export const GRAPH_WRITE_PERMISSION = 'SecurityAlert.ReadWrite.All';

/** Graph answers a PATCH with the alert, a comment with the alert's comments: only an object is checked. */
const WriteAnswer = z.object({}).catchall(z.unknown());

const AlertsEnvelope = z.object({
  value: z.array(z.unknown()),
  '@odata.nextLink': z.string().optional(),
  '@odata.count': z.number().int().nonnegative().optional(),
});

const GraphErrorBody = z.object({
  error: z.object({ code: z.string().optional(), message: z.string().optional() }),
});

const MAX_ERROR_TEXT = 300;

/** The alerts_v2 collection URL on the Graph host of `baseUrl`. */
export function graphAlertsUrl(baseUrl: string): URL {
  const url = new URL(baseUrl.trim());
  url.pathname = '/v1.0/security/alerts_v2';
  url.search = '';
  url.hash = '';
  url.username = '';
  url.password = '';
  return url;
}

/** Graph's datetime literal: ISO 8601 in UTC, unquoted in `$filter`. */
function literal(ms: number): string {
  return new Date(ms).toISOString();
}

export function graphAlertsFilter(query: GraphAlertQuery): string {
  const clauses = [
    `serviceSource eq '${GRAPH_MDA_SERVICE_SOURCE}'`,
    `createdDateTime ge ${literal(query.since)}`,
  ];
  if (query.before !== undefined) clauses.push(`createdDateTime lt ${literal(query.before)}`);
  if (query.unresolvedOnly) clauses.push(`status ne 'resolved'`);
  if (query.resolvedOnly) clauses.push(`status eq 'resolved'`);
  if (query.updatedSince !== undefined)
    clauses.push(`lastUpdateDateTime ge ${literal(query.updatedSince)}`);
  return clauses.join(' and ');
}

export function createGraphAlertsClient(
  deps: ThrottledClientDeps,
): GraphAlertsClient & GraphAlertWriter {
  const send = throttledSenderFor('graph', deps, GRAPH_REQUESTS_PER_MINUTE);

  async function request(conn: GraphConnection, url: URL): Promise<GraphAlertPage> {
    const what = `Microsoft Graph for tenant "${conn.tenantName}"`;
    const response = await send(conn.tenantId, what, url.toString(), {
      method: 'GET',
      headers: { Authorization: bearer(conn.accessToken, what), Accept: 'application/json' },
    });
    const text = await response.text();
    const { status } = response;
    if (!isSuccess(status)) throw errorFor(status, text, what);
    const json = parseJson(text);
    const envelope = json.ok ? AlertsEnvelope.safeParse(json.value) : undefined;
    if (!envelope?.success) {
      throw new UnexpectedResponseError(
        'graph',
        `${what} answered HTTP ${status} without an alert list` +
          (envelope ? ` (mismatch at ${describeSchemaMismatch(envelope.error)})` : '') +
          '. Check that the tenant uses https://graph.microsoft.com.',
        status,
      );
    }
    const next = envelope.data['@odata.nextLink'];
    const count = envelope.data['@odata.count'];
    return {
      alerts: envelope.data.value,
      ...(next !== undefined ? { nextLink: checkedNextLink(next, url, what) } : {}),
      ...(count !== undefined ? { count } : {}),
    };
  }

  async function write(
    conn: GraphConnection,
    alertId: string,
    method: 'PATCH' | 'POST',
    suffix: string,
    body: unknown,
  ): Promise<void> {
    const what = `Microsoft Graph for tenant "${conn.tenantName}"`;
    const url = graphAlertsUrl(conn.baseUrl);
    url.pathname = `${url.pathname}/${encodeURIComponent(alertId)}${suffix}`;
    const response = await send(conn.tenantId, what, url.toString(), {
      method,
      headers: {
        Authorization: bearer(conn.accessToken, what),
        'Content-Type': 'application/json',
        Accept: 'application/json',
      },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    const { status } = response;
    if (!isSuccess(status)) throw writeErrorFor(status, text, what);
    if (status !== 204 && !parseJsonAs(text, WriteAnswer)) {
      throw new UnexpectedResponseError(
        'graph',
        `${what} answered the alert update (HTTP ${status}) with something that is not JSON.`,
        status,
      );
    }
  }

  return {
    updateAlert: (conn, alertId, update) => write(conn, alertId, 'PATCH', '', update),
    addAlertComment: (conn, alertId, comment) =>
      write(conn, alertId, 'POST', '/comments', {
        '@odata.type': 'microsoft.graph.security.alertComment',
        comment,
      }),
    async fetchAlertsPage(conn, page) {
      if ('nextLink' in page) return request(conn, new URL(page.nextLink));
      const url = graphAlertsUrl(conn.baseUrl);
      const top = Math.min(Math.max(Math.floor(page.top ?? GRAPH_PAGE_SIZE), 1), GRAPH_PAGE_SIZE);
      url.searchParams.set('$filter', graphAlertsFilter(page));
      url.searchParams.set('$top', String(top));
      if (page.count) url.searchParams.set('$count', 'true');
      return request(conn, url);
    },
  };
}

/**
 * A nextLink is followed with the bearer token, so it must stay on the host the first page came
 * from: an answer must not be able to send the token anywhere else.
 */
function checkedNextLink(next: string, current: URL, what: string): string {
  let url: URL;
  try {
    url = new URL(next, current);
  } catch {
    url = new URL('about:blank');
  }
  if (url.origin !== current.origin || url.pathname !== current.pathname) {
    throw new UnexpectedResponseError(
      'graph',
      `${what} answered with a next page link outside ${current.origin}${current.pathname}; ` +
        'the remaining pages were not read.',
    );
  }
  return url.toString();
}

function bearer(token: string, what: string): string {
  const trimmed = token.trim();
  if (trimmed === '' || !/^[\x21-\x7e]+$/.test(trimmed)) {
    throw new CredentialError(
      'graph',
      `Microsoft Entra ID issued an access token for ${what} that cannot be sent in a header.`,
    );
  }
  return `Bearer ${trimmed}`;
}

function errorFor(status: number, text: string, what: string): ExternalApiError {
  const detail = graphErrorText(text);
  if (status === 401 || status === 403) {
    // The token was just issued, so a refusal means the app may not read security alerts.
    return new CredentialError(
      'graph',
      `${what} refused the Entra app's access token (HTTP ${status})${withDetail(detail)}. In ` +
        'Entra → App registrations → the app → API permissions, add the Microsoft Graph ' +
        'application permission SecurityAlert.Read.All and grant admin consent.',
      status,
    );
  }
  if (status === 404) {
    return new RequestRejectedError(
      'graph',
      `${what} has no security alerts_v2 API (HTTP 404). The tenant's Graph URL must be ` +
        'https://graph.microsoft.com.',
      status,
    );
  }
  return new RequestRejectedError(
    'graph',
    `${what} rejected the alerts query (HTTP ${status})${withDetail(detail)}.`,
    status,
  );
}

/** A refused write names SecurityAlert.ReadWrite.All; Read.All is enough to read only. */
function writeErrorFor(status: number, text: string, what: string): ExternalApiError {
  const detail = graphErrorText(text);
  if (status === 401 || status === 403) {
    return new CredentialError(
      'graph',
      `${what} refused to change the alert (HTTP ${status})${withDetail(detail)}. Closing alerts ` +
        `needs the Microsoft Graph application permission ${GRAPH_WRITE_PERMISSION} with admin consent.`,
      status,
    );
  }
  return new RequestRejectedError(
    'graph',
    status === 404
      ? `${what} has no such alert (HTTP 404).`
      : `${what} rejected the alert update (HTTP ${status})${withDetail(detail)}.`,
    status,
  );
}

function graphErrorText(text: string): string | undefined {
  const body = parseJsonAs(text, GraphErrorBody);
  const parts = [body?.error.code, body?.error.message].filter(
    (part): part is string => typeof part === 'string' && part.trim() !== '',
  );
  if (parts.length === 0) return undefined;
  const joined = parts.join(': ');
  return joined.length > MAX_ERROR_TEXT ? `${joined.slice(0, MAX_ERROR_TEXT)}…` : joined;
}
