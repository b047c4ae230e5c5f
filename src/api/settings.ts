/**
 * The settings page's resolvers as plain functions. Every one: parse with the contract → require
 * a project admin of the context project (asked of Jira as the caller) → delegate → typed result.
 * Secrets are accepted and stored here; answers only ever carry their hints.
 */
import { createAbuseIpdbClient } from '../clients/abuseipdb';
import { createEntraTokenProvider } from '../clients/entra';
import { createJiraClient } from '../clients/jira';
import { createGraphAlertsClient } from '../clients/graph';
import { createMcasClient } from '../clients/mcas';
import type { ProjectId } from '../core/config';
import { ProjectConfig } from '../core/config';
import { previewRules } from '../core/rules/preview';
import { SETTINGS_RESOLVERS, createSettingsContract, tenantUrlMessage } from '../contract/settings';
import type { SettingsResolverName } from '../contract/settings';
import { purgeProjectData } from '../sync/project-data';
import { loadRecentAlerts } from '../sync/recent-alerts';
import {
  deleteAbuseIpdbKey,
  getAbuseIpdbKey,
  listRuns,
  listTenants,
  loadProject,
  saveProject,
  secretHint,
  setAbuseIpdbKey,
} from '../sync/repository';
import { graphTokenFor, mcasAuthFor, secretName } from '../sync/tenant-auth';
import { readJiraMeta } from '../sync/settings-jira-meta';
import { checkRules } from '../sync/settings-rules-check';
import { UNSAVED_TENANT_NAME, abuseIpdbTabAdvice, tenantDialogAdvice } from '../sync/test-advice';
import { listFailedAlerts, queueRetry, queueSyncNow } from '../sync/settings-runs';
import {
  TenantInputError,
  addTenant,
  latestRunByTenant,
  removeTenant,
  requireTenant,
  boundSecret,
  resolveTenantAuth,
  resolveTenantEndpoint,
  setTenantEnabled,
  updateTenant,
} from '../sync/settings-tenants';
import type { TenantEndpoint } from '../sync/settings-tenants';
import {
  testAbuseIpdbKey,
  testGraphConnection,
  testTenantConnection,
} from '../sync/test-connection';
import { ApiError } from './errors';
import { tenantView } from './tenant-view';
import { defineResolvers } from './handler';
import { requireProjectAdmin } from './authorize';
import type { ApiOptions, ApiPorts, Handler } from './ports';
import type { RetryPolicy } from '../clients/retry';

export type SettingsApi = Record<SettingsResolverName, Handler>;

