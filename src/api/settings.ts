/**
 * The settings page's resolvers as plain functions. Every one: parse with the contract → require
 * a project admin of the context project (asked of Jira as the caller) → delegate → typed result.
 * Secrets are accepted and stored here; answers only ever carry their hints.
 */
import type { ProjectId } from '../core/config';
import { previewRules } from '../core/rules/preview';
import { SETTINGS_RESOLVERS, createSettingsContract } from '../contract/settings';
import type { SettingsResolverName } from '../contract/settings';
import { purgeConfirmedProject } from '../sync/project-data';
import { loadRecentAlerts } from '../sync/recent-alerts';
import {
  deleteAbuseIpdbKey,
  getAbuseIpdbKey,
  listRuns,
  listTenants,
  loadProject,
  secretHint,
  setAbuseIpdbKey,
} from '../sync/repository';
import { jiraMetaOf } from '../sync/settings-jira-meta';
import { writeBackMetaOf } from '../sync/settings-write-back-meta';
import {
  dismissFailedAlerts,
  listFailedAlerts,
  queueRetry,
  queueSyncNow,
} from '../sync/settings-runs';
import {
  addTenant,
  latestRunByTenant,
  removeTenant,
  requireTenant,
  setTenantEnabled,
  updateTenant,
} from '../sync/settings-tenants';
import type { ResolverDeps } from '../sync/resolver-deps';
import { saveConfig } from '../sync/settings/save-config';
import { testAbuseIpdbKeyOf } from '../sync/settings/test-abuseipdb-key';
import { testTenant } from '../sync/settings/test-tenant';
import { tenantView } from './tenant-view';
import { defineResolvers } from './handler';
import { createOperationsApi } from './reports';
import type { REPORT_RESOLVERS } from '../contract/reports';
import { requireProjectAdmin } from './authorize';
import type { ProjectAdminAccess } from './authorize';
import type { ApiOptions, ApiPorts, Handler } from './ports';
import type { RetryPolicy } from '../clients/retry';

/** The settings resolvers, and the Runs tab's operational health from the report engine. */
export type SettingsApi = Record<
  SettingsResolverName | typeof REPORT_RESOLVERS.getOperations,
  Handler
>;

type SettingsAccess = ProjectAdminAccess & { accountId: string };

export function createSettingsApi(ports: ApiPorts, options: ApiOptions = {}): SettingsApi {
  const contract = createSettingsContract({ allowLoopbackMcas: options.allowLoopbackMcas });
  const { store } = ports;
  // The caller's account id rides along: a dismissal records who made it.
  const admin = async (
    caller: Parameters<Handler>[1],
    policy: RetryPolicy,
  ): Promise<SettingsAccess> => ({
    ...(await requireProjectAdmin(ports, caller, policy)),
    accountId: caller.accountId,
  });

  const settingsDeps = (policy: RetryPolicy): ResolverDeps => ({ ...ports, policy, options });

  const view = async (projectId: ProjectId, tenantId: string) => {
    const tenant = await requireTenant(store, { projectId, tenantId });
    const latest = await latestRunByTenant(store, projectId);
    return { tenant: await tenantView(store, projectId, tenant, latest.get(tenant.id)) };
  };

  // `policy` carries the invocation's 25 s budget to every client a resolver creates.
  return {
    // The Runs tab's operational health, on the settings page's own resolver.
    ...createOperationsApi(ports),
    ...defineResolvers(contract, ports, admin, {
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

      [SETTINGS_RESOLVERS.saveConfig]: async ({ config }, { projectId, projectKey }, policy) => ({
        config: await saveConfig(settingsDeps(policy), { projectId, projectKey }, config),
      }),

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

      [SETTINGS_RESOLVERS.testTenant]: (input, { projectId }, policy) =>
        testTenant(settingsDeps(policy), projectId, input),

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
      ) => ({
        projectKey,
        ...(await purgeConfirmedProject(store, { projectId, projectKey }, confirmProjectKey)),
      }),

      [SETTINGS_RESOLVERS.testAbuseIpdbKey]: ({ apiKey }, { projectId }, policy) =>
        testAbuseIpdbKeyOf(settingsDeps(policy), projectId, apiKey),

      [SETTINGS_RESOLVERS.getJiraMeta]: ({ issueTypeId }, { projectId }, policy) =>
        jiraMetaOf(settingsDeps(policy), projectId, issueTypeId),

      [SETTINGS_RESOLVERS.getWriteBackMeta]: (_input, { projectId }, policy) =>
        writeBackMetaOf(settingsDeps(policy), projectId),

      [SETTINGS_RESOLVERS.syncNow]: (input, { projectId }) =>
        queueSyncNow(ports, projectId, input.tenantIds),

      [SETTINGS_RESOLVERS.listRuns]: async (_input, access) => ({
        runs: await listRuns(store, access.projectId),
      }),

      [SETTINGS_RESOLVERS.listFailedAlerts]: (_input, { projectId }) =>
        listFailedAlerts(store, projectId),

      [SETTINGS_RESOLVERS.retryFailedAlerts]: ({ tenantId, alertIds }, { projectId }) =>
        queueRetry(ports, projectId, tenantId, alertIds),

      [SETTINGS_RESOLVERS.dismissFailedAlerts]: (
        { tenantId, alertIds },
        { projectId, accountId },
      ) => dismissFailedAlerts(ports, { projectId, tenantId }, alertIds, accountId),

      [SETTINGS_RESOLVERS.previewRules]: async ({ rules, userLists }, { projectId }) => {
        const [config, recent] = await Promise.all([
          loadProject(store, projectId),
          loadRecentAlerts(store, projectId),
        ]);
        return { rows: previewRules(rules, userLists ?? config?.userLists ?? [], recent) };
      },
    }),
  };
}
