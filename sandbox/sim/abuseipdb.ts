/**
 * AbuseIPDB v2 `check`, with the daily quota and the `X-RateLimit-*` headers on every answer.
 * Private and reserved addresses are answered (and charged) like the real service does.
 */
import ipaddr from 'ipaddr.js';
import type { SimRequest, SimResponse } from './http-kit';
import { SimServer, escapeHtml } from './http-kit';
import type { AbuseIpdbCheckData } from './abuseipdb-verdicts';
import { abuseIpdbTime, derivedVerdict } from './abuseipdb-verdicts';

export type { AbuseIpdbCheckData, AbuseIpdbReport } from './abuseipdb-verdicts';

export interface AbuseIpdbSimOptions {
  dailyLimit: number;
  now: () => number;
}

const DAY_MS = 86_400_000;

function errors(status: number, detail: string, parameter?: string): SimResponse {
  return {
    status,
    json: { errors: [{ detail, status, ...(parameter ? { source: { parameter } } : {}) }] },
  };
}

function isValidIp(value: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(value) || ipaddr.IPv6.isValid(value);
}

/** The page a browser gets when it does not ask for JSON (AbuseIPDB docs: "Accept" is required). */
function asHtml(answer: SimResponse): SimResponse {
  const json = JSON.stringify(answer.json ?? {}, null, 2);
  return {
    ...answer,
    contentType: 'text/html; charset=UTF-8',
    text: `<!DOCTYPE html><html><head><title>AbuseIPDB</title></head><body><pre>${escapeHtml(json)}</pre></body></html>`,
  };
}

export class AbuseIpdbSim {
  private readonly keys = new Set<string>();
  private readonly verdicts = new Map<string, Partial<AbuseIpdbCheckData>>();
  private readonly asked: string[] = [];
  private limit: number;
  private remaining: number;
  private resetAtMs: number;

  readonly server: SimServer;

  private constructor(private readonly options: AbuseIpdbSimOptions) {
    this.limit = options.dailyLimit;
    this.remaining = options.dailyLimit;
    this.resetAtMs = this.nextMidnight();
    this.server = new SimServer({
      routes: [{ method: 'GET', pattern: '/api/v2/check', handle: (r) => this.check(r) }],
      rateLimited: (seconds) => this.overQuota(seconds),
      notFound: () => errors(404, 'The requested endpoint does not exist.'),
      commonHeaders: () => this.rateLimitHeaders(),
    });
  }

  static async start(options: AbuseIpdbSimOptions): Promise<AbuseIpdbSim> {
    const sim = new AbuseIpdbSim(options);
    await sim.server.listen();
    return sim;
  }

  /** `http://127.0.0.1:<port>/api/v2`: clients call `${url}/check?…`. */
  get url(): string {
    return `${this.server.origin}/api/v2`;
  }

  addKey(key: string): void {
    this.keys.add(key);
  }

  /** Overrides parts of the derived verdict for one address. */
  setVerdict(ip: string, verdict: Partial<AbuseIpdbCheckData>): void {
    this.verdicts.set(ipaddr.parse(ip).toString(), { ...verdict });
  }

  setQuota(remaining: number, limit?: number): void {
    if (limit !== undefined) this.limit = limit;
    this.remaining = remaining;
  }

  quota(): { limit: number; remaining: number; resetAt: number } {
    this.rollOver();
    return { limit: this.limit, remaining: this.remaining, resetAt: this.resetAtMs / 1000 };
  }

  /** The addresses answered with a verdict (the calls that cost quota), in order. */
  lookups(): string[] {
    return [...this.asked];
  }

  private nextMidnight(): number {
    return (Math.floor(this.options.now() / DAY_MS) + 1) * DAY_MS;
  }

  private rollOver(): void {
    if (this.options.now() < this.resetAtMs) return;
    this.remaining = this.limit;
    this.resetAtMs = this.nextMidnight();
  }

  private rateLimitHeaders(): Record<string, string> {
    this.rollOver();
    return {
      'X-RateLimit-Limit': String(this.limit),
      'X-RateLimit-Remaining': String(this.remaining),
      'X-RateLimit-Reset': String(Math.floor(this.resetAtMs / 1000)),
    };
  }

  private overQuota(retryAfterSeconds: number): SimResponse {
    const answer = errors(
      429,
      `Daily rate limit of ${this.limit} requests exceeded for this endpoint. See headers for additional details.`,
    );
    return { ...answer, headers: { 'Retry-After': String(retryAfterSeconds) } };
  }

  private check(request: SimRequest): SimResponse {
    const accept = request.headers.accept ?? '';
    const answer = this.checkJson(request);
    return accept.includes('application/json') ? answer : asHtml(answer);
  }

  private checkJson(request: SimRequest): SimResponse {
    const key = request.headers.key;
    if (typeof key !== 'string' || !this.keys.has(key))
      return errors(
        401,
        'Authentication failed. Your API key is either missing, incorrect, or revoked. Note: The APIv2 key differs from the APIv1 key.',
      );
    const ip = request.query.get('ipAddress');
    if (!ip) return errors(422, 'The ip address field is required.', 'ipAddress');
    if (!isValidIp(ip))
      return errors(
        422,
        'The ip address must be a valid IPv4 or IPv6 address (e.g. 8.8.8.8 or 2001:4860:4860::8888).',
        'ipAddress',
      );
    const maxAge = request.query.get('maxAgeInDays') ?? '30';
    if (!/^\d+$/.test(maxAge) || Number(maxAge) < 1 || Number(maxAge) > 365)
      return errors(422, 'The max age in days must be between 1 and 365.', 'maxAgeInDays');

    this.rollOver();
    if (this.remaining <= 0)
      return this.overQuota(Math.max(1, Math.ceil((this.resetAtMs - this.options.now()) / 1000)));
    this.remaining -= 1;

    const canonical = ipaddr.parse(ip).toString();
    this.asked.push(canonical);
    const data: Partial<AbuseIpdbCheckData> = {
      ...derivedVerdict(canonical, this.options.now()),
      ...this.verdicts.get(canonical),
    };
    // An override that gives reports to an address the derived answer left clean still needs a
    // time of the last report, as AbuseIPDB always has one when totalReports > 0.
    if (data.totalReports && !data.lastReportedAt) {
      data.lastReportedAt = abuseIpdbTime(this.options.now() - 2 * 3_600_000);
    }
    if (!request.query.has('verbose')) {
      delete data.countryName;
      delete data.reports;
    }
    return { status: 200, json: { data } };
  }
}
