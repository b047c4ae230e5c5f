/**
 * A tenant run asks for its first page of alerts while it resolves the Jira target (two
 * create-screen calls when the hour's cache has none), not after: on a first run, or each hour,
 * that is one round trip less before the first issue. A target that cannot be resolved still
 * fails the run with its own message.
 */
import type { Http, JiraTransport } from '../../src/ports';
import { syncTenant } from '../../src/sync/sync-tenant';
import { DEMO_PROJECT_ID, demoProjectConfig } from '../../sandbox/cli/demo-project';
import type { Harness } from './harness';
import { alertIdsOfIssues, startHarness } from './harness';
import { rawAlert, singleTenant } from './factories';

const CONTOSO = { projectId: DEMO_PROJECT_ID, tenantId: 'contoso' };
const isMcasAlerts = (url: string) => url.includes('/api/v1/alerts/');
const isCreateScreen = (path: string) => path.includes('/issue/createmeta/');

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('the start of a tenant run', () => {
  it('asks MCAS for the first page before the Jira target is resolved', async () => {
    harness = await startHarness({
      scenario: singleTenant(Array.from({ length: 3 }, () => rawAlert())),
    });
    const { deps } = harness;
    // The create-screen answers are held until MCAS has been asked (or 2 s have passed: a run
    // that waits for the target before paging would have asked nothing by then).
    let mcasAsked: () => void = () => undefined;
    const asked = new Promise<'mcas first'>((resolve) => {
      mcasAsked = () => resolve('mcas first');
    });
    const order: string[] = [];
    const http: Http = (url, init) => {
      if (isMcasAlerts(url)) {
        order.push('mcas');
        mcasAsked();
      }
      return deps.http(url, init);
    };
    const jira: JiraTransport = {
      request: async (route, init) => {
        const path = route.strings.join('');
        if (isCreateScreen(path)) {
          const first = await Promise.race([
            asked,
            new Promise<'target first'>((resolve) =>
              setTimeout(() => resolve('target first'), 2000),
            ),
          ]);
          order.push(first);
        }
        return deps.jira.request(route, init);
      },
    };

    const { summary } = await syncTenant(
      { ...CONTOSO, trigger: 'manual' },
      { ...deps, http, jira },
    );
    expect(summary.created).toBe(3);
    expect(order[0]).toBe('mcas');
    expect(order).not.toContain('target first');
  });

  it('still fails on a target that cannot be resolved, with its own message, and creates nothing', async () => {
    harness = await startHarness({
      scenario: singleTenant(Array.from({ length: 3 }, () => rawAlert())),
      config: demoProjectConfig({ issueType: 'Incident report' }),
    });
    const { summary } = await syncTenant({ ...CONTOSO, trigger: 'manual' }, harness.deps);
    expect(summary.status).toBe('error');
    expect(summary.errors.map(({ message }) => message).join(' ')).toContain(
      'Issue type "Incident report" is not on the create screen',
    );
    expect(alertIdsOfIssues(harness.sandbox)).toHaveLength(0);
  });
});
