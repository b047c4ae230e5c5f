/**
 * The Forge handlers from src/index.ts, run for real on the module-level fakes (test/forge/fakes)
 * against the sandbox simulators. MCAS tenants get real-looking portal URLs, AbuseIPDB and Entra
 * ID their real addresses; the fake egress maps them to the simulators and refuses anything else.
 */
import type { PushEvent } from '@forge/events';
import type { ProjectConfig } from '../../src/core/config';
import { createKvsStore } from '../../src/forge/kvs-store';
import { settingsResolver } from '../../src/index';
import { configureDemoProject, demoProjectConfig } from '../../sandbox/cli/demo-project';
import { mondayScenario } from '../../sandbox/scenarios/monday';
import type { Scenario } from '../../sandbox/scenarios/seed';
import { seedSandbox } from '../../sandbox/scenarios/seed';
import type { JiraUser, Sandbox } from '../../sandbox/sim';
import { SANDBOX_JIRA_ADMIN, startSandbox } from '../../sandbox/sim';
import { platform } from './fakes/platform';

export const ANALYST: JiraUser = {
  accountId: 'analyst-0001',
  email: 'analyst@sandbox.test',
  apiToken: 'analyst-jira-token',
  displayName: 'Ana Lyst',
  projectAdmin: [],
  browse: ['SEC'],
};
export const OUTSIDER: JiraUser = {
  accountId: 'outsider-0001',
  email: 'outsider@sandbox.test',
  apiToken: 'outsider-jira-token',
  displayName: 'Out Sider',
  projectAdmin: [],
  browse: [],
};

export const portalUrl = (tenantId: string) =>
  `https://${tenantId}.eu2.portal.cloudappsecurity.com/api/`;

export interface ForgeHarness {
  sandbox: Sandbox;
  tenants: Array<{ id: string; name: string; url: string; token: string }>;
  abuseIpdbKey: string;
  store: ReturnType<typeof createKvsStore>;
  actAs(user: JiraUser): void;
  close(): Promise<void>;
}

export async function startForgeHarness(
  options: { scenario?: Scenario; config?: ProjectConfig; configure?: boolean } = {},
): Promise<ForgeHarness> {
  platform.reset();
  const sandbox = await startSandbox({ mcasRequestsPerMinute: 0 });
  const seeded = seedSandbox(sandbox, options.scenario ?? mondayScenario(Date.now()));
  sandbox.jira.addUser(ANALYST);
  sandbox.jira.addUser(OUTSIDER);
  const tenants = seeded.tenants.map((tenant) => {
    platform.egress.push({
      from: `https://${tenant.id}.eu2.portal.cloudappsecurity.com/`,
      to: `${tenant.url}/`,
    });
    return { ...tenant, url: portalUrl(tenant.id) };
  });
  platform.egress.push({
    from: 'https://api.abuseipdb.com/',
    to: `${new URL(sandbox.abuseipdb.url).origin}/`,
  });
  platform.egress.push({
    from: 'https://login.microsoftonline.com/',
    to: `${sandbox.entra.url}/`,
  });
  platform.jira.baseUrl = sandbox.jira.url;
  platform.jira.app = { email: SANDBOX_JIRA_ADMIN.email, apiToken: SANDBOX_JIRA_ADMIN.apiToken };
  const store = createKvsStore();
  if (options.configure !== false) {
    await configureDemoProject(store, tenants, {
      config: options.config ?? demoProjectConfig(),
      abuseIpdbKey: seeded.abuseIpdbKey,
    });
  }
  return {
    sandbox,
    tenants,
    abuseIpdbKey: seeded.abuseIpdbKey,
    store,
    actAs(user) {
      platform.jira.user = { email: user.email, apiToken: user.apiToken };
    },
    close: () => sandbox.close(),
  };
}

/** Every console line the app writes (Forge's log), kept instead of printed. */
export function captureLogs(): string[] {
  const lines: string[] = [];
  for (const level of ['info', 'warn', 'error', 'log'] as const) {
    jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(' '));
    });
  }
  return lines;
}

/** Fakes only Date (to move time on), so sockets and the simulators keep their real timers. */
export function fakeDateOnly(): void {
  jest.useFakeTimers({
    doNotFake: [
      'nextTick',
      'setImmediate',
      'clearImmediate',
      'setTimeout',
      'clearTimeout',
      'setInterval',
      'clearInterval',
      'queueMicrotask',
      'hrtime',
      'performance',
    ],
  });
}

/** Takes every pushed event off the queue, in order. */
export function takePushed(): PushEvent[] {
  return platform.pushed.splice(0).map(({ event }) => event);
}

/** Forge's resolver invocation: the principal comes from the platform, not from the payload. */
export function invocation(
  functionKey: string,
  payload: unknown,
  user: JiraUser,
  extension: Record<string, unknown>,
) {
  return [
    { call: { functionKey, payload }, context: { extension } },
    { principal: { accountId: user.accountId } },
  ] as const;
}

/** A settings resolver answer, as the tests read it. */
export type SettingsAnswer =
  | { ok: true; data: Record<string, unknown> }
  | { ok: false; error: { code: string; message: string; fieldErrors?: Record<string, string> } };

/**
 * Calls the settings resolver as `user` (default the sandbox admin) in project SEC on the
 * test's current harness, keeping each answer's text in `answers` so a test can check that no
 * secret was in any of them.
 */
export function settingsCaller(current: () => ForgeHarness, answers: string[]) {
  return async (
    name: string,
    payload: unknown,
    user: JiraUser = SANDBOX_JIRA_ADMIN,
    extension: Record<string, unknown> = { project: { id: '10000', key: 'SEC', type: 'software' } },
  ): Promise<SettingsAnswer> => {
    current().actAs(user);
    const answer = (await settingsResolver(
      ...invocation(name, payload, user, extension),
    )) as SettingsAnswer;
    answers.push(JSON.stringify(answer));
    return answer;
  };
}
