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
import type { z } from 'zod';
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
import {
  NothingToSyncError,
  dismissFailedAlerts,
  listFailedAlerts,
  queueRetry,
  queueSyncNow,
} from '../sync/settings-runs';
import {
  TenantIdTakenError,
  TenantInputError,
  TenantNotFoundError,
  addTenant,
  latestRunByTenant,
  removeTenant,
  requireTenant,
  boundSecret,
  resolveTenantAuth,
  resolveTenantEndpoint,
  setTenantEnabled,
  tenantView,
  updateTenant,
} from '../sync/settings-tenants';
import type { TenantEndpoint } from '../sync/settings-tenants';
import {
  testAbuseIpdbKey,
  testGraphConnection,
  testTenantConnection,
} from '../sync/test-connection';
import { ApiError } from './errors';
import { defineHandler } from './handler';
import { createOperationsHandler } from './reports';
import { REPORT_RESOLVERS } from '../contract/reports';
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
  // `policy` carries the invocation's 25 s budget to every client a resolver creates.
  const define = <Req extends z.ZodType, Res>(
    name: SettingsResolverName,
    request: Req,
    run: (input: z.output<Req>, access: SettingsAccess, policy: RetryPolicy) => Promise<Res>,
  ): Handler => defineHandler(name, request, ports, admin, run);

  const appJira = (policy: RetryPolicy) =>
    createJiraClient({
      transport: ports.jira,
      clock: ports.clock,
      logger: ports.logger,
      policy,
    });

  const withTenantErrors = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof TenantNotFoundError) throw new ApiError('NOT_FOUND', error.message);
      if (error instanceof TenantIdTakenError) {
        throw new ApiError('CONFLICT', error.message, { fieldErrors: { id: 'is already in use' } });
      }
      if (error instanceof TenantInputError) {
        throw new ApiError('INVALID_INPUT', error.message, { fieldErrors: error.fieldErrors });
      }
      if (error instanceof NothingToSyncError) throw new ApiError('NOT_CONFIGURED', error.message);
      throw error;
    }
  };

  const view = async (projectId: ProjectId, tenantId: string) => {
    const tenant = await requireTenant(store, { projectId, tenantId });
    const latest = await latestRunByTenant(store, projectId);
    return { tenant: await tenantView(store, projectId, tenant, latest.get(tenant.id)) };
  };

  return {
    [REPORT_RESOLVERS.getOperations]: createOperationsHandler(ports),
    [SETTINGS_RESOLVERS.getOverview]: define(
      SETTINGS_RESOLVERS.getOverview,
      contract[SETTINGS_RESOLVERS.getOverview].request,
      async (_input, { projectId, projectKey }) => {
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
    ),

    [SETTINGS_RESOLVERS.saveConfig]: define(
      SETTINGS_RESOLVERS.saveConfig,
      contract[SETTINGS_RESOLVERS.saveConfig].request,
      async ({ config }, { projectId, projectKey }, policy) => {
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
    ),

    [SETTINGS_RESOLVERS.addTenant]: define(
      SETTINGS_RESOLVERS.addTenant,
      contract[SETTINGS_RESOLVERS.addTenant].request,
      (input, { projectId }) =>
        withTenantErrors(async () => {
          const tenant = await addTenant(store, projectId, input, {
            allowLoopback: options.allowLoopbackMcas === true,
          });
          return view(projectId, tenant.id);
        }),
    ),

    [SETTINGS_RESOLVERS.updateTenant]: define(
      SETTINGS_RESOLVERS.updateTenant,
      contract[SETTINGS_RESOLVERS.updateTenant].request,
      (input, { projectId }) =>
        withTenantErrors(async () => {
          await updateTenant(store, projectId, input, {
            allowLoopback: options.allowLoopbackMcas === true,
          });
          return view(projectId, input.tenantId);
        }),
    ),

    [SETTINGS_RESOLVERS.setTenantEnabled]: define(
      SETTINGS_RESOLVERS.setTenantEnabled,
      contract[SETTINGS_RESOLVERS.setTenantEnabled].request,
      ({ tenantId, enabled }, { projectId }) =>
        withTenantErrors(async () => {
          await setTenantEnabled(store, { projectId, tenantId }, enabled);
          return view(projectId, tenantId);
        }),
    ),

    [SETTINGS_RESOLVERS.deleteTenant]: define(
      SETTINGS_RESOLVERS.deleteTenant,
      contract[SETTINGS_RESOLVERS.deleteTenant].request,
      ({ tenantId }, { projectId }) =>
        withTenantErrors(async () => {
          await removeTenant(store, { projectId, tenantId });
          return { deleted: tenantId };
        }),
    ),

    [SETTINGS_RESOLVERS.testTenant]: define(
      SETTINGS_RESOLVERS.testTenant,
      contract[SETTINGS_RESOLVERS.testTenant].request,
      (input, { projectId }, policy) =>
        withTenantErrors(async () => {
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
          const secret =
            auth.secret ?? (await boundSecret(store, projectId, stored, endpoint, auth));
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
        }),
    ),

    [SETTINGS_RESOLVERS.setAbuseIpdbKey]: define(
      SETTINGS_RESOLVERS.setAbuseIpdbKey,
      contract[SETTINGS_RESOLVERS.setAbuseIpdbKey].request,
      async ({ apiKey }, { projectId }) => {
        await setAbuseIpdbKey(store, projectId, apiKey);
        return { keyHint: secretHint(apiKey) };
      },
    ),

    [SETTINGS_RESOLVERS.deleteAbuseIpdbKey]: define(
      SETTINGS_RESOLVERS.deleteAbuseIpdbKey,
      contract[SETTINGS_RESOLVERS.deleteAbuseIpdbKey].request,
      async (_input, { projectId }) => {
        await deleteAbuseIpdbKey(store, projectId);
        return { keyHint: { set: false as const } };
      },
    ),

    [SETTINGS_RESOLVERS.purgeProjectData]: define(
      SETTINGS_RESOLVERS.purgeProjectData,
      contract[SETTINGS_RESOLVERS.purgeProjectData].request,
      async ({ confirmProjectKey }, { projectId, projectKey }) => {
        if (confirmProjectKey.trim().toUpperCase() !== projectKey) {
          throw new ApiError('INVALID_INPUT', `Type ${projectKey} to confirm.`, {
            fieldErrors: { confirmProjectKey: `must be ${projectKey}` },
          });
        }
        return { projectKey, ...(await purgeProjectData(store, projectId)) };
      },
    ),

    [SETTINGS_RESOLVERS.testAbuseIpdbKey]: define(
      SETTINGS_RESOLVERS.testAbuseIpdbKey,
      contract[SETTINGS_RESOLVERS.testAbuseIpdbKey].request,
      async ({ apiKey }, { projectId }, policy) => {
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
    ),

    [SETTINGS_RESOLVERS.getJiraMeta]: define(
      SETTINGS_RESOLVERS.getJiraMeta,
      contract[SETTINGS_RESOLVERS.getJiraMeta].request,
      async ({ issueTypeId }, { projectId }, policy) =>
        readJiraMeta(appJira(policy), projectId, await loadProject(store, projectId), issueTypeId),
    ),

    [SETTINGS_RESOLVERS.syncNow]: define(
      SETTINGS_RESOLVERS.syncNow,
      contract[SETTINGS_RESOLVERS.syncNow].request,
      (input, { projectId }) =>
        withTenantErrors(async () => {
          if (!(await loadProject(store, projectId))) {
            throw new ApiError(
              'NOT_CONFIGURED',
              'Save the issue settings (at least the issue type) before the first sync.',
            );
          }
          return queueSyncNow(ports, projectId, input.tenantIds);
        }),
    ),

    [SETTINGS_RESOLVERS.listRuns]: define(
      SETTINGS_RESOLVERS.listRuns,
      contract[SETTINGS_RESOLVERS.listRuns].request,
      async (_input, access) => ({
        runs: await listRuns(store, access.projectId),
      }),
    ),

    [SETTINGS_RESOLVERS.listFailedAlerts]: define(
      SETTINGS_RESOLVERS.listFailedAlerts,
      contract[SETTINGS_RESOLVERS.listFailedAlerts].request,
      (_input, { projectId }) => listFailedAlerts(store, projectId),
    ),

    [SETTINGS_RESOLVERS.retryFailedAlerts]: define(
      SETTINGS_RESOLVERS.retryFailedAlerts,
      contract[SETTINGS_RESOLVERS.retryFailedAlerts].request,
      ({ tenantId, alertIds }, { projectId }) =>
        withTenantErrors(() => queueRetry(ports, projectId, tenantId, alertIds)),
    ),

    [SETTINGS_RESOLVERS.dismissFailedAlerts]: define(
      SETTINGS_RESOLVERS.dismissFailedAlerts,
      contract[SETTINGS_RESOLVERS.dismissFailedAlerts].request,
      ({ tenantId, alertIds }, { projectId, accountId }) =>
        withTenantErrors(() =>
          dismissFailedAlerts(ports, { projectId, tenantId }, alertIds, accountId),
        ),
    ),

    [SETTINGS_RESOLVERS.previewRules]: define(
      SETTINGS_RESOLVERS.previewRules,
      contract[SETTINGS_RESOLVERS.previewRules].request,
      async ({ rules, userLists }, { projectId }) => {
        const [config, recent] = await Promise.all([
          loadProject(store, projectId),
          loadRecentAlerts(store, projectId),
        ]);
        return { rows: previewRules(rules, userLists ?? config?.userLists ?? [], recent) };
      },
    ),
  };
}