export function createSettingsApi(ports: ApiPorts, options: ApiOptions = {}): SettingsApi {
  const contract = createSettingsContract({ allowLoopbackMcas: options.allowLoopbackMcas });
  const { store } = ports;
  const admin = (caller: Parameters<Handler>[1], policy: RetryPolicy) =>
    requireProjectAdmin(ports, caller, policy);

  const appJira = (policy: RetryPolicy) =>
    createJiraClient({
      transport: ports.jira,
      clock: ports.clock,
      logger: ports.logger,
      policy,
    });

  const view = async (projectId: ProjectId, tenantId: string) => {
    const tenant = await requireTenant(store, { projectId, tenantId });
    const latest = await latestRunByTenant(store, projectId);
    return { tenant: await tenantView(store, projectId, tenant, latest.get(tenant.id)) };
  };

  // `policy` carries the invocation's 25 s budget to every client a resolver creates.
  return defineResolvers(contract, ports, admin, {
    [SETTINGS_RESOLVERS.getOverview]: async (_input, { projectId, projectKey }) => {
      const [config, tenants, latest, abuseKey] = await Promise.all([
        loadProject(store, projectId),
        listTenants(store, projectId),
        latestRunByTenant(store, projectId),
        getAbuseIpdbKey(store, projectId),
      ]);
      return {
        projectKey,
        config: config ?? null,
        tenants: await Promise.all(
          tenants.map((tenant) => tenantView(store, projectId, tenant, latest.get(tenant.id))),
        ),
        abuseIpdbKey: secretHint(abuseKey),
        allowLoopbackMcas: options.allowLoopbackMcas === true,
      };
    },

    [SETTINGS_RESOLVERS.saveConfig]: async ({ config }, { projectId, projectKey }, policy) => {
      const [stored, tenants] = await Promise.all([
        loadProject(store, projectId),
        listTenants(store, projectId),
      ]);
      // Whether Jira has the project in its trash is Jira's to say (project events), not the page's.
      const saved = ProjectConfig.parse({
        ...config,
        projectId,
        projectKey,
        inTrash: stored?.inTrash ?? false,
      });
      const problems = await checkRules(
        appJira(policy),
        saved,
        stored,
        tenants.map((tenant) => tenant.id),
      );
      if (Object.keys(problems).length > 0) {
        throw new ApiError(
          'INVALID_INPUT',
          'Some triage rules name things this project or Jira does not have. Fix them in the Triage rules tab.',
          {
            fieldErrors: Object.fromEntries(
              Object.entries(problems).map(([path, message]) => [`config.${path}`, message]),
            ),
          },
        );
      }
      await saveProject(store, saved);
      return { config: saved };
    },

    [SETTINGS_RESOLVERS.addTenant]: async (input, { projectId }) => {
      const tenant = await addTenant(store, projectId, input, {
        allowLoopback: options.allowLoopbackMcas === true,
      });
      return view(projectId, tenant.id);
    },

    [SETTINGS_RESOLVERS.updateTenant]: async (input, { projectId }) => {
      await updateTenant(store, projectId, input, {
        allowLoopback: options.allowLoopbackMcas === true,
      });
      return view(projectId, input.tenantId);
    },

    [SETTINGS_RESOLVERS.setTenantEnabled]: async ({ tenantId, enabled }, { projectId }) => {
      await setTenantEnabled(store, { projectId, tenantId }, enabled);
      return view(projectId, tenantId);
    },

    [SETTINGS_RESOLVERS.deleteTenant]: async ({ tenantId }, { projectId }) => {
      await removeTenant(store, { projectId, tenantId });
      return { deleted: tenantId };
    },

    [SETTINGS_RESOLVERS.testTenant]: async (input, { projectId }, policy) => {
      const stored =
        input.tenantId !== undefined
          ? await requireTenant(store, { projectId, tenantId: input.tenantId })
          : undefined;
      let endpoint: TenantEndpoint;
      try {
        // A stored URL saved under other rules is checked again before a token goes to it.
        endpoint = resolveTenantEndpoint(input, stored, {
          allowLoopback: options.allowLoopbackMcas === true,
          checkStored: true,
        });
      } catch (error) {
        if (!(error instanceof TenantInputError)) throw error;
        const source = input.source ?? stored?.source ?? 'mcas';
        return {
          outcome: 'failed' as const,
          problem: 'notMcasUrl' as const,
          message: `The API URL ${tenantUrlMessage(source)}.`,
        };
      }
      const auth = resolveTenantAuth(input, stored, false);
      // The stored secret is bound to the mode, URL, directory and client id it was given
      // for: a test against anything else must bring the secret again.
      const secret = auth.secret ?? (await boundSecret(store, projectId, stored, endpoint, auth));
      if (secret === undefined) {
        return {
          outcome: 'failed' as const,
          problem: 'wrongToken' as const,
          message:
            stored && !auth.newMode
              ? `The URL, directory or client id changed, and the saved ${secretName(auth.authMode)} is only sent where it was given. Paste it again and test.`
              : `No ${secretName(auth.authMode)} is saved for this tenant. Paste one and test again.`,
        };
      }
      const tenantName = stored?.name ?? UNSAVED_TENANT_NAME;
      const connection = {
        tenantId: stored?.id ?? 'connection-test',
        tenantName,
        baseUrl: endpoint.url,
      };
      const clientDeps = {
        http: ports.http,
        clock: ports.clock,
        logger: ports.logger,
        policy,
      };
      const entra = createEntraTokenProvider({
        ...clientDeps,
        loginBaseUrl: options.entraLoginBaseUrl,
      });
      const credentials = { name: tenantName, ...auth };
      const result =
        endpoint.source === 'graph'
          ? await testGraphConnection(createGraphAlertsClient(clientDeps), connection, () =>
              graphTokenFor(credentials, secret, entra),
            )
          : await testTenantConnection(createMcasClient(clientDeps), connection, () =>
              mcasAuthFor(credentials, secret, entra),
            );
      return result.outcome === 'failed'
        ? { ...result, message: tenantDialogAdvice(result.message) }
        : result;
    },

    [SETTINGS_RESOLVERS.setAbuseIpdbKey]: async ({ apiKey }, { projectId }) => {
      await setAbuseIpdbKey(store, projectId, apiKey);
      return { keyHint: secretHint(apiKey) };
    },

    [SETTINGS_RESOLVERS.deleteAbuseIpdbKey]: async (_input, { projectId }) => {
      await deleteAbuseIpdbKey(store, projectId);
      return { keyHint: { set: false as const } };
    },

    [SETTINGS_RESOLVERS.purgeProjectData]: async (
      { confirmProjectKey },
      { projectId, projectKey },
    ) => {
      if (confirmProjectKey.trim().toUpperCase() !== projectKey) {
        throw new ApiError('INVALID_INPUT', `Type ${projectKey} to confirm.`, {
          fieldErrors: { confirmProjectKey: `must be ${projectKey}` },
        });
      }
      return { projectKey, ...(await purgeProjectData(store, projectId)) };
    },

    [SETTINGS_RESOLVERS.testAbuseIpdbKey]: async ({ apiKey }, { projectId }, policy) => {
      const key = apiKey ?? (await getAbuseIpdbKey(store, projectId));
      if (key === undefined) {
        return {
          outcome: 'failed' as const,
          problem: 'notSet' as const,
          message: 'No AbuseIPDB key is saved for this project yet.',
        };
      }
      const config = await loadProject(store, projectId);
      const client = createAbuseIpdbClient({
        http: ports.http,
        clock: ports.clock,
        logger: ports.logger,
        apiKey: key,
        policy,
        ...(options.abuseIpdbBaseUrl ? { baseUrl: options.abuseIpdbBaseUrl } : {}),
        ...(config ? { maxAgeInDays: config.abuseipdb.maxAgeInDays } : {}),
      });
      const result = await testAbuseIpdbKey(client);
      return result.outcome === 'failed'
        ? { ...result, message: abuseIpdbTabAdvice(result.message) }
        : result;
    },

    [SETTINGS_RESOLVERS.getJiraMeta]: async ({ issueTypeId }, { projectId }, policy) =>
      readJiraMeta(appJira(policy), projectId, await loadProject(store, projectId), issueTypeId),

    [SETTINGS_RESOLVERS.syncNow]: async (input, { projectId }) => {
      if (!(await loadProject(store, projectId))) {
        throw new ApiError(
          'NOT_CONFIGURED',
          'Save the issue settings (at least the issue type) before the first sync.',
        );
      }
      return queueSyncNow(ports, projectId, input.tenantIds);
    },

    [SETTINGS_RESOLVERS.listRuns]: async (_input, access) => ({
      runs: await listRuns(store, access.projectId),
    }),

    [SETTINGS_RESOLVERS.listFailedAlerts]: async (_input, { projectId }) => ({
      alerts: await listFailedAlerts(store, projectId),
    }),

    [SETTINGS_RESOLVERS.retryFailedAlerts]: ({ tenantId, alertIds }, { projectId }) =>
      queueRetry(ports, projectId, tenantId, alertIds),

    [SETTINGS_RESOLVERS.previewRules]: async ({ rules, userLists }, { projectId }) => {
      const [config, recent] = await Promise.all([
        loadProject(store, projectId),
        loadRecentAlerts(store, projectId),
      ]);
      return { rows: previewRules(rules, userLists ?? config?.userLists ?? [], recent) };
    },
  });
}
