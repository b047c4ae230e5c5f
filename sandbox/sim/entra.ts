/**
 * Microsoft Entra ID's v2.0 token endpoint, client-credentials grant only:
 * `POST /<tenant>/oauth2/v2.0/token` with a form body. It issues opaque bearer tokens that expire
 * (3599 s, as Entra's answer says) and answers failures in Entra's documented shape
 * `{ error, error_description, error_codes, timestamp, trace_id, correlation_id }` with the AADSTS
 * code a real directory gives for that mistake. It serves two resources, the Defender for Cloud Apps
 * API and Microsoft Graph, and remembers which one each token is for: a real token's `aud` claim,
 * which each API checks.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { SimRequest, SimResponse } from './http-kit';
import { SimServer } from './http-kit';

/** The Defender for Cloud Apps API's application id. */
export const MCAS_RESOURCE_APP_ID = '05a65629-4c1b-48c1-a78b-804c4abdd4af';
/** Microsoft Graph's application ID URI. */
export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
export const ENTRA_TOKEN_LIFETIME_SECONDS = 3599;

export interface EntraApp {
  /** Directory (tenant) ID. */
  tenantId: string;
  clientId: string;
  secret: string;
  /** A verified domain the directory also answers to, e.g. contoso.onmicrosoft.com. */
  domain?: string;
}

/** The API a token is for (its audience). */
export type TokenResource = 'mcas' | 'graph';

/**
 * The client-credentials scopes this directory serves. Entra issues a token for a resource even
 * when the app holds none of its permissions (the token then has no `roles`); the API refuses it,
 * so permissions are the APIs' business (GraphSim's grants), not the token endpoint's.
 */
const RESOURCE_BY_SCOPE: Record<string, TokenResource> = {
  [`${MCAS_RESOURCE_APP_ID}/.default`]: 'mcas',
  [`${GRAPH_RESOURCE}/.default`]: 'graph',
};

export interface IssuedToken {
  tenantId: string;
  clientId: string;
  expiresAt: number;
  resource: TokenResource;
}

export interface EntraSimOptions {
  now: () => number;
  /** Default 3599, as Entra answers. */
  tokenLifetimeSeconds?: number;
}

export class EntraSim {
  private readonly apps: EntraApp[] = [];
  private readonly tokens = new Map<string, IssuedToken>();
  private issuedCount = 0;

  readonly server: SimServer;

  private constructor(private readonly options: EntraSimOptions) {
    this.server = new SimServer({
      routes: [
        {
          method: 'POST',
          pattern: '/:tenant/oauth2/v2.0/token',
          handle: (request) => this.token(request),
        },
      ],
      rateLimited: (seconds) => ({
        status: 429,
        headers: { 'Retry-After': String(seconds) },
        json: this.error('temporarily_unavailable', 50196, 'The server is temporarily busy.'),
      }),
      notFound: () => ({ status: 404, text: 'Not Found' }),
    });
  }

  static async start(options: EntraSimOptions): Promise<EntraSim> {
    const sim = new EntraSim(options);
    await sim.server.listen();
    return sim;
  }

  /** The login base URL: `<url>/<tenant>/oauth2/v2.0/token` is the token endpoint. */
  get url(): string {
    return this.server.origin;
  }

  /** Registers an app (with one client secret) in a directory. */
  addApp(app: EntraApp): void {
    this.apps.push({ ...app });
  }

  /** Replaces an app's secret, as rotating it in Certificates & secrets does. */
  setSecret(tenantId: string, clientId: string, secret: string): void {
    const app = this.apps.find((a) => a.tenantId === tenantId && a.clientId === clientId);
    if (!app) throw new Error(`Unknown Entra app ${clientId} in ${tenantId}`);
    app.secret = secret;
  }

  /** Who a bearer token was issued to, while it is valid; undefined when unknown or expired. */
  verify(accessToken: string): IssuedToken | undefined {
    const issued = this.tokens.get(accessToken);
    if (!issued || issued.expiresAt <= this.options.now()) return undefined;
    return { ...issued };
  }

  /** How many tokens have been issued since start. */
  issued(): number {
    return this.issuedCount;
  }

  private token(request: SimRequest): SimResponse {
    const tenant = request.params.tenant ?? '';
    if (!/^[0-9a-f-]{36}$/i.test(tenant) && !/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(tenant)) {
      return this.fail(
        400,
        'invalid_request',
        900023,
        `Specified tenant identifier '${tenant}' is neither a valid DNS name, nor a valid external domain.`,
      );
    }
    const inDirectory = this.apps.filter(
      (app) =>
        app.tenantId.toLowerCase() === tenant.toLowerCase() ||
        app.domain?.toLowerCase() === tenant.toLowerCase(),
    );
    if (inDirectory.length === 0) {
      return this.fail(
        400,
        'invalid_request',
        90002,
        `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
      );
    }
    if (!/application\/x-www-form-urlencoded/i.test(request.headers['content-type'] ?? '')) {
      return this.fail(
        400,
        'invalid_request',
        900144,
        "The request body must contain the following parameter: 'grant_type'.",
      );
    }
    const form = new URLSearchParams(request.body);
    for (const parameter of ['grant_type', 'client_id', 'scope']) {
      if (!form.get(parameter)) {
        return this.fail(
          400,
          'invalid_request',
          900144,
          `The request body must contain the following parameter: '${parameter}'.`,
        );
      }
    }
    if (form.get('grant_type') !== 'client_credentials') {
      return this.fail(
        400,
        'unsupported_grant_type',
        70003,
        'The app requested an unsupported grant type.',
      );
    }
    const clientId = form.get('client_id') ?? '';
    const app = inDirectory.find(
      (candidate) => candidate.clientId.toLowerCase() === clientId.toLowerCase(),
    );
    if (!app) {
      return this.fail(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
      );
    }
    const scope = form.get('scope') ?? '';
    if (!scope.endsWith('/.default')) {
      return this.fail(
        400,
        'invalid_scope',
        1002012,
        `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
      );
    }
    const resource = RESOURCE_BY_SCOPE[scope];
    if (resource === undefined) {
      return this.fail(
        400,
        'invalid_resource',
        500011,
        `The resource principal named ${scope.replace(/\/\.default$/, '')} was not found in the tenant named ${tenant}.`,
      );
    }
    if (!form.get('client_secret')) {
      return this.fail(
        401,
        'invalid_client',
        7000216,
        "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.",
      );
    }
    if (form.get('client_secret') !== app.secret) {
      return this.fail(
        401,
        'invalid_client',
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`,
      );
    }
    const lifetime = this.options.tokenLifetimeSeconds ?? ENTRA_TOKEN_LIFETIME_SECONDS;
    const accessToken = `sim-entra.${randomBytes(24).toString('base64url')}`;
    this.tokens.set(accessToken, {
      tenantId: app.tenantId,
      clientId: app.clientId,
      expiresAt: this.options.now() + lifetime * 1000,
      resource,
    });
    this.issuedCount += 1;
    return {
      status: 200,
      json: {
        token_type: 'Bearer',
        expires_in: lifetime,
        ext_expires_in: lifetime,
        access_token: accessToken,
      },
    };
  }

  private fail(status: number, error: string, code: number, text: string): SimResponse {
    return { status, json: this.error(error, code, text) };
  }

  private error(error: string, code: number, text: string) {
    const timestamp = new Date(this.options.now())
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, 'Z');
    const traceId = randomUUID();
    const correlationId = randomUUID();
    return {
      error,
      error_description: `AADSTS${code}: ${text} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    };
  }
}
