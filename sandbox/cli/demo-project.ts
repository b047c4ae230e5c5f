/**
 * The project the demo, the benchmark and the integration tests configure on the sandbox Jira:
 * project SEC, every alert value mapped to the sandbox's custom fields, severities mapped to
 * priorities, the built-in NIST rules plus the original tool's own example — "Leaked credentials"
 * for a member of the Staff group gets the highest priority. `npm start` adds a rule that groups
 * repeated failed logins of one user into the open issue.
 */
import type { ProjectConfig } from '../../src/core/config';
import { ProjectId, ProjectConfig as ProjectConfigSchema } from '../../src/core/config';
import { BUILTIN_RULES } from '../../src/core/rules/builtin';
import type { Rule } from '../../src/core/rules/schema';
import type { Store } from '../../src/ports';
import { SANDBOX_ABUSEIPDB_KEY } from '../scenarios/seed';
import { saveProject, saveTenant, setAbuseIpdbKey, setTenantToken } from '../../src/sync/index';

export const DEMO_PROJECT_KEY = 'SEC';
/** SEC's id on the sandbox Jira (sandbox/sim/jira-catalogue.ts). */
export const DEMO_PROJECT_ID = ProjectId.parse('10000');

export const STAFF_LEAKED_CREDENTIALS: Rule = {
  id: 'staff-leaked-credentials',
  name: 'Staff leaked credentials',
  enabled: true,
  conditions: [
    { type: 'titleContains', text: 'leaked credentials' },
    { type: 'groupTag', groups: ['Staff'] },
  ],
  actions: { priority: 'Highest', labels: ['staff'] },
};

/**
 * The "group repeats" rule `npm start` adds (issue 16): a brute-force alert that repeats for the
 * same user while its issue is open and less than a day old becomes a comment on that issue. Not
 * in `demoProjectConfig`, so the benchmark's and the tests' figures (the large scenario repeats
 * its titles) stay what they measure.
 */
export const GROUP_REPEATED_FAILED_LOGINS: Rule = {
  id: 'group-repeated-failed-logins',
  name: 'Group repeated failed logins',
  enabled: true,
  conditions: [{ type: 'titleMatches', pattern: '\\bfailed (?:user )?log ?(?:in|on)\\b' }],
  actions: { group: { by: 'titleAndUser', windowHours: 24 } },
};

/** The demo's rules with `GROUP_REPEATED_FAILED_LOGINS` after the Staff rule, as `npm start` sets them. */
export function demoRulesWithGrouping(): Rule[] {
  return [STAFF_LEAKED_CREDENTIALS, GROUP_REPEATED_FAILED_LOGINS, ...BUILTIN_RULES];
}

export function demoProjectConfig(overrides: Partial<ProjectConfig> = {}): ProjectConfig {
  return ProjectConfigSchema.parse({
    projectId: DEMO_PROJECT_ID,
    projectKey: DEMO_PROJECT_KEY,
    enabled: true,
    issueType: 'Task',
    fields: {
      alertUrl: 'customfield_10050',
      alertSummary: 'customfield_10051',
      alertDescription: 'customfield_10052',
      affectedUser: 'customfield_10053',
      ip: 'customfield_10054',
      reportedIps: 'customfield_10055',
      category: 'customfield_10056',
    },
    priorities: { informational: 'Lowest', low: 'Low', medium: 'Medium', high: 'High' },
    labels: ['mcas'],
    rules: [STAFF_LEAKED_CREDENTIALS, ...BUILTIN_RULES],
    ...overrides,
  });
}

export interface DemoTenant {
  id: string;
  name: string;
  url: string;
  token: string;
  /** Write-back on (issue 16); off unless a scenario asks. */
  writeBack?: boolean;
}

export async function configureDemoProject(
  store: Store,
  tenants: DemoTenant[],
  options: { config?: ProjectConfig | undefined; abuseIpdbKey?: string | null | undefined } = {},
): Promise<ProjectConfig> {
  const config = options.config ?? demoProjectConfig();
  await saveProject(store, config);
  for (const tenant of tenants) {
    await saveTenant(store, config.projectId, {
      id: tenant.id,
      name: tenant.name,
      source: 'mcas',
      url: tenant.url,
      authMode: 'token',
      enabled: true,
      writeBack: tenant.writeBack ?? false,
    });
    await setTenantToken(store, { projectId: config.projectId, tenantId: tenant.id }, tenant.token);
  }
  if (options.abuseIpdbKey !== null) {
    await setAbuseIpdbKey(store, config.projectId, options.abuseIpdbKey ?? SANDBOX_ABUSEIPDB_KEY);
  }
  return config;
}
