import { adfToText } from '../../src/core/adf';
import { buildIssueCreate } from '../../src/core/issue-payload';
import { appliedExplanations, refusedActions } from '../../src/core/triage-effects';
import { alert, target, triage } from './fixtures/domain';

const ESCALATE = triage({
  priority: { value: 'Highest', rule: 'Escalate' },
  issueType: { value: 'Outage', rule: 'Escalate' },
  assignee: { value: 'acc-1', rule: 'Escalate' },
  explanations: [
    "rule 'Escalate' set priority Highest, assignee acc-1, issue type Outage; added label hot",
  ],
});

describe('what the triage rules actually did to an issue', () => {
  it('reports an issue type the project lacks as refused, and an assignee only once Jira refused it', () => {
    expect(refusedActions(ESCALATE, target()).map((a) => a.clause)).toEqual(['issue type Outage']);
    expect(
      refusedActions(ESCALATE, target(), { assignee: 'User cannot be assigned issues.' }).map(
        (a) => `${a.clause}: ${a.reason}`,
      ),
    ).toEqual([
      "issue type Outage: the project has no issue type of that name, so the issue has the project's configured type",
      'assignee acc-1: Jira refused it (User cannot be assigned issues.), so the issue is unassigned',
    ]);
  });

  it('takes refused clauses out of the rule explanations, dropping one left with nothing', () => {
    const refused = refusedActions(ESCALATE, target(), { assignee: 'no' });
    expect(appliedExplanations(ESCALATE.explanations, refused)).toEqual([
      "rule 'Escalate' set priority Highest; added label hot",
    ]);
    const onlyType = [{ clause: 'issue type Outage', rule: 'R', reason: 'x' }];
    expect(appliedExplanations(["rule 'R' set issue type Outage"], onlyType)).toEqual([]);
    expect(appliedExplanations(["rule 'Other' set issue type Outage"], onlyType)).toEqual([
      "rule 'Other' set issue type Outage",
    ]);
  });

  it('writes the description with the applied actions and, apart, the refused ones and where to fix them', () => {
    const issue = buildIssueCreate({
      alert: alert(),
      findings: [],
      target: target(),
      triage: ESCALATE,
      tenantName: 'Contoso',
      refusedFields: { assignee: 'User cannot be assigned issues.' },
    });
    const text = adfToText(issue.fields.description);
    expect(text).toContain("Triage: rule 'Escalate' set priority Highest; added label hot");
    expect(text).toContain('Triage actions not applied:');
    expect(text).toContain(
      "- issue type Outage (rule 'Escalate'): the project has no issue type of that name, so the issue has the project's configured type. Fix the rule in the app's Triage rules tab.",
    );
    expect(text).toContain("assignee acc-1 (rule 'Escalate'): Jira refused it");
    expect(issue.fields).not.toHaveProperty('assignee');
    expect(issue.fields.issuetype).toEqual({ id: '10001' });
  });
});
