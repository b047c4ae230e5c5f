/**
 * Triage rules applied by a real sync over HTTP: suppression and an AbuseIPDB-score rule.
 * (The Staff "Leaked credentials" rule is proved on the Monday scenario in sync-monday.test.ts.)
 */
import { adfToText } from '../../src/core/adf';
import { Claim, EnrichmentProperty } from '../../src/core/model';
import { keys } from '../../src/core/storage-keys';
import { BUILTIN_RULES } from '../../src/core/rules/builtin';
import type { Rule } from '../../src/core/rules/schema';
import { DEMO_PROJECT_ID, demoProjectConfig } from '../../sandbox/cli/demo-project';
import type { Harness } from './harness';
import { startHarness, total } from './harness';
import { rawAlert, singleTenant } from './factories';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const rule = (overrides: Partial<Rule>): Rule => ({
  id: 'test-rule',
  name: 'Test rule',
  enabled: true,
  conditions: [],
  actions: {},
  ...overrides,
});

describe('triage rules in a sync', () => {
  it('creates no issue for a suppressed alert and records it as suppressed by the rule', async () => {
    const suppress = rule({
      name: 'Ignore mass downloads',
      conditions: [{ type: 'titleContains', text: 'mass download' }],
      actions: { suppress: true },
    });
    harness = await startHarness({
      config: demoProjectConfig({ rules: [suppress, ...BUILTIN_RULES] }),
    });
    const first = await harness.sync();
    expect(total(first, (s) => s.created)).toBe(14);
    expect(total(first, (s) => s.suppressed)).toBe(1);
    expect(
      harness.sandbox.jira
        .issues()
        .some((issue) => String(issue.fields.summary).includes('Mass download')),
    ).toBe(false);
    const { store } = harness;
    const claims = await Promise.all(
      harness.seeded.tenants.map((tenant) =>
        store.query(keys.alertPrefix({ projectId: DEMO_PROJECT_ID, tenantId: tenant.id }), Claim),
      ),
    );
    const suppressed = claims
      .flatMap((page) => page?.entries ?? [])
      .filter(({ value }) => value.state === 'suppressed');
    expect(suppressed).toHaveLength(1);
    expect(suppressed[0]?.value.rule).toBe('Ignore mass downloads');

    const second = await harness.sync();
    expect(total(second, (s) => s.created + s.suppressed)).toBe(0);
  });

  it('raises the priority for an abuse score of 80 or more only when the verdict says so', async () => {
    const abusive = rule({
      name: 'Abusive IP',
      conditions: [{ type: 'minAbuseScore', score: 80 }],
      actions: { priority: 'Highest', labels: ['abusive-ip'] },
    });
    const alerts = [
      rawAlert({
        title: 'Clean address',
        severityValue: 0,
        description: 'Sign-in from 52.10.1.1',
        entities: [],
      }),
      rawAlert({
        title: 'Borderline address',
        severityValue: 0,
        description: 'Sign-in from 52.10.1.2',
        entities: [],
      }),
      rawAlert({
        title: 'Abusive address',
        severityValue: 0,
        description: 'Sign-in from 52.10.1.3',
        entities: [],
      }),
    ];
    const scenario = singleTenant(alerts);
    scenario.verdicts = {
      '52.10.1.1': { abuseConfidenceScore: 0, totalReports: 0 },
      '52.10.1.2': { abuseConfidenceScore: 79, totalReports: 40 },
      '52.10.1.3': { abuseConfidenceScore: 80, totalReports: 41 },
    };
    harness = await startHarness({ scenario, config: demoProjectConfig({ rules: [abusive] }) });
    await harness.sync();

    const bySummary = new Map(
      harness.sandbox.jira.issues().map((issue) => [String(issue.fields.summary), issue]),
    );
    const abusiveIssue = bySummary.get('Abusive address');
    expect(abusiveIssue?.fields.priority).toEqual(expect.objectContaining({ id: '1' }));
    expect(abusiveIssue?.fields.labels).toContain('abusive-ip');
    for (const title of ['Clean address', 'Borderline address']) {
      const issue = bySummary.get(title);
      // Low severity maps to the Low priority (id 4) when no rule set one.
      expect(issue?.fields.priority).toEqual(expect.objectContaining({ id: '4' }));
      expect(issue?.fields.labels).not.toContain('abusive-ip');
    }
    const enrichment = EnrichmentProperty.parse(abusiveIssue?.properties['mcas.enrichment']);
    expect(enrichment.findings[0]?.verdict?.abuseConfidenceScore).toBe(80);
  });

  it('says in the issue which rule actions Jira did not take, and points the run error to the rules', async () => {
    const escalate = rule({
      name: 'Escalate',
      conditions: [{ type: 'titleContains', text: 'sign-in' }],
      actions: { priority: 'Highest', issueType: 'Incident', assignee: 'nobody-0000' },
    });
    const scenario = singleTenant([
      rawAlert({ title: 'Odd sign-in', severityValue: 2, description: 'From 52.10.1.9' }),
    ]);
    harness = await startHarness({ scenario, config: demoProjectConfig({ rules: [escalate] }) });
    const [summary] = await harness.sync();

    const [issue] = harness.sandbox.jira.issues();
    expect(issue?.fields.priority).toEqual(expect.objectContaining({ name: 'Highest' }));
    // The sandbox project has no "Incident" type: the issue takes the configured Task, unassigned.
    expect(issue?.issueTypeId).toBe('10001');
    expect(issue?.fields.assignee ?? null).toBeNull();
    const description = adfToText(issue?.fields.description);
    expect(description).toContain("Triage: rule 'Escalate' set priority Highest");
    expect(description).not.toContain('set priority Highest, issue type');
    expect(description).toContain(
      "issue type Incident (rule 'Escalate'): the project has no issue type of that name",
    );
    expect(description).toMatch(/assignee nobody-0000 \(rule 'Escalate'\): Jira refused it/);
    expect(description).toContain("Fix the rule in the app's Triage rules tab.");
    const refusal = summary?.errors.find((error) => error.message.includes('assignee'));
    expect(refusal?.message).toContain('Triage rules tab');
    expect(refusal?.message).not.toContain('field mapping');
  });
});
