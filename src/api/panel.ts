/**
 * The issue panel's resolvers as plain functions. Every one: parse with the contract → require
 * that the caller can see the context issue (read as the caller) → delegate → typed result. The
 * AbuseIPDB key is used here and never answered.
 */
import { createAbuseIpdbClient } from '../clients/abuseipdb';
import { CredentialError, NoAnswerError, RateLimitError } from '../clients/errors';
import { createJiraClient } from '../clients/jira';
import { PANEL_RESOLVERS, panelContract } from '../contract/panel';
import type { FoundIp, PanelResolverName } from '../contract/panel';
import { adfToText } from '../core/adf';
import type { ProjectConfig } from '../core/config';
import { isDefenderAlertLink } from '../core/hosts';
import { PANEL_LOOKUPS_PER_CALL } from '../core/lookup-limits';
import { canonicalIp, classifyIp, extractIps, isLookupable } from '../core/ip';
import {
  ALERT_PROPERTY_KEY,
  AlertProperty,
  ENRICHMENT_PROPERTY_KEY,
  EnrichmentProperty,
} from '../core/model';
import { getJiraTarget } from '../sync/jira-target';
import { getAbuseIpdbKey, loadProject } from '../sync/repository';
import { lookUpFindings, recheckIssue } from '../sync/requery';
import { loadIssueRecord } from '../sync/issue-record';
import { cooldownUntil, startCooldown } from '../sync/panel-cooldown';
import { quotaView } from '../sync/test-connection';
import { requireIssueEditable, requireIssueVisible, userJira } from './authorize';
import type { IssueAccess } from './authorize';
import { ApiError } from './errors';
import { defineResolvers } from './handler';
import type { ApiOptions, ApiPorts, Handler } from './ports';
import { formatDuration } from '../ports';
import type { RetryPolicy } from '../clients/retry';

export type PanelApi = Record<PanelResolverName, Handler>;

const PROPERTIES = [ALERT_PROPERTY_KEY, ENRICHMENT_PROPERTY_KEY];

function alertOf(access: IssueAccess) {
  const alert = AlertProperty.safeParse(access.properties[ALERT_PROPERTY_KEY]);
  return alert.success ? alert.data : undefined;
}

function enrichmentOf(access: IssueAccess) {
  const enrichment = EnrichmentProperty.safeParse(access.properties[ENRICHMENT_PROPERTY_KEY]);
  return enrichment.success ? enrichment.data : undefined;
}

/** IPv4 and IPv6 addresses in the issue's summary and description, in order found. */
function foundIps(access: IssueAccess): FoundIp[] {
  const summary = typeof access.fields.summary === 'string' ? access.fields.summary : '';
  const description = adfToText(access.fields.description);
  return extractIps(`${summary}\n${description}`).map((ip) => ({
    ip,
    range: classifyIp(ip),
    lookupable: isLookupable(ip),
  }));
}

function noKey(projectKey: string): ApiError {
  return new ApiError(
    'NOT_CONFIGURED',
    `No AbuseIPDB key is set for project ${projectKey}. A project administrator can add one in ` +
      'Project settings → Cloud App Alerts → AbuseIPDB.',
  );
}

