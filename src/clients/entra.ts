/**
 * Microsoft Entra ID, client-credentials grant: the access token an Entra app presents to the
 * MCAS API (`Authorization: Bearer …`, instead of a legacy API token) or to Microsoft Graph. Microsoft's v2.0 token
 * endpoint answers `{ token_type: "Bearer", expires_in: 3599, access_token }`; errors are 400/401
 * with `{ error, error_description, error_codes }`, where the AADSTS code says what is wrong.
 *
 * Tokens are cached in memory for the provider's life, until 5 minutes before they expire, so a
 * run asks once per app. The client secret and the token never reach a log line or an error.
 */
import { z } from 'zod';
import { EntraClientId, EntraTenantId } from '../core/config';
import type { Clock, Http, Logger } from '../ports';
import { hostOf } from '../ports';
import { CredentialError, UnexpectedResponseError } from './errors';
import type { ExternalApiError } from './errors';
import { isSuccess, loggedExchange, parseJsonAs } from './exchange';
import type { RetryPolicy } from './retry';
import { DEFAULT_RETRY_POLICY, sendWithRetry } from './retry';

export const ENTRA_LOGIN_BASE_URL = 'https://login.microsoftonline.com';
/** The Defender for Cloud Apps API's application id with `/.default`: every permission granted. */
export const MCAS_ENTRA_SCOPE = '05a65629-4c1b-48c1-a78b-804c4abdd4af/.default';
/** Microsoft Graph with `/.default`: the application permissions granted to the app. */
export const GRAPH_ENTRA_SCOPE = 'https://graph.microsoft.com/.default';
/** A cached token is replaced this long before it expires, so no call carries a dying token. */
export const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;

export interface EntraAppCredentials {
  /** Directory (tenant) ID or verified domain of the directory the app is registered in. */
  entraTenantId: string;
  /** Application (client) ID. */
  clientId: string;
  clientSecret: string;
  /** The tenant's name as the admin knows it, for messages. */
  tenantName: string;
  /** The API the token is for: the MCAS API (default) or Microsoft Graph (`GRAPH_ENTRA_SCOPE`). */
  scope?: string;
}

export interface EntraTokenProvider {
  /** An access token for the credentials' scope, from the cache while it has 5 minutes left. */
  getToken(credentials: EntraAppCredentials): Promise<string>;
}

const TokenAnswer = z.object({
  token_type: z.string().regex(/^bearer$/i),
  // v2.0 sends a number; the v1 endpoint and some proxies send it as a string.
  expires_in: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]),
  access_token: z.string().min(1),
});

const OAuthErrorBody = z.object({
  error: z.string().min(1),
  error_codes: z.array(z.number().int()).optional(),
  error_description: z.string().optional(),
});
type OAuthErrorBody = z.infer<typeof OAuthErrorBody>;

interface CachedToken {
  accessToken: string;
  expiresAt: number;
  /** Which secret earned it: a secret changed mid-life must be tried, not hidden by the cache. */
  clientSecret: string;
}

export function createEntraTokenProvider(deps: {
  http: Http;
  clock: Clock;
  logger: Logger;
  loginBaseUrl?: string | undefined;
  policy?: RetryPolicy;
  random?: (() => number) | undefined;
}): EntraTokenProvider {
  const { http, clock, logger } = deps;
  const loginBaseUrl = (deps.loginBaseUrl ?? ENTRA_LOGIN_BASE_URL).replace(/\/+$/, '');
  const policy = deps.policy ?? DEFAULT_RETRY_POLICY;
  const cache = new Map<string, CachedToken>();
  const inFlight = new Map<string, { clientSecret: string; request: Promise<CachedToken> }>();

  async function requestToken(credentials: EntraAppCredentials): Promise<CachedToken> {
    const what = `Microsoft Entra ID (app ${credentials.clientId} for tenant "${credentials.tenantName}")`;
    const url = `${loginBaseUrl}/${encodeURIComponent(credentials.entraTenantId)}/oauth2/v2.0/token`;
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
      scope: credentials.scope ?? MCAS_ENTRA_SCOPE,
    }).toString();
    const response = await sendWithRetry(
      ({ timeoutMs }) =>
        loggedExchange(
          () =>
            http(url, {
              method: 'POST',
              headers: {
                'Content-Type': 'application/x-www-form-urlencoded',
                Accept: 'application/json',
              },
              body,
              timeoutMs,
            }),
          {
            service: 'entra',
            method: 'POST',
            host: hostOf(url),
            path: new URL(url).pathname,
            clock,
            logger,
          },
        ),
      { service: 'entra', what, clock, policy, random: deps.random, logger },
    );
    const text = await response.text();
    if (!isSuccess(response.status)) throw errorFor(response.status, text, credentials);
    const answer = parseJsonAs(text, TokenAnswer);
    if (!answer) {
      throw new UnexpectedResponseError(
        'entra',
        `${what} answered HTTP ${response.status} without a bearer token.`,
        response.status,
      );
    }
    return {
      accessToken: answer.access_token,
      expiresAt: clock.now() + answer.expires_in * 1000,
      clientSecret: credentials.clientSecret,
    };
  }

  return {
    async getToken(credentials) {
      checkCredentials(credentials);
      // A token is for one API: an MCAS token is no use to Graph and the other way round.
      const key = [
        credentials.entraTenantId.toLowerCase(),
        credentials.clientId.toLowerCase(),
        credentials.scope ?? MCAS_ENTRA_SCOPE,
      ].join('|');
      const cached = cache.get(key);
      if (
        cached &&
        cached.clientSecret === credentials.clientSecret &&
        clock.now() < cached.expiresAt - TOKEN_REFRESH_MARGIN_MS
      ) {
        return cached.accessToken;
      }
      // Tenant syncs running side by side with the same app and secret share one request.
      let pending = inFlight.get(key);
      if (pending?.clientSecret !== credentials.clientSecret) {
        const request = requestToken(credentials).finally(() => {
          if (inFlight.get(key)?.request === request) inFlight.delete(key);
        });
        pending = { clientSecret: credentials.clientSecret, request };
        inFlight.set(key, pending);
      }
      const token = await pending.request;
      cache.set(key, token);
      return token.accessToken;
    },
  };
}

