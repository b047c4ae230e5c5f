/**
 * Microsoft Graph, `GET /v1.0/security/alerts_v2` only. Graph is one host for every customer: the
 * directory a request reads is the Entra tenant its bearer token was issued in, and an app reads
 * it only once that directory granted it `SecurityAlert.Read.All`. Errors come in Graph's shape
 * `{ error: { code, message, innerError: { date, request-id, client-request-id } } }`, and the
 * answers follow the list's documented paging (`@odata.nextLink`) and 150 requests a minute per
 * app per tenant.
 */
import { randomUUID } from 'node:crypto';
import type { SimRequest, SimResponse } from './http-kit';
import { SimServer } from './http-kit';
import type { GraphAlertQuery, GraphQueryOption, RawGraphAlert } from './graph-query';
import { GRAPH_QUERY_OPTIONS, dateTimeTicks, newestFirst, parseGraphQuery } from './graph-query';

export type { RawGraphAlert } from './graph-query';

export const GRAPH_ALERTS_PATH = '/v1.0/security/alerts_v2';
const CONTEXT = 'https://graph.microsoft.com/v1.0/$metadata#security/alerts_v2';
const MINUTE_MS = 60_000;
/** What Graph sends with a 401, pointing at the authority and naming itself as the resource. */
const WWW_AUTHENTICATE =
  'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"';

/** Who a bearer token was issued to and for which API (the Entra simulator's `verify`). */
export interface GraphBearer {
  tenantId: string;
  clientId: string;
  resource: string;
}

export interface GraphSimOptions {
  now: () => number;
  /** Per directory and app, in a sliding minute; 0 = unlimited. Default 150, as Microsoft documents. */
  requestsPerMinute?: number;
  verifyBearer: (accessToken: string) => GraphBearer | undefined;
}

export interface GraphDirectory {
  entraTenantId: string;
  /** Client ids of the apps granted `SecurityAlert.Read.All` in this directory. */
  grantedApps: string[];
  /** Client ids of the apps granted `SecurityAlert.ReadWrite.All` (reading included). */
  writerApps?: string[];
}

/** Graph's alert enums the PATCH accepts (microsoft.graph.security.alert). */
const WRITABLE = {
  status: ['new', 'inProgress', 'resolved', 'unknown'],
  classification: [
    'unknown',
    'falsePositive',
    'truePositive',
    'informationalExpectedActivity',
    'unknownFutureValue',
  ],
  determination: [
    'unknown',
    'apt',
    'malware',
    'securityPersonnel',
    'securityTesting',
    'unwantedSoftware',
    'other',
    'multiStagedAttack',
    'compromisedAccount',
    'phishing',
    'maliciousUserActivity',
    'notMalicious',
    'notEnoughDataToValidate',
    'confirmedUserActivity',
    'lineOfBusinessApplication',
    'unknownFutureValue',
  ],
} as const;

/** The display name Graph gives comments the sandbox's Entra apps write. */
export const GRAPH_APP_DISPLAY_NAME = 'Cloud App Alerts for Jira';

/** The query options of one accepted request, as sent. */
export type GraphRequestSeen = Partial<Record<GraphQueryOption, string>>;

interface DirectoryState {
  granted: Set<string>;
  /** Client ids also granted `SecurityAlert.ReadWrite.All`: they may PATCH and comment. */
  writers: Set<string>;
  /** The next N accepted writes are carried out, then their answers are lost. */
  loseWriteAnswers: number;
  /** Only writes of this kind lose their answers (the others answer); absent: any write. */
  loseWriteKind?: 'update' | 'comment' | undefined;
  alerts: Map<string, RawGraphAlert>;
  /** Per client id, times of the requests inside the sliding throttle minute. */
  recentRequests: Map<string, number[]>;
  requestsSeen: GraphRequestSeen[];
  pagingFault: GraphPagingFault | undefined;
}

/**
 * A list that pages correctly `afterPages` times, then answers its last page again forever: with
 * a nextLink naming the very request it answers (`self-link`), or with a nextLink one page on
 * (`same-page`).
 */
export interface GraphPagingFaultOptions {
  afterPages: number;
  mode: 'self-link' | 'same-page';
}

interface GraphPagingFault extends GraphPagingFaultOptions {
  served: number;
  lastPage: RawGraphAlert[];
}

function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** OData's JSON media type, as Graph labels its answers. */
const ODATA_JSON =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

export class GraphSim {
  private readonly directories = new Map<string, DirectoryState>();

  readonly server: SimServer;

