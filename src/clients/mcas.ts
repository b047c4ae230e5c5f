/**
 * Microsoft Defender for Cloud Apps (MCAS) alerts API, with a legacy API token or an Entra app's
 * access token (src/clients/entra.ts). One call: a page of
 * alerts since a time, oldest first. Alerts come back raw: core normalises them one by one so a
 * single malformed alert never fails its page.
 */
import { z } from 'zod';
import type { Severity } from '../core/model';
import type { McasCloseEndpoint } from '../core/write-back';
import { MCAS_VALUE_BY_SEVERITY, SEVERITIES, SEVERITY_RANK } from '../core/model';
import {
  CredentialError,
  RequestRejectedError,
  UnexpectedResponseError,
  type ExternalApiError,
} from './errors';
import { describeSchemaMismatch, isSuccess, parseJson, parseJsonAs, withDetail } from './exchange';
import { throttledSenderFor, type ThrottledClientDeps } from './throttle';

/**
 * How a call authenticates: `Authorization: Token <API token>` (legacy) or `Authorization: Bearer
 * <access token>` for an Entra app's client-credentials token.
 */
export type McasAuth = { kind: 'token'; token: string } | { kind: 'bearer'; token: string };

export interface McasConnection {
  tenantId: string;
  tenantName: string;
  baseUrl: string;
  auth: McasAuth;
}

export interface McasAlertQuery {
  /** Unix ms; MCAS `date.gte`, so alerts at exactly this time come back again. */
  since: number;
  minSeverity: Severity;
  /** MCAS resolutionStatusValue list; empty means no status filter. */
  resolutionStatuses: number[];
  skip: number;
  /** Default 100, which is also MCAS's maximum. */
  limit?: number;
  /** Only these alert ids (MCAS `id` filter), e.g. to retry parked alerts by hand. */
  ids?: string[];
}

export interface McasAlertPage {
  /** Raw alerts; normalised one by one by core so one bad alert never fails a page. */
  alerts: unknown[];
  hasNext: boolean;
  total?: number;
}

export interface McasCloseRequest {
  endpoint: McasCloseEndpoint;
  ids: string[];
  comment: string;
  /** Only for the endpoints that take one (benign, false positive). */
  reasonId?: number;
}

export interface McasCloseResult {
  /** How many alerts MCAS closed (`closed_benign: n`, …). */
  closed: number;
  /** Ids MCAS does not know (`alertsNotFound`). */
  notFound: string[];
}

export interface McasClient {
  fetchAlertsPage(conn: McasConnection, query: McasAlertQuery): Promise<McasAlertPage>;
}

export interface McasAlertCloser {
  /**
   * `POST …/alerts/close_<kind>/` (EXTERNAL-APIS.md §1). Closing one id twice closes it once:
   * MCAS sets the same resolution again, so a call whose answer was lost can be resent.
   * A refusal names the permission the token lacks (CredentialError).
   */
  closeAlerts(conn: McasConnection, request: McasCloseRequest): Promise<McasCloseResult>;
}

/** MCAS documents 30 requests per minute per tenant. */
export const MCAS_REQUESTS_PER_MINUTE = 30;
export const MCAS_MAX_PAGE_SIZE = 100;

const KNOWN_API_SUFFIXES = [/\/api\/v1\/alerts$/i, /\/api\/v1$/i, /\/api$/i];

/**
 * The alerts list endpoint for whatever form of the API URL the admin pasted: the portal's
 * Settings → About shows `https://<tenant>.<region>.portal.cloudappsecurity.com/api/`, others copy
 * it with `v1` or `v1/alerts`. A path before `/api` is kept (proxies, the sandbox), the query and
 * fragment are dropped, and MCAS wants the trailing slash.
 */
export function mcasAlertsUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    throw new Error(
      'The MCAS API URL is not a valid URL. Copy it from Defender for Cloud Apps → Settings → ' +
        'About and save it in the tenant settings.',
    );
  }
  url.search = '';
  url.hash = '';
  // Credentials in a URL would travel to whoever runs that host; the token goes in a header.
  url.username = '';
  url.password = '';
  let path = url.pathname.replace(/\/+$/, '');
  const suffix = KNOWN_API_SUFFIXES.find((pattern) => pattern.test(path));
  if (suffix) path = path.replace(suffix, '');
  url.pathname = `${path}/api/v1/alerts/`;
  return url.toString();
}

/** The MCAS `severityValue`s at or above `minSeverity` (Informational, 3, ranks below Low, 0). */
export function mcasSeverityValues(minSeverity: Severity): number[] {
  return SEVERITIES.filter((severity) => SEVERITY_RANK[severity] >= SEVERITY_RANK[minSeverity])
    .map((severity) => MCAS_VALUE_BY_SEVERITY[severity])
    .sort((a, b) => a - b);
}

