/**
 * What the write-back asks of Defender, for either source: close an alert, reopen it, tell which
 * of some alerts someone closed there, and probe whether the credential may change alerts at all.
 * MCAS (`close_<kind>` endpoints) and Graph (`PATCH alerts_v2/{id}` + a comment) differ a lot;
 * behind this interface the write-back is one code path.
 */
import { RequestRejectedError } from '../clients/errors';
import type { GraphConnection } from '../clients/graph';
import { createGraphAlertsClient } from '../clients/graph';
import type { McasConnection } from '../clients/mcas';
import { MCAS_MAX_PAGE_SIZE, createMcasClient } from '../clients/mcas';
import type { Tenant } from '../core/config';
import type { ClosurePlan } from '../core/write-back';
import { graphClosedHow, mcasClosedHow } from '../core/write-back';
import { graphTokenFor, mcasAuthFor } from './tenant-auth';
import { clientDepsOf, type TenantClientDeps } from './tenant-source';

/** An app issue's alert as its `mcas.alert` property names it. */
export interface AlertRef {
  /** The MCAS id (Graph's `providerAlertId`). */
  alertId: string;
  /** When the alert was created, Unix ms: Graph can only find an alert by its time. */
  timestamp: number;
  /**
   * Alerts grouped into the same issue as repeats (`groupedAlertIds`). MCAS closes them in the
   * same call; Graph tenants group by Defender incident, and Graph can find an alert only by
   * its time, which the property does not keep for repeats: there they stay for the portal.
   */
  grouped?: string[];
}

/** Someone closed an alert in Defender: how, and by whom and when where Defender says. */
export interface DefenderClosure {
  how: string;
  by?: string;
  at?: string;
}

export interface AlertWriter {
  readonly name: string;
  /** Throws an ExternalApiError when Defender refuses; a CredentialError names the permission. */
  close(alert: AlertRef, plan: ClosurePlan, comment: string): Promise<void>;
  /** `unsupported` where the API cannot reopen (MCAS). */
  reopen(alert: AlertRef, comment: string): Promise<'reopened' | 'unsupported'>;
  /**
   * Of these alerts, the ones closed or dismissed in Defender. `since` (Unix ms) lets a source
   * read only alerts changed since the last check (Graph); MCAS reads them by id, 100 a call.
   */
  closedInDefender(alerts: AlertRef[], since: number): Promise<Map<string, DefenderClosure>>;
  /** Resolves when the credential may close alerts; throws the refusal otherwise. */
  probeWrite(): Promise<void>;
}

/** MCAS ids are 24 hex digits: this one names no alert, so a probe closes nothing. */
const PROBE_ALERT_ID = '000000000000000000000000';
/** MCAS `resolutionStatusValue`s of a closed or dismissed alert. */
const MCAS_CLOSED_STATUSES = [1, 2, 3, 4, 5];
/** How far back Graph is asked for alerts (the sync's own look-back is at most 90 days). */
const GRAPH_LOOKBACK_MS = 90 * 86_400_000;

export type WriterDeps = TenantClientDeps;

export async function signedInWriter(
  tenant: Tenant,
  secret: string,
  deps: WriterDeps,
): Promise<AlertWriter> {
  const clientDeps = clientDepsOf(deps);
  if (tenant.source === 'graph') {
    return graphWriter(createGraphAlertsClient(clientDeps), {
      tenantId: tenant.id,
      tenantName: tenant.name,
      baseUrl: tenant.url,
      accessToken: await graphTokenFor(tenant, secret, deps.entra),
    });
  }
  return mcasWriter(createMcasClient(clientDeps), {
    tenantId: tenant.id,
    tenantName: tenant.name,
    baseUrl: tenant.url,
    auth: await mcasAuthFor(tenant, secret, deps.entra),
  });
}

function mcasWriter(
  client: ReturnType<typeof createMcasClient>,
  conn: McasConnection,
): AlertWriter {
  return {
    name: 'MCAS',
    async close(alert, plan, comment) {
      const answer = await client.closeAlerts(conn, {
        endpoint: plan.mcas.endpoint,
        // One call closes the alert and every repeat grouped into it (MCAS takes a list).
        ids: [alert.alertId, ...(alert.grouped ?? []).filter((id) => id !== alert.alertId)],
        comment,
        ...(plan.mcas.reasonId !== undefined ? { reasonId: plan.mcas.reasonId } : {}),
      });
      if (answer.notFound.includes(alert.alertId)) {
        throw new RequestRejectedError(
          'mcas',
          `MCAS tenant "${conn.tenantName}" does not know alert ${alert.alertId} (alertsNotFound): ` +
            'it may have been deleted in Defender.',
          404,
        );
      }
    },
    // The MCAS API has close endpoints only: an alert closed there is reopened in the portal.
    reopen: () => Promise.resolve('unsupported'),
    async closedInDefender(alerts) {
      const found = new Map<string, DefenderClosure>();
      for (let start = 0; start < alerts.length; start += MCAS_MAX_PAGE_SIZE) {
        const ids = alerts.slice(start, start + MCAS_MAX_PAGE_SIZE).map(({ alertId }) => alertId);
        // Only the closed ones come back, so the answer stays small; 100 ids a call.
        const page = await client.fetchAlertsPage(conn, {
          since: 0,
          minSeverity: 'informational',
          resolutionStatuses: MCAS_CLOSED_STATUSES,
          skip: 0,
          limit: MCAS_MAX_PAGE_SIZE,
          ids,
        });
        for (const raw of page.alerts) {
          if (typeof raw !== 'object' || raw === null) continue;
          const record = raw as Record<string, unknown>;
          const id = record._id;
          const how = mcasClosedHow(
            typeof record.resolutionStatusValue === 'number'
              ? record.resolutionStatusValue
              : undefined,
          );
          // MCAS documents no "closed by" or "closed at" field on an alert.
          if (typeof id === 'string' && how !== undefined) found.set(id, { how });
        }
      }
      return found;
    },
    async probeWrite() {
      // Closing an id that names no alert changes nothing: a credential that may close alerts
      // gets `alertsNotFound`, one that may not gets 401/403 (a CredentialError naming why).
      await client.closeAlerts(conn, {
        endpoint: 'close_benign',
        ids: [PROBE_ALERT_ID],
        comment: 'Cloud App Alerts for Jira: permission check, closes nothing.',
        reasonId: 4,
      });
    },
  };
}