  private constructor(private readonly options: GraphSimOptions) {
    this.server = new SimServer({
      routes: [
        { method: 'GET', pattern: GRAPH_ALERTS_PATH, handle: (request) => this.list(request) },
        {
          method: 'PATCH',
          pattern: `${GRAPH_ALERTS_PATH}/:id`,
          handle: (request) => this.write(request, 'update'),
        },
        {
          method: 'POST',
          pattern: `${GRAPH_ALERTS_PATH}/:id/comments`,
          handle: (request) => this.write(request, 'comment'),
        },
      ],
      rateLimited: (seconds) => this.throttled(undefined, seconds),
      notFound: (request) =>
        request.path === GRAPH_ALERTS_PATH
          ? this.fail(
              request,
              405,
              'Request_BadRequest',
              `The HTTP method '${request.method}' is not allowed on security/alerts_v2.`,
            )
          : this.fail(
              request,
              400,
              'BadRequest',
              `Resource not found for the segment '${request.path.split('/').at(-1) ?? ''}'.`,
            ),
    });
  }

  static async start(options: GraphSimOptions): Promise<GraphSim> {
    const sim = new GraphSim(options);
    await sim.server.listen();
    return sim;
  }

  /** The Graph origin (graph.microsoft.com); the alerts list is `<url>/v1.0/security/alerts_v2`. */
  get url(): string {
    return this.server.origin;
  }

  addDirectory(directory: GraphDirectory): void {
    const writers = (directory.writerApps ?? []).map((clientId) => clientId.toLowerCase());
    this.directories.set(directory.entraTenantId.toLowerCase(), {
      granted: new Set([
        ...directory.grantedApps.map((clientId) => clientId.toLowerCase()),
        ...writers,
      ]),
      writers: new Set(writers),
      loseWriteAnswers: 0,
      alerts: new Map(),
      recentRequests: new Map(),
      requestsSeen: [],
      pagingFault: undefined,
    });
  }

  /** Fault: the directory's alert list breaks its paging (see GraphPagingFaultOptions); `undefined` mends it. */
  breakPaging(entraTenantId: string, fault: GraphPagingFaultOptions | undefined): void {
    this.directory(entraTenantId).pagingFault =
      fault === undefined ? undefined : { ...fault, served: 0, lastPage: [] };
  }

  /** An admin consents to `SecurityAlert.Read.All` for the app in this directory. */
  grant(entraTenantId: string, clientId: string): void {
    this.directory(entraTenantId).granted.add(clientId.toLowerCase());
  }

  /** An admin consents to `SecurityAlert.ReadWrite.All`: the app may also change alerts. */
  grantWrite(entraTenantId: string, clientId: string): void {
    const directory = this.directory(entraTenantId);
    directory.granted.add(clientId.toLowerCase());
    directory.writers.add(clientId.toLowerCase());
  }

  /**
   * Fault: the next `count` PATCH or comment calls (only comments, or only PATCHes, with `kind`)
   * are carried out, then lose their answers.
   */
  loseWriteAnswers(entraTenantId: string, count: number, kind?: 'update' | 'comment'): void {
    const directory = this.directory(entraTenantId);
    directory.loseWriteAnswers = count;
    directory.loseWriteKind = kind;
  }

  /** Someone resolves an alert in the Defender portal, as the Defender → Jira check must notice. */
  resolveInPortal(
    entraTenantId: string,
    alertId: string,
    change: { classification: string; determination: string; by: string; comment?: string },
  ): void {
    const alert = this.directory(entraTenantId).alerts.get(alertId);
    if (!alert) throw new Error(`Unknown Graph alert ${alertId}`);
    const now = new Date(this.options.now()).toISOString();
    alert.status = 'resolved';
    alert.classification = change.classification;
    alert.determination = change.determination;
    alert.assignedTo = change.by;
    alert.resolvedDateTime = now;
    alert.lastUpdateDateTime = now;
    if (change.comment !== undefined) {
      const comments: unknown[] = Array.isArray(alert.comments)
        ? (alert.comments as unknown[])
        : [];
      alert.comments = [
        ...comments,
        { comment: change.comment, createdByDisplayName: change.by, createdDateTime: now },
      ];
    }
  }

  /** The app's permission is removed: its next requests answer 403, even with a fresh token. */
  revoke(entraTenantId: string, clientId: string): void {
    this.directory(entraTenantId).granted.delete(clientId.toLowerCase());
  }

  /** Adds (or replaces, by `id`) raw alerts exactly as alerts_v2 returns them. */
  addAlerts(entraTenantId: string, alerts: object[]): void {
    const directory = this.directory(entraTenantId);
    for (const raw of alerts) {
      const alert = copy(raw) as RawGraphAlert;
      if (
        typeof alert.id !== 'string' ||
        typeof alert.createdDateTime !== 'string' ||
        dateTimeTicks(alert.createdDateTime) === undefined
      )
        throw new Error('A Graph alert needs a string id and an ISO 8601 createdDateTime');
      directory.alerts.set(alert.id, alert);
    }
  }

