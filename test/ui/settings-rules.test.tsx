/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { FlagsProvider } from '@atlaskit/flag';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Overview } from '../../src/contract/settings';
import { SETTINGS_RESOLVERS as R } from '../../src/contract/settings';
import type { Rule } from '../../src/core/rules/schema';
import { SettingsApp } from '../../static/settings/src/SettingsApp';
import { demoProjectConfig } from '../../sandbox/cli/demo-project';
import { installFakeBridge, ok } from './fake-bridge';

const ESCALATE: Rule = {
  id: 'escalate',
  name: 'Escalate',
  enabled: true,
  conditions: [{ type: 'titleContains', text: 'sign-in' }],
  actions: { issueType: 'Incident' },
};

function overview(rules: Rule[]): Overview {
  return {
    projectKey: 'SEC',
    config: demoProjectConfig({ rules }),
    tenants: [],
    abuseIpdbKey: { set: false },
    allowLoopbackMcas: false,
  };
}

const META = ok({ issueTypes: [], issueTypeId: null, fields: [], warnings: [], priorities: [] });

async function openRules() {
  render(
    <FlagsProvider>
      <SettingsApp />
    </FlagsProvider>,
  );
  const user = userEvent.setup({ delay: null });
  await user.click(await screen.findByRole('tab', { name: 'Triage rules' }));
  return user;
}

describe('settings page: triage rules', () => {
  it('says a switched rule is unsaved until "Save rules", and discards on request', async () => {
    installFakeBridge({ [R.getOverview]: ok(overview([ESCALATE])), [R.getJiraMeta]: META });
    const user = await openRules();
    expect(screen.queryByTestId('rules-unsaved')).not.toBeInTheDocument();
    await user.click(screen.getByLabelText('Rule Escalate enabled'));
    const bar = await screen.findByTestId('rules-unsaved');
    expect(bar).toHaveTextContent('apply only once saved');
    await user.click(within(bar).getByRole('button', { name: 'Discard changes' }));
    expect(screen.queryByTestId('rules-unsaved')).not.toBeInTheDocument();
    expect(screen.getByLabelText('Rule Escalate enabled')).toBeChecked();
  });

  it('warns on a rule named like an earlier one', async () => {
    const copy = { ...ESCALATE, id: 'copy', name: 'escalate', conditions: [] };
    installFakeBridge({ [R.getOverview]: ok(overview([ESCALATE, copy])), [R.getJiraMeta]: META });
    await openRules();
    const warnings = await screen.findAllByTestId('rule-warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toHaveTextContent('same name as rule 1');
  });

  it('shows the refusal of a rule naming a missing issue type by rule name, in plain words', async () => {
    const bridge = installFakeBridge({
      [R.getOverview]: ok(overview([ESCALATE])),
      [R.getJiraMeta]: META,
      [R.saveConfig]: () => ({
        ok: false,
        error: {
          code: 'INVALID_INPUT',
          message: 'Some triage rules name things this project or Jira does not have.',
          fieldErrors: {
            'config.rules.0.actions.issueType':
              'sets issue type "Incident", which project SEC does not have (it has Task, Bug).',
          },
        },
      }),
    });
    const user = await openRules();
    await user.click(screen.getByRole('button', { name: 'Save rules' }));
    const errors = await screen.findByTestId('rules-errors');
    expect(errors).toHaveTextContent(
      'Rule 1 "Escalate" sets issue type "Incident", which project SEC does not have (it has Task, Bug).',
    );
    expect(errors).not.toHaveTextContent('rules.0');
    await waitFor(() => expect(bridge.callsTo(R.saveConfig)).toHaveLength(1));
  });
});
