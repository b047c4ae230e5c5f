/** Writes a CLI config into the store in the same shape the settings page saves it. */
import type { ProjectId } from '../../src/core/config';
import { GRAPH_BASE_URL, ProjectConfig } from '../../src/core/config';
import type { Store } from '../../src/ports';
import {
  deleteTenant,
  listTenants,
  saveProject,
  saveTenant,
  setAbuseIpdbKey,
  setTenantToken,
} from '../../src/sync/index';
import type { CliConfig } from './config';
import { resolveSecret } from './config';

export async function installCliConfig(
  store: Store,
  config: CliConfig,
  env: NodeJS.ProcessEnv,
  /** The Jira project's id (the CLI config names its key; `sync.ts` asks Jira for the id). */
  projectId: ProjectId,
): Promise<void> {
  const project = ProjectConfig.parse({
    projectId,
    projectKey: config.jira.projectKey,
    enabled: true,
    issueType: config.jira.issueType,
    fields: config.jira.fields,
    priorities: config.jira.priorities,
    labels: config.jira.labels,
    ...(config.filters ? { filters: config.filters } : {}),
    ...(config.abuseipdb
      ? {
          abuseipdb: {
            maxAgeInDays: config.abuseipdb.maxAgeInDays,
            cacheHours: config.abuseipdb.cacheHours,
          },
        }
      : {}),
    rules: config.rules,
    ...(config.writeBack ? { writeBack: config.writeBack } : {}),
    userLists: config.userLists,
  });
  await saveProject(store, project);
  // The file is the whole truth: tenants removed from it stop being synced.
  const configured = new Set(config.tenants.map((tenant) => tenant.id));
  for (const stale of await listTenants(store, projectId)) {
    if (!configured.has(stale.id)) await deleteTenant(store, { projectId, tenantId: stale.id });
  }
  for (const [index, tenant] of config.tenants.entries()) {
    const entra = tenant.auth === 'entra';
    await saveTenant(store, projectId, {
      id: tenant.id,
      name: tenant.name,
      source: tenant.source,
      url: tenant.url ?? GRAPH_BASE_URL,
      authMode: tenant.auth,
      ...(entra ? { entraTenantId: tenant.entraTenantId, clientId: tenant.clientId } : {}),
      enabled: tenant.enabled,
      writeBack: tenant.writeBack,
    });
    // The one tenant secret: the API token, or the Entra app's client secret.
    await setTenantToken(
      store,
      { projectId, tenantId: tenant.id },
      entra
        ? resolveSecret(
            tenant.clientSecret,
            tenant.clientSecretEnv,
            `tenants[${index}].clientSecret`,
            env,
          )
        : resolveSecret(tenant.token, tenant.tokenEnv, `tenants[${index}].token`, env),
    );
  }
  if (config.abuseipdb) {
    const key = resolveSecret(
      config.abuseipdb.apiKey,
      config.abuseipdb.apiKeyEnv,
      'abuseipdb.apiKey',
      env,
    );
    await setAbuseIpdbKey(store, projectId, key);
  }
}
