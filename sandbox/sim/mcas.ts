/**
 * Microsoft Defender for Cloud Apps, alerts API. One server, one path prefix per tenant
 * (`/t/<tenantId>/api/v1/…`), so each tenant has its own API base URL and its own token, as real
 * tenants have their own host. A tenant linked to an Entra app also accepts
 * `Authorization: Bearer <token>` for tokens the Entra simulator issued to that app.
 */
import type { SimRequest, SimResponse } from './http-kit';
import { SimServer, isRecord, parseJsonBody } from './http-kit';
import type { RawMcasAlert } from './mcas-query';
import { filterError, parseAlertQuery, sortAlerts } from './mcas-query';

export type { RawMcasAlert } from './mcas-query';

/** The Entra app whose bearer tokens a tenant accepts. */
export interface McasEntraApp {
  /** Directory (tenant) ID the app is registered in. */
  tenantId: string;
  clientId: string;
}

interface TenantState {
  id: string;
  token: string | undefined;
  entraApp: McasEntraApp | undefined;
  revoked: boolean;
  alerts: Map<string, RawMcasAlert>;
  /** Times of the requests inside the sliding throttle minute. */
  recentRequests: number[];
  requestsSeen: unknown[];
  pagingFault: PagingFault | undefined;
  /** Its credentials may read alerts but not change them: every close answers 403. */
  readOnly: boolean;
  /** The next N close calls are carried out, then their answers are lost. */
  loseCloseAnswers: number;
  closures: McasClosure[];
}

/** One alert closed through a `close_<kind>` endpoint, as the simulator carried it out. */
export interface McasClosure {
  alertId: string;
  endpoint: keyof typeof CLOSE_KINDS;
  comment: string | undefined;
  reasonId: number | undefined;
  at: number;
}

/**
 * The reasons each close endpoint takes (EXTERNAL-APIS.md §1); `close_true_positive` takes none.
 */
const CLOSE_REASONS: Record<keyof typeof CLOSE_KINDS, readonly number[]> = {
  close_benign: [2, 4, 5, 6],
  close_false_positive: [0, 1, 3, 4],
  close_true_positive: [],
};

/** A list that pages correctly `afterPages` times, then answers its last page again forever. */
interface PagingFault {
  afterPages: number;
  served: number;
  lastPage: RawMcasAlert[];
}

export interface McasSimOptions {
  /** Per tenant, in a sliding minute; 0 = unlimited. Microsoft documents 30. */
  requestsPerMinute: number;
  now: () => number;
  /** Who a bearer token belongs to while it is valid (the Entra simulator's `verify`). */
  verifyBearer?: (accessToken: string) => McasEntraApp | undefined;
}

const MINUTE_MS = 60_000;

/** `close_<kind>` endpoints and the resolution each one sets (MCAS resolutionStatusValue). */
const CLOSE_KINDS = {
  close_false_positive: 3,
  close_benign: 4,
  close_true_positive: 5,
} as const;