/** Refuses what could not be right before the secret is sent anywhere. */
function checkCredentials(credentials: EntraAppCredentials): void {
  const where = `MCAS tenant "${credentials.tenantName}"`;
  if (!EntraTenantId.safeParse(credentials.entraTenantId).success) {
    throw new CredentialError(
      'entra',
      `The Directory (tenant) ID saved for ${where} is not a GUID or a domain. Copy it from the ` +
        "Entra app's Overview page and save it in the tenant settings.",
    );
  }
  if (!EntraClientId.safeParse(credentials.clientId).success) {
    throw new CredentialError(
      'entra',
      `The Application (client) ID saved for ${where} is not a GUID. Copy it from the Entra ` +
        "app's Overview page and save it in the tenant settings.",
    );
  }
  if (credentials.clientSecret.trim() === '') {
    throw new CredentialError(
      'entra',
      `No client secret is saved for ${where}. Paste the secret's Value in the tenant settings.`,
    );
  }
}

/**
 * One message per AADSTS code an admin can act on. The vendor's `error_description` is not
 * repeated: it carries trace ids and timestamps and is not ours to vouch for.
 */
function errorFor(
  status: number,
  text: string,
  credentials: EntraAppCredentials,
): ExternalApiError {
  const body = parseJsonAs(text, OAuthErrorBody);
  const where = `MCAS tenant "${credentials.tenantName}"`;
  const app = `the Entra app ${credentials.clientId}`;
  const directory = `directory "${credentials.entraTenantId}"`;
  if (!body || (status !== 400 && status !== 401)) {
    return new UnexpectedResponseError(
      'entra',
      `Microsoft Entra ID answered HTTP ${status} without an OAuth error to a token request for ` +
        `${where}. Try again later.`,
      status,
    );
  }
  const code = aadstsCode(body);
  const reason = `(HTTP ${status}, ${body.error}${code ? `, ${code}` : ''})`;
  const fix = ENTRA_FIXES[code ?? ''];
  const message = fix
    ? fix({ where, app, directory, reason })
    : `Microsoft Entra ID refused to issue a token to ${app} for ${where} ${reason}. Check the ` +
      'Directory (tenant) ID, the Application (client) ID and the client secret in the tenant ' +
      `settings, and that the app has the ${permissionFor(credentials.scope)} application ` +
      'permission with admin consent.';
  return new CredentialError('entra', message, status);
}

interface FixContext {
  where: string;
  app: string;
  directory: string;
  reason: string;
}

const NEW_SECRET =
  'In Entra → App registrations → the app → Certificates & secrets, create a new client secret, ' +
  'copy its Value (not the Secret ID) and save it in the tenant settings.';

const ENTRA_FIXES: Record<string, (context: FixContext) => string> = {
  AADSTS7000215: ({ where, app, reason }) =>
    `Microsoft Entra ID refused the client secret of ${app} for ${where} ${reason}. ${NEW_SECRET}`,
  AADSTS7000222: ({ where, app, reason }) =>
    `The client secret of ${app} for ${where} has expired ${reason}. ${NEW_SECRET}`,
  AADSTS700016: ({ where, app, directory, reason }) =>
    `Microsoft Entra ID has no ${app} in ${directory} for ${where} ${reason}. Check the ` +
    "Application (client) ID on the app's Overview page in Entra → App registrations, and that " +
    'the app is registered in that directory.',
  AADSTS7000112: ({ where, app, reason }) =>
    `${capitalise(app)} for ${where} is disabled ${reason}. Enable it in Entra → Enterprise ` +
    'applications, or register another app.',
  AADSTS90002: ({ where, directory, reason }) =>
    `Microsoft Entra ID does not know ${directory} for ${where} ${reason}. Copy the Directory ` +
    "(tenant) ID from the Entra app's Overview page and save it in the tenant settings.",
  AADSTS900023: ({ where, directory, reason }) =>
    `Microsoft Entra ID does not accept ${directory} for ${where} as a tenant ${reason}. Copy the ` +
    "Directory (tenant) ID from the Entra app's Overview page and save it in the tenant settings.",
  AADSTS500011: ({ where, directory, reason }) =>
    `Defender for Cloud Apps is not available in ${directory} for ${where} ${reason}. Check that ` +
    'the directory has Defender for Cloud Apps and that the app is registered in the same ' +
    'directory as the MCAS tenant.',
};

/** The application permission the token's API wants, in the words of the Entra admin center. */
function permissionFor(scope: string | undefined): string {
  return scope === GRAPH_ENTRA_SCOPE
    ? 'Microsoft Graph SecurityAlert.Read.All'
    : "Defender for Cloud Apps' Investigation.read";
}

function aadstsCode(body: OAuthErrorBody): string | undefined {
  const first = body.error_codes?.[0];
  if (first !== undefined) return `AADSTS${first}`;
  return /\bAADSTS\d{4,9}\b/.exec(body.error_description ?? '')?.[0];
}

function capitalise(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}