  alerts(entraTenantId: string): RawGraphAlert[] {
    return [...this.directory(entraTenantId).alerts.values()].map(copy);
  }

  /**
   * The query options of the requests that got past authentication and the throttle, oldest
   * first (a request answered 400 for its query is among them).
   */
  requestsSeen(entraTenantId: string): GraphRequestSeen[] {
    return this.directory(entraTenantId).requestsSeen.map(copy);
  }

  private directory(entraTenantId: string): DirectoryState {
    const directory = this.directories.get(entraTenantId.toLowerCase());
    if (!directory) throw new Error(`Unknown Graph directory ${entraTenantId}`);
    return directory;
  }

  /** The caller's directory and client id, or the answer that refuses it. */
  private authorise(
    request: SimRequest,
    needs: 'read' | 'write',
  ): { directory: DirectoryState; clientId: string } | SimResponse {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
    if (bearer === undefined) return this.unauthenticated(request, 'Access token is empty.');
    const owner = this.options.verifyBearer(bearer);
    // verifyBearer does not tell a token never issued from an expired one: both get Graph's expiry text.
    if (owner === undefined)
      return this.unauthenticated(request, 'Access token has expired or is not yet valid.');
    if (owner.resource !== 'graph')
      return this.unauthenticated(request, 'Access token validation failure. Invalid audience.');
    const directory = this.directories.get(owner.tenantId.toLowerCase());
    const clientId = owner.clientId.toLowerCase();
    if (!directory?.granted.has(clientId))
      return this.fail(
        request,
        403,
        'Forbidden',
        'Missing application roles. API required roles: SecurityAlert.Read.All, SecurityAlert.ReadWrite.All.',
      );
    if (needs === 'write' && !directory.writers.has(clientId))
      return this.fail(
        request,
        403,
        'Forbidden',
        'Missing application roles. API required roles: SecurityAlert.ReadWrite.All.',
      );
    return { directory, clientId };
  }

  /** Within the 150 a minute per app and directory, or the 429 that says to wait. */
  private throttle(
    request: SimRequest,
    directory: DirectoryState,
    clientId: string,
  ): SimResponse | undefined {
    const now = this.options.now();
    const limit = this.options.requestsPerMinute ?? 150;
    const recent = (directory.recentRequests.get(clientId) ?? []).filter(
      (at) => at > now - MINUTE_MS,
    );
    directory.recentRequests.set(clientId, recent);
    if (limit > 0 && recent.length >= limit) {
      const oldest = recent[0] ?? now;
      return this.throttled(request, Math.max(1, Math.ceil((oldest + MINUTE_MS - now) / 1000)));
    }
    recent.push(now);
    return undefined;
  }

  /** `PATCH …/alerts_v2/{id}` (status, classification, determination) or a comment on it. */
  private write(request: SimRequest, what: 'update' | 'comment'): SimResponse {
    const caller = this.authorise(request, 'write');
    if ('status' in caller) return caller;
    const { directory, clientId } = caller;
    const throttled = this.throttle(request, directory, clientId);
    if (throttled) return throttled;
    const alert = directory.alerts.get(request.params.id ?? '');
    if (!alert)
      return this.fail(request, 404, 'NotFound', `Alert '${request.params.id ?? ''}' not found.`);
    let body: unknown;
    try {
      body = JSON.parse(request.body);
    } catch {
      return this.fail(request, 400, 'BadRequest', 'The request body is not valid JSON.');
    }
    if (typeof body !== 'object' || body === null)
      return this.fail(request, 400, 'BadRequest', 'The request body must be an object.');
    const fields = body as Record<string, unknown>;
    const now = new Date(this.options.now()).toISOString();
    let answer: SimResponse;
    if (what === 'comment') {
      if (typeof fields.comment !== 'string' || fields.comment === '')
        return this.fail(request, 400, 'BadRequest', "The property 'comment' is required.");
      const comments: unknown[] = Array.isArray(alert.comments)
        ? (alert.comments as unknown[])
        : [];
      alert.comments = [
        ...comments,
        {
          comment: fields.comment,
          createdByDisplayName: GRAPH_APP_DISPLAY_NAME,
          createdDateTime: now,
        },
      ];
      answer = { status: 200, headers: this.ids(request), json: { value: alert.comments } };
    } else {
      for (const [name, allowed] of Object.entries(WRITABLE)) {
        const value = fields[name];
        if (value !== undefined && !(allowed as readonly unknown[]).includes(value))
          return this.fail(
            request,
            400,
            'BadRequest',
            `The value '${JSON.stringify(value)}' is not valid for '${name}'.`,
          );
      }
      for (const name of Object.keys(WRITABLE)) {
        if (fields[name] !== undefined) alert[name] = fields[name];
      }
      alert.lastUpdateDateTime = now;
      alert.resolvedDateTime = alert.status === 'resolved' ? now : null;
      answer = { status: 200, headers: this.ids(request), json: copy(alert) };
    }
    if (
      directory.loseWriteAnswers > 0 &&
      (directory.loseWriteKind === undefined || directory.loseWriteKind === what)
    ) {
      directory.loseWriteAnswers -= 1;
      return { ...answer, loseAnswer: true };
    }
    return answer;
  }

