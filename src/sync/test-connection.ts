/**
 * "Test connection" and "Test key" from the settings page: one real call each (after the Entra
 * token, for an Entra app), reported as what an admin can act on (wrong token or Entra app
 * settings or Graph permission, unreachable host, not an MCAS API URL, remaining quota).
 */
import type { AbuseIpdbClient } from '../clients/abuseipdb';
import {
  CredentialError,
  NoAnswerError,
  RateLimitError,
  RequestRejectedError,
  UnavailableError,
  UnexpectedResponseError,
  describeError,
} from '../clients/errors';
import type { GraphAlertWriter, GraphAlertsClient, GraphConnection } from '../clients/graph';
import type { McasAlertCloser, McasAuth, McasClient, McasConnection } from '../clients/mcas';

/**
 * What testing a tenant found. Domain words: the settings contract's `TestTenantResponse` has
 * the same shape, and the api layer returns these as it (the compiler checks the match).
 */
export type TenantProblem =
  'wrongToken' | 'unreachable' | 'notMcasUrl' | 'rateLimited' | 'rejected' | 'unexpectedAnswer';
export type TenantTestOutcome =
  | {
      outcome: 'connected';
      openAlerts: number;
      moreThan: boolean;
      /** Whether the credential may close alerts (write-back), and why not, naming the permission. */
      canClose?: { allowed: boolean; message: string };
    }
  | { outcome: 'failed'; problem: TenantProblem; message: string };

/** The AbuseIPDB daily quota as its X-RateLimit-* headers last reported it; null when unknown. */
export interface QuotaState {
  limit: number | null;
  remaining: number | null;
  resetsAt: number | null;
}

/** What testing an AbuseIPDB key found (contract: `TestAbuseIpdbKeyResponse`). */
export type KeyTestOutcome =
  | { outcome: 'valid'; quota: QuotaState }
  | {
      outcome: 'failed';
      problem: 'notSet' | 'wrongKey' | 'quotaExhausted' | 'unreachable' | 'unexpectedAnswer';
      message: string;
      quota?: QuotaState;
    };

/**
 * One page of one alert: MCAS's `total` is the count of open alerts (resolution status 0) of
 * every severity, which is what the admin expects to see.
 */
export async function testTenantConnection(
  mcas: McasClient & Partial<McasAlertCloser>,
  connection: Omit<McasConnection, 'auth'>,
  auth: () => Promise<McasAuth>,
): Promise<TenantTestOutcome> {
  try {
    const signedIn = { ...connection, auth: await auth() };
    const page = await mcas.fetchAlertsPage(signedIn, {
      since: 0,
      minSeverity: 'informational',
      resolutionStatuses: [0],
      skip: 0,
      limit: 1,
    });
    const closer = mcas.closeAlerts;
    return {
      outcome: 'connected',
      openAlerts: page.total ?? page.alerts.length,
      moreThan: page.total === undefined && page.hasNext,
      ...(closer && {
        canClose: await canClose(() =>
          // An id that names no alert: MCAS answers `alertsNotFound` when the credential may
          // close alerts and 401/403 when it may not; nothing is closed either way.
          closer(signedIn, {
            endpoint: 'close_benign',
            ids: [PROBE_ALERT_ID],
            comment: 'Cloud App Alerts for Jira: permission check, closes nothing.',
            reasonId: 4,
          }),
        ),
      }),
    };
  } catch (error) {
    return { outcome: 'failed', ...tenantProblem(error) };
  }
}

/**
 * One page of one alert through Microsoft Graph, counting the Defender for Cloud Apps alerts that
 * are not resolved (`$count`), the Graph counterpart of MCAS's open alerts.
 */