const AlertsEnvelope = z.object({
  data: z.array(z.unknown()),
  hasNext: z.boolean().optional(),
  total: z.number().int().nonnegative().optional(),
});

/** MCAS error bodies vary: `{ error, filters: [{ error }] }` for a bad filter, `detail` elsewhere. */
const McasErrorBody = z.object({
  error: z.union([z.string(), z.boolean()]).optional(),
  detail: z.string().optional(),
  message: z.string().optional(),
  filters: z.array(z.object({ error: z.string().optional() })).optional(),
});

const MAX_ERROR_TEXT = 300;

export function createMcasClient(deps: ThrottledClientDeps): McasClient & McasAlertCloser {
  const send = throttledSenderFor('mcas', deps, MCAS_REQUESTS_PER_MINUTE);

  /** The one low-level call: auth, throttle, retry and the answer's status and text. */
  async function exchange(conn: McasConnection, url: string, body: unknown, what: string) {
    const response = await send(conn.tenantId, what, url, {
      method: 'POST',
      headers: {
        Authorization: authorizationHeader(conn.auth, what),
        'Content-Type': 'application/json',
        Accept: 'application/json',
      },
      body: JSON.stringify(body),
    });
    return { status: response.status, text: await response.text() };
  }

  async function close(conn: McasConnection, request: McasCloseRequest): Promise<McasCloseResult> {
    const what = `MCAS tenant "${conn.tenantName}"`;
    const url = `${mcasAlertsUrl(conn.baseUrl)}${request.endpoint}/`;
    const { status, text } = await exchange(
      conn,
      url,
      {
        filters: { id: { eq: [...request.ids] } },
        comment: request.comment,
        ...(request.reasonId !== undefined && request.endpoint !== 'close_true_positive'
          ? { reasonId: request.reasonId }
          : {}),
      },
      what,
    );
    if (!isSuccess(status)) throw closeErrorFor(status, text, what, conn.auth.kind);
    const answer = parseJsonAs(text, CloseAnswer);
    const closed = answer?.[request.endpoint.replace('close_', 'closed_')];
    if (!answer || typeof closed !== 'number') {
      throw new UnexpectedResponseError(
        'mcas',
        `${what} answered the ${request.endpoint} call (HTTP ${status}) without a count of closed alerts.`,
        status,
      );
    }
    return { closed, notFound: answer.alertsNotFound ?? [] };
  }

  /** A page of alerts: the status mapping and envelope parsing of the alerts list. */
  async function request(conn: McasConnection, body: unknown): Promise<McasAlertPageEnvelope> {
    const what = `MCAS tenant "${conn.tenantName}"`;
    const url = mcasAlertsUrl(conn.baseUrl);
    const { status, text } = await exchange(conn, url, body, what);
    if (!isSuccess(status)) throw errorFor(status, text, what, url, conn.auth.kind);

    const json = parseJson(text);
    if (!json.ok) {
      throw new UnexpectedResponseError(
        'mcas',
        `${what} answered HTTP ${status} with something that is not JSON (a login page?): ` +
          `${url} does not look like an MCAS API URL. Copy the API URL from Defender for Cloud ` +
          'Apps → Settings → About and save it in the tenant settings.',
        status,
      );
    }
    const envelope = AlertsEnvelope.safeParse(json.value);
    if (!envelope.success) {
      throw new UnexpectedResponseError(
        'mcas',
        `${what} answered JSON without an alert list (mismatch at ` +
          `${describeSchemaMismatch(envelope.error)}): ${url} does not look like an MCAS API URL.`,
        status,
      );
    }
    return envelope.data;
  }

  return {
    closeAlerts: close,
    async fetchAlertsPage(conn, query) {
      const limit = Math.min(
        Math.max(Math.floor(query.limit ?? MCAS_MAX_PAGE_SIZE), 1),
        MCAS_MAX_PAGE_SIZE,
      );
      const skip = Math.max(0, Math.floor(query.skip));
      const body = {
        filters: {
          date: { gte: query.since },
          severity: { eq: mcasSeverityValues(query.minSeverity) },
          ...(query.resolutionStatuses.length > 0
            ? { resolutionStatus: { eq: [...query.resolutionStatuses] } }
            : {}),
          ...(query.ids !== undefined ? { id: { eq: [...query.ids] } } : {}),
        },
        sortField: 'date',
        sortDirection: 'asc',
        skip,
        limit,
      };
      const envelope = await request(conn, body);
      return {
        alerts: envelope.data,
        // hasNext is documented; if a proxy or an older API drops it, total still tells.
        hasNext:
          envelope.hasNext ??
          (envelope.total !== undefined
            ? skip + envelope.data.length < envelope.total
            : envelope.data.length === limit),
        ...(envelope.total !== undefined ? { total: envelope.total } : {}),
      };
    },
  };
}

