/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Rule } from '../../src/core/rules/schema';
import { RuleEditor } from '../../static/settings/src/rules/RuleEditor';

const RULE: Rule = {
  id: 'r1',
  name: 'Impossible travel',
  enabled: true,
  conditions: [{ type: 'titleMatches', pattern: '\\bimpossible travel\\b' }],
  actions: { category: 'compromised-user' },
};

describe('rule editor', () => {
  it('refuses an invalid regular expression and keeps the rule open', async () => {
    const onDone = jest.fn();
    const user = userEvent.setup({ delay: null });
    render(
      <RuleEditor
        rule={RULE}
        isNew={false}
        priorities={['Highest']}
        onDone={onDone}
        onClose={jest.fn()}
      />,
    );
    const pattern = screen.getByLabelText('Title matches (value)');
    await user.clear(pattern);
    await user.type(pattern, '(unclosed');
    await user.click(screen.getByRole('button', { name: 'Keep changes' }));

    expect(await screen.findByText(/is not a valid regular expression/)).toBeInTheDocument();
    expect(onDone).not.toHaveBeenCalled();
  });

  it('hands back the edited rule when it is valid', async () => {
    const onDone = jest.fn();
    const user = userEvent.setup({ delay: null });
    render(
      <RuleEditor
        rule={RULE}
        isNew={false}
        priorities={['Highest']}
        onDone={onDone}
        onClose={jest.fn()}
      />,
    );
    await user.type(screen.getByLabelText('Add labels'), 'travel vip');
    await user.click(screen.getByRole('button', { name: 'Keep changes' }));

    expect(onDone).toHaveBeenCalledWith({
      ...RULE,
      actions: { category: 'compromised-user', labels: ['travel', 'vip'] },
    });
  });

  it('says what a field needs in plain words, and drops the message once the field is edited', async () => {
    const user = userEvent.setup({ delay: null });
    render(
      <RuleEditor
        rule={RULE}
        isNew={false}
        priorities={[]}
        onDone={jest.fn()}
        onClose={jest.fn()}
      />,
    );
    const name = screen.getByLabelText('Rule name');
    await user.clear(name);
    await user.click(screen.getByRole('button', { name: 'Keep changes' }));
    expect(await screen.findByText('Rule name is required')).toBeInTheDocument();
    expect(screen.queryByText(/Too small|expected string/)).not.toBeInTheDocument();

    await user.type(name, ' ');
    expect(screen.queryByText('Rule name is required')).not.toBeInTheDocument();
    // Still blank after the edit: the next check says so again.
    await user.click(screen.getByRole('button', { name: 'Keep changes' }));
    expect(await screen.findByText('Rule name is required')).toBeInTheDocument();
  });

  it('shows how rules combine', () => {
    render(<RuleEditor rule={RULE} isNew priorities={[]} onDone={jest.fn()} onClose={jest.fn()} />);
    expect(
      screen.getByText('The severity → priority map applies only when no rule set a priority.'),
    ).toBeInTheDocument();
  });
});

describe('rule editor: "Tenant is one of" (issue 14, finding 6)', () => {
  const TENANTS = [
    { id: 'contoso', name: 'Contoso EU' },
    { id: 'fabrikam', name: 'Fabrikam US' },
  ];

  it("offers the project's tenants, keeps a stored id that is gone as unknown, and saves the ids", async () => {
    const onDone = jest.fn();
    const user = userEvent.setup({ delay: null });
    const rule: Rule = {
      ...RULE,
      conditions: [{ type: 'tenant', tenantIds: ['contoso', 'old-tenant'] }],
    };
    render(
      <RuleEditor
        rule={rule}
        tenants={TENANTS}
        isNew={false}
        priorities={[]}
        onDone={onDone}
        onClose={jest.fn()}
      />,
    );
    expect(screen.getByText('Contoso EU (contoso)')).toBeInTheDocument();
    expect(screen.getByText('Unknown tenant (old-tenant)')).toBeInTheDocument();
    // A picker: typed text that is no tenant cannot become a value.
    const input = screen.getByLabelText('Tenant is one of (value)');
    await user.click(input);
    await user.type(input, 'nobody');
    expect(screen.queryByRole('option', { name: /nobody/ })).not.toBeInTheDocument();
    await user.clear(input);
    await user.click(await screen.findByRole('option', { name: 'Fabrikam US (fabrikam)' }));
    await user.click(screen.getByRole('button', { name: 'Keep changes' }));

    expect(onDone).toHaveBeenCalledWith({
      ...rule,
      conditions: [{ type: 'tenant', tenantIds: ['contoso', 'old-tenant', 'fabrikam'] }],
    });
  });
});