  private list(request: SimRequest): SimResponse {
    const caller = this.authorise(request, 'read');
    if ('status' in caller) return caller;
    const { directory, clientId } = caller;
    const throttled = this.throttle(request, directory, clientId);
    if (throttled) return throttled;

    const seen: GraphRequestSeen = {};
    for (const option of GRAPH_QUERY_OPTIONS) {
      const value = request.query.get(option);
      if (value !== null) seen[option] = value;
    }
    directory.requestsSeen.push(seen);

    const parsed = parseGraphQuery(request.query);
    if ('error' in parsed) return this.fail(request, 400, 'BadRequest', parsed.error);
    return this.page(request, directory, parsed.query);
  }

  private page(
    request: SimRequest,
    directory: DirectoryState,
    query: GraphAlertQuery,
  ): SimResponse {
    const matching = newestFirst([...directory.alerts.values()].filter(query.matches));
    let value = matching.slice(query.skip, query.skip + query.top).map(copy);
    const body: Record<string, unknown> = { '@odata.context': CONTEXT };
    if (query.count) body['@odata.count'] = matching.length;
    const next = query.skip + value.length;
    let nextLink = next < matching.length ? this.nextLink(query, next) : undefined;
    const fault = directory.pagingFault;
    if (fault !== undefined) {
      fault.served += 1;
      if (fault.served > fault.afterPages) {
        value = fault.lastPage.map(copy);
        nextLink =
          fault.mode === 'self-link'
            ? `${this.publicOrigin ?? this.url}${request.path}?${request.query.toString()}`
            : this.nextLink(query, query.skip + query.top);
      } else fault.lastPage = value.map(copy);
    }
    body.value = value;
    if (nextLink !== undefined) body['@odata.nextLink'] = nextLink;
    return { status: 200, headers: this.ids(request), json: body, contentType: ODATA_JSON };
  }

  /**
   * The origin nextLinks name. Graph's always name graph.microsoft.com; a test whose egress maps
   * that host to this simulator sets it, so the links look as Graph's do.
   */
  publicOrigin: string | undefined;

  /** The same query one page on: the client follows it as is, as Graph asks. */
  private nextLink(query: GraphAlertQuery, skip: number): string {
    const encode = (text: string) => encodeURIComponent(text).replace(/'/g, '%27');
    const options: string[] = [];
    if (query.filter !== undefined) options.push(`$filter=${encode(query.filter)}`);
    options.push(`$top=${query.top}`);
    if (query.count) options.push('$count=true');
    options.push(`$skip=${skip}`);
    return `${this.publicOrigin ?? this.url}${GRAPH_ALERTS_PATH}?${options.join('&')}`;
  }

  private unauthenticated(request: SimRequest, message: string): SimResponse {
    const answer = this.fail(request, 401, 'InvalidAuthenticationToken', message);
    return { ...answer, headers: { ...answer.headers, 'WWW-Authenticate': WWW_AUTHENTICATE } };
  }

  private throttled(request: SimRequest | undefined, retryAfterSeconds: number): SimResponse {
    const answer = this.fail(
      request,
      429,
      'TooManyRequests',
      'Too many requests. Retry after the number of seconds in Retry-After.',
    );
    return { ...answer, headers: { ...answer.headers, 'Retry-After': String(retryAfterSeconds) } };
  }

  /** Graph answers with a fresh request-id and echoes the caller's client-request-id (or the request-id). */
  private ids(request: SimRequest | undefined): Record<string, string> {
    const requestId = randomUUID();
    const sent = request?.headers['client-request-id'];
    return {
      'request-id': requestId,
      'client-request-id': typeof sent === 'string' && sent !== '' ? sent : requestId,
    };
  }

  private fail(
    request: SimRequest | undefined,
    status: number,
    code: string,
    message: string,
  ): SimResponse {
    const headers = this.ids(request);
    // innerError.date is UTC to the second, without a zone designator.
    const date = new Date(this.options.now()).toISOString().slice(0, 19);
    return {
      status,
      headers,
      contentType: ODATA_JSON,
      json: {
        error: {
          code,
          message,
          innerError: {
            date,
            'request-id': headers['request-id'],
            'client-request-id': headers['client-request-id'],
          },
        },
      },
    };
  }
}