type McasAlertPageEnvelope = z.infer<typeof AlertsEnvelope>;

/** `{ "closed_benign": 2, "alertsNotFound": [...] }` (payloads/mcas-close.responses.json). */
const CloseAnswer = z
  .object({ alertsNotFound: z.array(z.string()).optional() })
  .catchall(z.unknown());

/** Who may close MCAS alerts, in the words the settings page and the issue comment use. */
export const MCAS_CLOSE_PERMISSION = {
  bearer: 'the Microsoft Cloud App Security application permission Investigation.manage',
  token:
    'an API token of a user allowed to change alerts (Security Operator or a Cloud App Security admin role)',
} as const;

/** A refused closure names the permission the credential lacks (EXTERNAL-APIS.md §1). */
function closeErrorFor(
  status: number,
  text: string,
  what: string,
  authKind: McasAuth['kind'],
): ExternalApiError {
  if (status === 401 || status === 403) {
    return new CredentialError(
      'mcas',
      `${what} refused to close the alert (HTTP ${status}): closing needs ` +
        MCAS_CLOSE_PERMISSION[authKind] +
        (authKind === 'bearer' ? ', granted with admin consent.' : '.'),
      status,
    );
  }
  const detail = mcasErrorText(text);
  return new RequestRejectedError(
    'mcas',
    `${what} rejected the closure (HTTP ${status})${withDetail(detail)}.`,
    status,
  );
}

/**
 * `Authorization: Token <token>` or `Bearer <token>`. A token with characters a header cannot
 * carry would make fetch throw with the header value in its message, so it is refused here with a
 * message of our own.
 */
function authorizationHeader(auth: McasAuth, what: string): string {
  const trimmed = auth.token.trim();
  if (trimmed === '' || !/^[\x21-\x7e]+$/.test(trimmed)) {
    throw new CredentialError(
      'mcas',
      auth.kind === 'token'
        ? `The API token saved for ${what} is empty or contains characters a token cannot have. ` +
            'Paste the token again in the tenant settings.'
        : `Microsoft Entra ID issued an access token for ${what} that cannot be sent in a header.`,
    );
  }
  return auth.kind === 'token' ? `Token ${trimmed}` : `Bearer ${trimmed}`;
}

function errorFor(
  status: number,
  text: string,
  what: string,
  url: string,
  authKind: McasAuth['kind'],
): ExternalApiError {
  // An Entra token was just issued, so a refusal means the app may not read alerts: Microsoft
  // documents the Investigation.read application permission, granted with admin consent.
  if (authKind === 'bearer' && (status === 401 || status === 403)) {
    return new CredentialError(
      'mcas',
      `${what} refused the Entra app's access token (HTTP ${status}). In Entra → App ` +
        'registrations → the app → API permissions, add the Microsoft Cloud App Security ' +
        'application permission Investigation.read and grant admin consent.',
      status,
    );
  }
  // Both 401 and 403 occur for a bad or revoked token; integrations also match the body text.
  if (status === 401 || status === 403 || /invalid token/i.test(text)) {
    return new CredentialError(
      'mcas',
      `${what} refused the API token (HTTP ${status}). Generate a new token in Defender for Cloud ` +
        'Apps → Settings → Security extensions → API tokens and save it in the tenant settings.',
      status,
    );
  }
  if (status === 404) {
    return new RequestRejectedError(
      'mcas',
      `${what} has no alerts API at ${url} (HTTP 404). Copy the API URL from Defender for Cloud ` +
        'Apps → Settings → About and save it in the tenant settings.',
      status,
    );
  }
  const detail = mcasErrorText(text);
  return new RequestRejectedError(
    'mcas',
    `${what} rejected the alerts query (HTTP ${status})${withDetail(detail)}. ` +
      'Check the tenant filters (severity, resolution status) in the project settings.',
    status,
  );
}

function mcasErrorText(text: string): string | undefined {
  const body = parseJsonAs(text, McasErrorBody);
  if (!body) return undefined;
  const parts = [
    ...(body.filters ?? []).map((filter) => filter.error),
    typeof body.error === 'string' ? body.error : undefined,
    body.detail,
    body.message,
  ].filter((part): part is string => typeof part === 'string' && part.trim() !== '');
  if (parts.length === 0) return undefined;
  const joined = parts.join('; ');
  return joined.length > MAX_ERROR_TEXT ? `${joined.slice(0, MAX_ERROR_TEXT)}…` : joined;
}