function graphWriter(
  client: ReturnType<typeof createGraphAlertsClient>,
  conn: GraphConnection,
): AlertWriter {
  /** Graph ids by MCAS id, for the life of this writer (one run or one event). */
  const graphIds = new Map<string, string>();

  /**
   * An app issue names its alert by the MCAS id (`providerAlertId`), but Graph changes alerts by
   * its own id, and alerts_v2 cannot filter on either: the alert is found in its creation
   * millisecond (one call).
   */
  async function graphIdOf(alert: AlertRef): Promise<string> {
    const known = graphIds.get(alert.alertId);
    if (known !== undefined) return known;
    let page = await client.fetchAlertsPage(conn, {
      since: alert.timestamp,
      before: alert.timestamp + 1,
    });
    for (;;) {
      for (const raw of page.alerts) {
        const record = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<
          string,
          unknown
        >;
        const id = record.id;
        const provider = record.providerAlertId;
        if (typeof id === 'string' && (provider === alert.alertId || id === alert.alertId)) {
          graphIds.set(alert.alertId, id);
          return id;
        }
      }
      if (page.nextLink === undefined) break;
      page = await client.fetchAlertsPage(conn, { nextLink: page.nextLink });
    }
    throw new RequestRejectedError(
      'graph',
      `Microsoft Graph for tenant "${conn.tenantName}" has no alert ${alert.alertId} created at ` +
        `${new Date(alert.timestamp).toISOString()}.`,
      404,
    );
  }

  return {
    name: 'Microsoft Graph',
    async close(alert, plan, comment) {
      const id = await graphIdOf(alert);
      await client.updateAlert(conn, id, {
        status: 'resolved',
        classification: plan.graph.classification,
        determination: plan.graph.determination,
      });
      await client.addAlertComment(conn, id, comment);
    },
    async reopen(alert, comment) {
      const id = await graphIdOf(alert);
      await client.updateAlert(conn, id, { status: 'inProgress' });
      await client.addAlertComment(conn, id, comment);
      return 'reopened';
    },
    async closedInDefender(alerts, since) {
      const wanted = new Set(alerts.map(({ alertId }) => alertId));
      const found = new Map<string, DefenderClosure>();
      if (wanted.size === 0) return found;
      // Only alerts resolved and changed since the last check: a few calls whatever the number
      // of open issues (Graph filters on lastUpdateDateTime and status).
      let page = await client.fetchAlertsPage(conn, {
        since: since - GRAPH_LOOKBACK_MS,
        resolvedOnly: true,
        updatedSince: since,
      });
      for (;;) {
        for (const raw of page.alerts) {
          const record = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<
            string,
            unknown
          >;
          const provider =
            typeof record.providerAlertId === 'string' ? record.providerAlertId : record.id;
          if (typeof provider !== 'string' || !wanted.has(provider)) continue;
          found.set(provider, graphClosure(record));
        }
        if (page.nextLink === undefined) break;
        page = await client.fetchAlertsPage(conn, { nextLink: page.nextLink });
      }
      return found;
    },
    async probeWrite() {
      try {
        // A PATCH of an id that names no alert: 404 when the app may write, 403 when it may not.
        await client.updateAlert(conn, 'cloud-app-alerts-permission-check', { status: 'new' });
      } catch (error) {
        if (error instanceof RequestRejectedError && error.status === 404) return;
        throw error;
      }
    },
  };
}

/** How, by whom and when a resolved Graph alert was closed, from what Graph tells. */
function graphClosure(record: Record<string, unknown>): DefenderClosure {
  const comments = Array.isArray(record.comments) ? record.comments : [];
  const last = comments.at(-1) as Record<string, unknown> | undefined;
  const by =
    typeof record.assignedTo === 'string' && record.assignedTo !== ''
      ? record.assignedTo
      : typeof last?.createdByDisplayName === 'string'
        ? last.createdByDisplayName
        : undefined;
  const at = typeof record.resolvedDateTime === 'string' ? record.resolvedDateTime : undefined;
  return {
    how: graphClosedHow(
      typeof record.classification === 'string' ? record.classification : undefined,
    ),
    ...(by !== undefined && { by }),
    ...(at !== undefined && { at }),
  };
}