export function createPanelApi(ports: ApiPorts, options: ApiOptions = {}): PanelApi {
  const { store } = ports;
  const visible = (caller: Parameters<Handler>[1], policy: RetryPolicy) =>
    requireIssueVisible(ports, caller, PROPERTIES, policy);

  /** The project's config and AbuseIPDB client, or the error that says who can set them up. */
  async function abuseIpdbFor({ projectId, projectKey }: IssueAccess, policy: RetryPolicy) {
    const [config, apiKey] = await Promise.all([
      loadProject(store, projectId),
      getAbuseIpdbKey(store, projectId),
    ]);
    if (!apiKey) throw noKey(projectKey);
    const settings: ProjectConfig['abuseipdb'] = config?.abuseipdb ?? {
      maxAgeInDays: 90,
      cacheHours: 24,
    };
    const client = createAbuseIpdbClient({
      http: ports.http,
      clock: ports.clock,
      logger: ports.logger,
      apiKey,
      maxAgeInDays: settings.maxAgeInDays,
      policy,
      ...(options.abuseIpdbBaseUrl ? { baseUrl: options.abuseIpdbBaseUrl } : {}),
    });
    return { config, settings, client };
  }

  /** One panel look-up per issue per cooldown; the next caller is told when to try again. */
  async function coolDown(access: IssueAccess): Promise<void> {
    const until = await cooldownUntil(store, ports.clock, access.projectId, access.issueKey);
    if (until !== undefined) {
      throw new ApiError(
        'RATE_LIMITED',
        `This issue's addresses were checked a moment ago. Try again after ${new Date(until).toISOString()}.`,
        { retryAt: until },
      );
    }
    await startCooldown(store, ports.clock, access.projectId, access.issueKey);
  }

  /** AbuseIPDB's refusals in words for an analyst, with who can fix what. */
  async function asAnalyst<T>(projectKey: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof RateLimitError && error.service === 'abuseipdb') {
        const retryAt = ports.clock.now() + error.retryAfterMs;
        throw new ApiError(
          'RATE_LIMITED',
          `AbuseIPDB's daily quota for this project is used up. It resets at ${new Date(retryAt).toISOString()}.`,
          { retryAt },
        );
      }
      if (error instanceof CredentialError && error.service === 'abuseipdb') {
        throw new ApiError(
          'CREDENTIALS',
          `AbuseIPDB refused the API key of project ${projectKey}. A project administrator can ` +
            'replace it in Project settings → Cloud App Alerts → AbuseIPDB.',
        );
      }
      if (error instanceof CredentialError && error.service === 'jira') {
        throw new ApiError(
          'FORBIDDEN',
          'You can see this issue but not edit it, so the new verdicts were not saved to it.',
        );
      }
      if (error instanceof ApiError) throw error;
      if (error instanceof NoAnswerError) {
        throw new ApiError(
          'UNAVAILABLE',
          `${error.host} did not answer within ${formatDuration(error.timeoutMs)}. Try again in a few minutes.`,
        );
      }
      if (error instanceof Error && 'service' in error && error.service === 'abuseipdb') {
        throw new ApiError(
          'UNAVAILABLE',
          'AbuseIPDB could not be reached. Try again in a few minutes.',
        );
      }
      throw error;
    }
  }

  // `policy` carries the invocation's 25 s budget to every client a resolver creates.
  return defineResolvers(panelContract, ports, visible, {
    [PANEL_RESOLVERS.getIssueView]: async (_input, access) => {
      const [config, apiKey] = await Promise.all([
        loadProject(store, access.projectId),
        getAbuseIpdbKey(store, access.projectId),
      ]);
      const alert = alertOf(access);
      if (!alert) {
        return {
          kind: 'other' as const,
          issueKey: access.issueKey,
          ips: foundIps(access),
          keyConfigured: apiKey !== undefined,
        };
      }
      const enrichment = enrichmentOf(access);
      return {
        kind: 'alert' as const,
        issueKey: access.issueKey,
        alert,
        ...(enrichment?.tenantName !== undefined ? { tenantName: enrichment.tenantName } : {}),
        // Issue properties are editable by anyone who can edit the issue: only a link to
        // Defender's own hosts is offered as "Open the alert"; anything else is text.
        ...alertLink(enrichment?.alertUrl),
        users: enrichment?.users ?? [],
        findings: enrichment?.findings ?? [],
        keyConfigured: apiKey !== undefined,
        reportedIpsMapped: config?.fields.reportedIps !== undefined,
      };
    },

    [PANEL_RESOLVERS.recheck]: async ({ ip }, access, policy) => {
      // Permission first, then the app's own record, then the cooldown: nothing is looked up
      // for a caller who may not, or on addresses someone wrote into the issue property.
      await requireIssueEditable(ports, access, policy);
      const canonical = ip === undefined ? undefined : canonicalIp(ip);
      if (ip !== undefined && canonical === undefined) {
        throw new ApiError('INVALID_INPUT', 'That is not an IP address.', {
          fieldErrors: { ip: 'is not an IPv4 or IPv6 address' },
        });
      }
      const record = await loadIssueRecord(store, access.projectId, access.issueKey);
      if (!record) {
        throw new ApiError(
          'NOT_FOUND',
          'Cloud App Alerts has no record of this issue’s addresses (it was not created by the ' +
            'app, was created before re-checks were recorded, or its record has expired), so it ' +
            'cannot re-check them.',
        );
      }
      const enrichment = enrichmentOf(access) ?? { users: [], findings: [] };
      const { config, settings, client } = await abuseIpdbFor(access, policy);
      await coolDown(access);
      const appJira = createJiraClient({
        transport: ports.jira,
        clock: ports.clock,
        logger: ports.logger,
        policy,
      });
      const reportedIps = config?.fields.reportedIps
        ? (await getJiraTarget(store, appJira, config)).target.fields.reportedIps
        : undefined;
      const outcome = await asAnalyst(access.projectKey, () =>
        recheckIssue(access.issueKey, enrichment, record.ips, canonical, {
          projectId: access.projectId,
          store,
          clock: ports.clock,
          logger: ports.logger,
          abuseIpdb: client,
          settings,
          userJira: userJira(ports, policy),
          ...(reportedIps ? { reportedIpsField: reportedIps } : {}),
        }),
      );
      return { ...outcome, quota: quotaView(client) };
    },

    [PANEL_RESOLVERS.lookup]: async ({ ips }, access, policy) => {
      await requireIssueEditable(ports, access, policy);
      const found = foundIps(access).map((entry) => entry.ip);
      const requested = ips?.map((ip) => canonicalIp(ip) ?? ip) ?? found;
      const strangers = requested.filter((ip) => !found.includes(ip));
      if (strangers.length > 0) {
        // The panel looks up what the issue says, not arbitrary addresses with the project's key.
        throw new ApiError('INVALID_INPUT', `${strangers.join(', ')} is not in this issue.`, {
          fieldErrors: { ips: 'only addresses found in this issue can be looked up' },
        });
      }
      // An issue's text can name hundreds of addresses: one call asks about a bounded number.
      const capped = capPublic(requested, PANEL_LOOKUPS_PER_CALL);
      const { settings, client } = await abuseIpdbFor(access, policy);
      await coolDown(access);
      const findings = await asAnalyst(access.projectKey, () =>
        lookUpFindings(
          capped,
          {
            projectId: access.projectId,
            store,
            clock: ports.clock,
            logger: ports.logger,
            abuseIpdb: client,
            settings,
          },
          { bypassCache: false },
        ),
      );
      return { findings, quota: quotaView(client) };
    },
  });
}

/** Every special-purpose address (never sent anyway) and the first `max` public ones. */
function capPublic(ips: string[], max: number): string[] {
  let publicSeen = 0;
  return ips.filter((ip) => !isLookupable(ip) || ++publicSeen <= max);
}

function alertLink(url: string | undefined): { alertUrl?: string; unverifiedAlertUrl?: string } {
  if (url === undefined) return {};
  if (isDefenderAlertLink(url)) return { alertUrl: url };
  return { unverifiedAlertUrl: url.slice(0, 2000) };
}
