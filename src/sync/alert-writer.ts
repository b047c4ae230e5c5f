/**
 * What the write-back asks of Defender, for either source: close an alert, reopen it, tell which
 * of some alerts someone closed there, and probe whether the credential may change alerts at all.
 * MCAS (`close_<kind>` endpoints) and Graph (`PATCH alerts_v2/{id}` + a comment) differ a lot;
 * behind this interface the write-back is one code path.
 */
import { RequestRejectedError } from '../clients/errors';
import type { GraphAlertUpdate, GraphConnection } from '../clients/graph';
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
   * Alerts grouped into the same issue as repeats (`groupedAlertIds`), each with its creation
   * time from its own claim. MCAS closes them in the same call; Graph one by one, each found by
   * its time as the issue's own alert is.
   */
  grouped?: GroupedRef[];
}

/** A repeat grouped into an issue; `timestamp` (Unix ms) is what Graph finds it by. */
export interface GroupedRef {
  alertId: string;
  timestamp: number | undefined;
}

/** Someone closed an alert in Defender: how, and by whom and when where Defender says. */
export interface DefenderClosure {
  how: string;
  by?: string;
  at?: string;
}

export interface AlertWriter {
  readonly name: string;
  /**
   * Closes the alert, then its grouped repeats; `onGroupedClosed` hears of each repeat as it
   * lands (or is gone from Defender), so a retry after a failure part way skips those. Throws an
   * ExternalApiError when Defender refuses; a CredentialError names the permission.
   */
  close(
    alert: AlertRef,
    plan: ClosurePlan,
    comment: string,
    onGroupedClosed?: (alertId: string) => void,
  ): Promise<void>;
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
    async close(alert, plan, comment, onGroupedClosed) {
      const grouped = (alert.grouped ?? [])
        .map(({ alertId }) => alertId)
        .filter((id) => id !== alert.alertId);
      const answer = await client.closeAlerts(conn, {
        endpoint: plan.mcas.endpoint,
        // One call closes the alert and every repeat grouped into it (MCAS takes a list).
        ids: [alert.alertId, ...grouped],
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
      // A repeat MCAS no longer knows (`alertsNotFound`) has nothing left to close either.
      for (const id of grouped) onGroupedClosed?.(id);
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
  /** Alerts found by MCAS id, for the life of this writer (one run or one event). */
  const found = new Map<string, GraphAlertSeen>();

  /**
   * An app issue names its alert by the MCAS id (`providerAlertId`), but Graph changes alerts by
   * its own id, and alerts_v2 cannot filter on either: the alert is found in its creation
   * millisecond (one call). The answer also carries the alert's state and comments, which say
   * what an earlier attempt already did.
   */
  async function seen(alertId: string, timestamp: number): Promise<GraphAlertSeen | undefined> {
    const known = found.get(alertId);
    if (known !== undefined) return known;
    let page = await client.fetchAlertsPage(conn, { since: timestamp, before: timestamp + 1 });
    for (;;) {
      for (const raw of page.alerts) {
        const record = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<
          string,
          unknown
        >;
        const id = record.id;
        const provider = record.providerAlertId;
        if (typeof id === 'string' && (provider === alertId || id === alertId)) {
          const alert = graphAlertSeen(id, record);
          found.set(alertId, alert);
          return alert;
        }
      }
      if (page.nextLink === undefined) return undefined;
      page = await client.fetchAlertsPage(conn, { nextLink: page.nextLink });
    }
  }

  async function required(alert: AlertRef): Promise<GraphAlertSeen> {
    const known = await seen(alert.alertId, alert.timestamp);
    if (known !== undefined) return known;
    throw new RequestRejectedError(
      'graph',
      `Microsoft Graph for tenant "${conn.tenantName}" has no alert ${alert.alertId} created at ` +
        `${new Date(alert.timestamp).toISOString()}.`,
      404,
    );
  }

  /**
   * Sets the alert's state and says why, each at most once observable: a PATCH the alert already
   * shows is not sent again, and a comment is not posted when it is already the alert's newest
   * (an earlier attempt whose answer was lost). The same words after a reopen in between are a
   * new comment, since the reopen comment is then the newest.
   */
  async function change(
    alert: GraphAlertSeen,
    update: GraphAlertUpdate,
    comment: string,
  ): Promise<void> {
    const shows = (Object.keys(update) as Array<keyof GraphAlertUpdate>).every(
      (name) => alert.fields[name] === update[name],
    );
    if (!shows) {
      await client.updateAlert(conn, alert.id, update);
      Object.assign(alert.fields, update);
    }
    if (alert.newestComment !== comment) {
      await client.addAlertComment(conn, alert.id, comment);
      alert.newestComment = comment;
    }
  }

  return {
    name: 'Microsoft Graph',
    async close(alert, plan, comment, onGroupedClosed) {
      const update: GraphAlertUpdate = {
        status: 'resolved',
        classification: plan.graph.classification,
        determination: plan.graph.determination,
      };
      await change(await required(alert), update, comment);
      // Graph has no bulk change: each repeat is found by its time (one call), then resolved
      // and commented like the issue's own alert. One Defender may have deleted is skipped.
      for (const repeat of alert.grouped ?? []) {
        if (repeat.alertId === alert.alertId || repeat.timestamp === undefined) continue;
        const other = await seen(repeat.alertId, repeat.timestamp);
        if (other !== undefined) await change(other, update, comment);
        onGroupedClosed?.(repeat.alertId);
      }
    },
    async reopen(alert, comment) {
      await change(await required(alert), { status: 'inProgress' }, comment);
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

/** A Graph alert as its search answered: its id, the fields the app sets, its newest comment. */
interface GraphAlertSeen {
  id: string;
  fields: Partial<Record<keyof GraphAlertUpdate, unknown>>;
  newestComment: string | undefined;
}

function graphAlertSeen(id: string, record: Record<string, unknown>): GraphAlertSeen {
  const comments = Array.isArray(record.comments) ? (record.comments as unknown[]) : [];
  let newest: { text: string; at: string } | undefined;
  for (const entry of comments) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { comment, createdDateTime } = entry as Record<string, unknown>;
    if (typeof comment !== 'string') continue;
    const at = typeof createdDateTime === 'string' ? createdDateTime : '';
    // Graph lists comments oldest first; the time decides where it says.
    if (newest === undefined || at >= newest.at) newest = { text: comment, at };
  }
  return {
    id,
    fields: {
      status: record.status,
      classification: record.classification,
      determination: record.determination,
    },
    newestComment: newest?.text,
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