export async function testGraphConnection(
  graph: GraphAlertsClient & Partial<GraphAlertWriter>,
  connection: Omit<GraphConnection, 'accessToken'>,
  accessToken: () => Promise<string>,
): Promise<TenantTestOutcome> {
  try {
    const signedIn = { ...connection, accessToken: await accessToken() };
    const page = await graph.fetchAlertsPage(signedIn, {
      since: 0,
      unresolvedOnly: true,
      count: true,
      top: 1,
    });
    const update = graph.updateAlert;
    return {
      outcome: 'connected',
      openAlerts: page.count ?? page.alerts.length,
      moreThan: page.count === undefined && page.nextLink !== undefined,
      ...(update && {
        // A PATCH of an id that names no alert: 404 when the app may change alerts, 403 when not.
        canClose: await canClose(() =>
          update(signedIn, PROBE_ALERT_ID, { status: 'new' }).catch((error: unknown) => {
            if (error instanceof RequestRejectedError && error.status === 404) return;
            throw error;
          }),
        ),
      }),
    };
  } catch (error) {
    return { outcome: 'failed', ...tenantProblem(error) };
  }
}

/** MCAS ids are 24 hex digits; this one names no alert (nor does it name a Graph alert). */
const PROBE_ALERT_ID = '000000000000000000000000';

async function canClose(
  probe: () => Promise<unknown>,
): Promise<{ allowed: boolean; message: string }> {
  try {
    await probe();
    return { allowed: true, message: 'The credential may close alerts (write-back).' };
  } catch (error) {
    return {
      allowed: false,
      message:
        error instanceof CredentialError
          ? describeError(error)
          : `Whether the credential may close alerts could not be checked: ${describeError(error)}`,
    };
  }
}

function tenantProblem(error: unknown): {
  problem: TenantProblem;
  message: string;
} {
  const message = describeError(error);
  if (error instanceof CredentialError) return { problem: 'wrongToken', message };
  if (error instanceof RateLimitError) return { problem: 'rateLimited', message };
  // A strange answer from Entra says nothing about the MCAS URL.
  if (error instanceof UnexpectedResponseError && error.service === 'entra') {
    return { problem: 'unexpectedAnswer', message };
  }
  if (error instanceof UnexpectedResponseError) return { problem: 'notMcasUrl', message };
  if (error instanceof RequestRejectedError) {
    return { problem: error.status === 404 ? 'notMcasUrl' : 'rejected', message };
  }
  if (error instanceof UnavailableError) return { problem: 'unreachable', message };
  // fetch itself failed (DNS, TLS, refused connection) and the retries gave up.
  return {
    problem: 'unreachable',
    message: 'The API URL could not be reached. Check the URL and that the host answers.',
  };
}

/** An address AbuseIPDB answers for without needing a real suspect. Costs one check. */
export const KEY_TEST_IP = '127.0.0.1';

export function quotaView(client: AbuseIpdbClient): QuotaState {
  const quota = client.quota();
  return {
    limit: quota?.limit ?? null,
    remaining: quota?.remaining ?? null,
    resetsAt: quota?.resetAt ?? null,
  };
}

export async function testAbuseIpdbKey(client: AbuseIpdbClient): Promise<KeyTestOutcome> {
  try {
    await client.check(KEY_TEST_IP);
    return { outcome: 'valid', quota: quotaView(client) };
  } catch (error) {
    const message = describeError(error);
    const quota = quotaView(client);
    if (error instanceof CredentialError) {
      return { outcome: 'failed', problem: 'wrongKey', message };
    }
    if (error instanceof RateLimitError) {
      return { outcome: 'failed', problem: 'quotaExhausted', message, quota };
    }
    if (error instanceof UnexpectedResponseError || error instanceof RequestRejectedError) {
      return { outcome: 'failed', problem: 'unexpectedAnswer', message };
    }
    // "api.abuseipdb.com did not answer within 8 s": the resolver's budget cut a hanging host off.
    if (error instanceof NoAnswerError)
      return { outcome: 'failed', problem: 'unreachable', message };
    return {
      outcome: 'failed',
      problem: 'unreachable',
      message: 'AbuseIPDB could not be reached. Try again in a few minutes.',
    };
  }
}
