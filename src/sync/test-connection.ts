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
import type { GraphAlertsClient, GraphConnection } from '../clients/graph';
import type { McasAuth, McasClient, McasConnection } from '../clients/mcas';

/**
 * What testing a tenant found. Domain words: the settings contract's `TestTenantResponse` has
 * the same shape, and the api layer returns these as it (the compiler checks the match).
 */
export type TenantProblem =
  'wrongToken' | 'unreachable' | 'notMcasUrl' | 'rateLimited' | 'rejected' | 'unexpectedAnswer';
export type TenantTestOutcome =
  | { outcome: 'connected'; openAlerts: number; moreThan: boolean }
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
  mcas: McasClient,
  connection: Omit<McasConnection, 'auth'>,
  auth: () => Promise<McasAuth>,
): Promise<TenantTestOutcome> {
  try {
    const page = await mcas.fetchAlertsPage(
      { ...connection, auth: await auth() },
      {
        since: 0,
        minSeverity: 'informational',
        resolutionStatuses: [0],
        skip: 0,
        limit: 1,
      },
    );
    return {
      outcome: 'connected',
      openAlerts: page.total ?? page.alerts.length,
      moreThan: page.total === undefined && page.hasNext,
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
  graph: GraphAlertsClient,
  connection: Omit<GraphConnection, 'accessToken'>,
  accessToken: () => Promise<string>,
): Promise<TenantTestOutcome> {
  try {
    const page = await graph.fetchAlertsPage(
      { ...connection, accessToken: await accessToken() },
      { since: 0, unresolvedOnly: true, count: true, top: 1 },
    );
    return {
      outcome: 'connected',
      openAlerts: page.count ?? page.alerts.length,
      moreThan: page.count === undefined && page.nextLink !== undefined,
    };
  } catch (error) {
    return { outcome: 'failed', ...tenantProblem(error) };
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
