/**
 * The small HTTP toolkit every simulator is built on (node:http only): a route table with
 * `:param` patterns, call statistics per route, and fault injection that runs before the real
 * handler so a faulted request never changes state.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FaultOptions {
  /** Delay before every answer (also before faults). */
  latencyMs?: number;
  /** Every Nth request answers 429 with `Retry-After: retryAfterSeconds ?? 1`. */
  every429?: number;
  /** Every Nth request answers 503. */
  every5xx?: number;
  /** Every Nth request has its socket destroyed without an answer. */
  everyDrop?: number;
  retryAfterSeconds?: number;
  /**
   * Every Nth request to one of `lostAnswerRoutes` is handled — its change is committed, as Jira
   * commits a create — and then its socket is destroyed: the caller never learns the outcome.
   */
  everyLostAnswer?: number;
  /** Route names as `callStats` counts them, e.g. `POST /rest/api/3/issue/bulk`. */
  lostAnswerRoutes?: string[];
}

export interface SimRequest {
  method: string;
  /** The path without the query string, as sent (not decoded). */
  path: string;
  /** Path parameters, URI-decoded. */
  params: Record<string, string>;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  /** Serialised as JSON unless `text` is given. */
  json?: unknown;
  text?: string;
  contentType?: string;
  /**
   * Fault after the fact: the handler did its work (state changed), then the socket is destroyed
   * without an answer, as when a response is lost on the way back.
   */
  loseAnswer?: boolean;
}

export interface Route {
  method: string;
  /** e.g. `/rest/api/3/issue/:issueIdOrKey/properties/:propertyKey` */
  pattern: string;
  handle(request: SimRequest): SimResponse | Promise<SimResponse>;
}

export interface SimServerOptions {
  routes: Route[];
  /** How this service says "slow down" when a 429 fault fires. */
  rateLimited(retryAfterSeconds: number): SimResponse;
  notFound(request: SimRequest): SimResponse;
  /** Headers added to every answer, faults included (AbuseIPDB's X-RateLimit-*). */
  commonHeaders?(): Record<string, string>;
}

export interface CallStats {
  calls: number;
  byRoute: Record<string, number>;
}

interface CompiledRoute {
  route: Route;
  regex: RegExp;
  names: string[];
}

const MAX_BODY_BYTES = 10 * 1024 * 1024;

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.pattern
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(segment.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { route, regex: new RegExp(`^${source}$`), names };
}

function readBody(request: http.IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () =>
      resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')),
    );
    request.on('error', reject);
  });
}

function send(response: http.ServerResponse, answer: SimResponse, extra: Record<string, string>) {
  const body = answer.text ?? (answer.json === undefined ? '' : JSON.stringify(answer.json));
  const contentType =
    answer.contentType ??
    (answer.text === undefined ? 'application/json;charset=UTF-8' : 'text/plain;charset=UTF-8');
  const headers: Record<string, string> = { ...extra, ...answer.headers };
  if (body !== '') headers['Content-Type'] = contentType;
  response.writeHead(answer.status, headers);
  response.end(body);
}

/** Decodes path parameters; a malformed escape makes the request unroutable. */
function decodeParams(names: string[], match: RegExpExecArray): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  try {
    names.forEach((name, index) => {
      params[name] = decodeURIComponent(match[index + 1] ?? '');
    });
  } catch {
    return undefined;
  }
  return params;
}

export class SimServer {
  private stats: CallStats = { calls: 0, byRoute: {} };
  private faults: FaultOptions | undefined;
  /** Requests seen since the faults were last set: the "Nth request" of every fault rule. */
  private faultCounter = 0;
  private lostAnswerCounter = 0;
  private readonly routes: CompiledRoute[];

  private readonly server = http.createServer();

  constructor(private readonly options: SimServerOptions) {
    this.routes = options.routes.map(compile);
    this.server.on('request', (request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        if (!response.headersSent) send(response, { status: 500, json: { error: message } }, {});
        else response.destroy();
      });
    });
  }

  /** `http://127.0.0.1:<port>` once listening. */
  get origin(): string {
    const address = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  /** Binds 127.0.0.1 on a random free port. */
  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
  }

  setFaults(faults: FaultOptions | undefined): void {
    this.faults = faults;
    this.faultCounter = 0;
    this.lostAnswerCounter = 0;
  }

  callStats(): CallStats {
    return { calls: this.stats.calls, byRoute: { ...this.stats.byRoute } };
  }

  resetStats(): void {
    this.stats = { calls: 0, byRoute: {} };
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse) {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const method = request.method ?? 'GET';
    const body = await readBody(request);
    let matched: { route: Route; params: Record<string, string> } | undefined;
    for (const compiled of this.routes) {
      if (compiled.route.method !== method) continue;
      const match = compiled.regex.exec(url.pathname);
      if (!match) continue;
      const params = decodeParams(compiled.names, match);
      if (params) matched = { route: compiled.route, params };
      break;
    }
    const routeName = matched ? `${method} ${matched.route.pattern}` : `${method} (no route)`;
    this.stats.calls += 1;
    this.stats.byRoute[routeName] = (this.stats.byRoute[routeName] ?? 0) + 1;

    const faults = this.faults;
    if (faults?.latencyMs) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
    const simRequest: SimRequest = {
      method,
      path: url.pathname,
      params: matched?.params ?? {},
      query: url.searchParams,
      headers: request.headers,
      body: body ?? '',
    };
    const common = this.options.commonHeaders?.() ?? {};
    const fault = this.nextFault();
    if (fault === 'drop') {
      request.socket.destroy();
      return;
    }
    if (fault === '429') {
      const seconds = faults?.retryAfterSeconds ?? 1;
      send(response, this.options.rateLimited(seconds), common);
      return;
    }
    if (fault === '503') {
      send(response, { status: 503, text: 'Service Unavailable' }, common);
      return;
    }
    if (body === undefined) {
      send(response, { status: 413, json: { error: 'Request body too large' } }, common);
      return;
    }
    const answer = matched
      ? await matched.route.handle(simRequest)
      : this.options.notFound(simRequest);
    // A fault rule (everyLostAnswer) or the route itself (a simulator's loseCloseAnswers) can drop
    // the answer after the work is done.
    if (answer.loseAnswer || this.loseAnswer(routeName)) {
      request.socket.destroy();
      return;
    }
    send(response, answer, this.options.commonHeaders?.() ?? {});
  }

  private loseAnswer(routeName: string): boolean {
    const faults = this.faults;
    const every = faults?.everyLostAnswer;
    if (!faults || every === undefined || every <= 0) return false;
    if (!(faults.lostAnswerRoutes ?? []).includes(routeName)) return false;
    this.lostAnswerCounter += 1;
    return this.lostAnswerCounter % every === 0;
  }

  private nextFault(): 'drop' | '429' | '503' | undefined {
    const faults = this.faults;
    if (!faults) return undefined;
    this.faultCounter += 1;
    const n = this.faultCounter;
    const hits = (every: number | undefined) => every !== undefined && every > 0 && n % every === 0;
    if (hits(faults.everyDrop)) return 'drop';
    if (hits(faults.every429)) return '429';
    if (hits(faults.every5xx)) return '503';
    return undefined;
  }
}

/** Parses a JSON request body; `undefined` when it is not JSON. */
export function parseJsonBody(body: string): unknown {
  if (body.trim() === '') return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