function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export class McasSim {
  private readonly tenants = new Map<string, TenantState>();

  readonly server: SimServer;

  private constructor(private readonly options: McasSimOptions) {
    const handle = (request: SimRequest) => this.handle(request);
    this.server = new SimServer({
      routes: [
        { method: 'POST', pattern: '/t/:tenant/api/v1/alerts/', handle },
        ...Object.keys(CLOSE_KINDS).map((kind) => ({
          method: 'POST',
          pattern: `/t/:tenant/api/v1/alerts/${kind}/`,
          handle,
        })),
      ],
      rateLimited: (seconds) => McasSim.throttled(seconds),
      notFound: () => ({ status: 404, json: { error: 'Not found' } }),
    });
  }

  static async start(options: McasSimOptions): Promise<McasSim> {
    const sim = new McasSim(options);
    await sim.server.listen();
    return sim;
  }

  get url(): string {
    return this.server.origin;
  }

  /**
   * Registers a tenant and returns its API base URL (`<base>/api/v1/alerts/` is the list). It
   * accepts its API token, the bearer tokens of its Entra app, or both.
   */
  addTenant(tenant: {
    id: string;
    token?: string;
    entraApp?: McasEntraApp;
    readOnly?: boolean;
  }): string {
    if (!/^[A-Za-z0-9._-]+$/.test(tenant.id)) throw new Error(`Bad tenant id ${tenant.id}`);
    if (tenant.token === undefined && tenant.entraApp === undefined)
      throw new Error(`MCAS tenant ${tenant.id} needs a token or an Entra app`);
    this.tenants.set(tenant.id, {
      id: tenant.id,
      token: tenant.token,
      entraApp: tenant.entraApp ? { ...tenant.entraApp } : undefined,
      revoked: false,
      alerts: new Map(),
      recentRequests: [],
      requestsSeen: [],
      pagingFault: undefined,
      readOnly: tenant.readOnly ?? false,
      loseCloseAnswers: 0,
      closures: [],
    });
    return this.tenantUrl(tenant.id);
  }

  tenantUrl(tenantId: string): string {
    return `${this.url}/t/${tenantId}`;
  }

  /** From now on the tenant also accepts the bearer tokens of this Entra app. */
  acceptEntraApp(tenantId: string, app: McasEntraApp): void {
    this.tenant(tenantId).entraApp = { ...app };
  }

  /**
   * The next requests with this tenant's API token answer 403, as for a token its owner revoked.
   * Its Entra app's bearer tokens still work.
   */
  revokeToken(tenantId: string): void {
    this.tenant(tenantId).revoked = true;
  }

  /**
   * Fault: the tenant's alert list answers `afterPages` list requests correctly, then answers
   * every later one with the same page again and `hasNext: true`, whatever it is asked. `undefined`
   * mends it.
   */
  breakPaging(tenantId: string, fault: { afterPages: number } | undefined): void {
    this.tenant(tenantId).pagingFault =
      fault === undefined ? undefined : { afterPages: fault.afterPages, served: 0, lastPage: [] };
  }

  /**
   * Whether the tenant's credentials may change alerts. Read-only ones (a token of a user who may
   * only read, an Entra app without Investigation.manage) get 403 from every close endpoint.
   */
  setReadOnly(tenantId: string, readOnly: boolean): void {
    this.tenant(tenantId).readOnly = readOnly;
  }

  /** Fault: the next `count` close calls close their alerts, then lose their answers. */
  loseCloseAnswers(tenantId: string, count: number): void {
    this.tenant(tenantId).loseCloseAnswers = count;
  }

  /** Every alert the close endpoints closed, oldest first (a repeated closure appears again). */
  closures(tenantId: string): McasClosure[] {
    return this.tenant(tenantId).closures.map((closure) => ({ ...closure }));
  }

  /**
   * Someone closes or dismisses an alert in the portal (MCAS resolutionStatusValue 1–5), as the
   * Defender → Jira check must notice.
   */
  resolveInPortal(tenantId: string, alertId: string, resolutionStatusValue: number): void {
    const alert = this.tenant(tenantId).alerts.get(alertId);
    if (!alert) throw new Error(`Unknown MCAS alert ${alertId}`);
    alert.resolutionStatusValue = resolutionStatusValue;
  }

  /** Adds (or replaces, by `_id`) raw alerts exactly as the API returns them. */
  addAlerts(tenantId: string, rawAlerts: object[]): void {
    const tenant = this.tenant(tenantId);
    for (const raw of rawAlerts) {
      const alert = copy(raw) as RawMcasAlert;
      if (typeof alert._id !== 'string' || typeof alert.timestamp !== 'number')
        throw new Error('An MCAS alert needs a string _id and a numeric timestamp');
      tenant.alerts.set(alert._id, alert);
    }
  }

  alerts(tenantId: string): RawMcasAlert[] {
    return [...this.tenant(tenantId).alerts.values()].map(copy);
  }

  /** Parsed bodies of the requests the tenant's endpoints accepted, oldest first. */
  requestsSeen(tenantId: string): unknown[] {
    return this.tenant(tenantId).requestsSeen.map(copy);
  }

  private tenant(tenantId: string): TenantState {
    const tenant = this.tenants.get(tenantId);
    if (!tenant) throw new Error(`Unknown MCAS tenant ${tenantId}`);
    return tenant;
  }

  /** Which credential the request carries, if the tenant accepts it. */
  private authorisedBy(tenant: TenantState, authorization: string): 'token' | 'bearer' | undefined {
    if (tenant.token !== undefined && authorization === `Token ${tenant.token}`) return 'token';
    const bearer = /^Bearer (\S+)$/.exec(authorization)?.[1];
    if (bearer === undefined || tenant.entraApp === undefined) return undefined;
    const owner = this.options.verifyBearer?.(bearer);
    return owner !== undefined &&
      owner.tenantId === tenant.entraApp.tenantId &&
      owner.clientId === tenant.entraApp.clientId
      ? 'bearer'
      : undefined;
  }

  private static throttled(retryAfterSeconds: number): SimResponse {
    // Microsoft does not document the throttled answer; its PowerShell module sees this one.
    return {
      status: 429,
      text: 'TOO MANY REQUESTS',
      headers: { 'Retry-After': String(retryAfterSeconds) },
    };
  }

  private handle(request: SimRequest): SimResponse {
    const tenant = this.tenants.get(request.params.tenant ?? '');
    if (!tenant) return { status: 404, json: { error: 'Not found' } };
    const via = this.authorisedBy(tenant, request.headers.authorization ?? '');
    if (via === undefined) return { status: 401, json: { error: 'Invalid token' } };
    if (via === 'token' && tenant.revoked)
      return { status: 403, json: { error: 'Invalid token: revoked' } };

    const now = this.options.now();
    const limit = this.options.requestsPerMinute;
    tenant.recentRequests = tenant.recentRequests.filter((at) => at > now - MINUTE_MS);
    if (limit > 0 && tenant.recentRequests.length >= limit) {
      const oldest = tenant.recentRequests[0] ?? now;
      return McasSim.throttled(Math.max(1, Math.ceil((oldest + MINUTE_MS - now) / 1000)));
    }
    tenant.recentRequests.push(now);

    const body = parseJsonBody(request.body);
    tenant.requestsSeen.push(body ?? {});
    const kind = request.path.split('/').at(-2) ?? '';
    if (kind in CLOSE_KINDS) {
      // MCAS does not document its refusal text; a read-only credential is refused like this.
      if (tenant.readOnly)
        return {
          status: 403,
          json: { detail: 'You do not have permission to perform this action.' },
        };
      const answer = this.close(tenant, kind as keyof typeof CLOSE_KINDS, body, now);
      if (answer.status === 200 && tenant.loseCloseAnswers > 0) {
        tenant.loseCloseAnswers -= 1;
        return { ...answer, loseAnswer: true };
      }
      return answer;
    }
    return this.list(tenant, body, now);
  }

  private list(tenant: TenantState, body: unknown, now: number): SimResponse {
    const parsed = parseAlertQuery(body, now);
    if ('error' in parsed) return { status: 400, json: parsed.error };
    const { query } = parsed;
    const matching = sortAlerts(
      [...tenant.alerts.values()].filter((alert) => query.predicates.every((p) => p(alert))),
      query,
    );
    let data = matching.slice(query.skip, query.skip + query.limit);
    let hasNext = query.skip + data.length < matching.length;
    const fault = tenant.pagingFault;
    if (fault !== undefined) {
      fault.served += 1;
      if (fault.served > fault.afterPages) {
        data = fault.lastPage.map(copy);
        hasNext = true;
      } else fault.lastPage = data.map(copy);
    }
    return {
      status: 200,
      json: {
        data,
        hasNext,
        max: matching.length,
        total: matching.length,
        moreThanTotal: false,
      },
    };
  }

  private close(
    tenant: TenantState,
    kind: keyof typeof CLOSE_KINDS,
    body: unknown,
    now: number,
  ): SimResponse {
    const ids =
      isRecord(body) && isRecord(body.filters) && isRecord(body.filters.id)
        ? body.filters.id.eq
        : undefined;
    if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string'))
      return { status: 400, json: filterError('filters.id') };
    const reasonId = isRecord(body) ? body.reasonId : undefined;
    if (
      reasonId !== undefined &&
      (typeof reasonId !== 'number' || !CLOSE_REASONS[kind].includes(reasonId))
    )
      return { status: 400, json: { error: `Invalid reasonId for ${kind}` } };
    const comment = isRecord(body) && typeof body.comment === 'string' ? body.comment : undefined;
    const notFound: string[] = [];
    let closed = 0;
    for (const id of ids) {
      const alert = tenant.alerts.get(id);
      if (!alert) {
        notFound.push(id);
        continue;
      }
      alert.resolutionStatusValue = CLOSE_KINDS[kind];
      tenant.closures.push({ alertId: id, endpoint: kind, comment, reasonId, at: now });
      closed += 1;
    }
    const answer: Record<string, unknown> = { [kind.replace('close_', 'closed_')]: closed };
    if (notFound.length > 0) answer.alertsNotFound = notFound;
    return { status: 200, json: answer };
  }
}
