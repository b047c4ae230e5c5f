/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { FlagsProvider } from '@atlaskit/flag';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Overview } from '../../src/contract/settings';
import { SETTINGS_RESOLVERS as R } from '../../src/contract/settings';
import { SettingsApp } from '../../static/settings/src/SettingsApp';
import { installFakeBridge, ok } from './fake-bridge';
import { CONTOSO_VIEW } from './tenant-views';
import { paste } from './paste';

const EMPTY: Overview = {
  projectKey: 'SEC',
  config: null,
  tenants: [],
  abuseIpdbKey: { set: false },
  allowLoopbackMcas: false,
};

const WITH_TENANT: Overview = {
  ...EMPTY,
  tenants: [CONTOSO_VIEW],
};

function renderSettings() {
  return render(
    <FlagsProvider>
      <SettingsApp />
    </FlagsProvider>,
  );
}

describe('settings page: tenants', () => {
  it('says what to do when there is no tenant yet', async () => {
    installFakeBridge({ [R.getOverview]: ok(EMPTY) });
    renderSettings();
    expect(await screen.findByText('No tenants yet')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Add the first tenant' })).toBeInTheDocument();
  });

  it('refuses a URL that is not an MCAS API URL and an empty token, without calling the resolver', async () => {
    const bridge = installFakeBridge({ [R.getOverview]: ok(EMPTY) });
    const user = userEvent.setup({ delay: null });
    renderSettings();
    await user.click(await screen.findByRole('button', { name: 'Add the first tenant' }));
    await user.type(screen.getByLabelText('Name'), 'Contoso');
    await paste(user, screen.getByLabelText('API URL'), 'https://contoso.example.com/');
    await user.click(
      within(screen.getByRole('dialog')).getByRole('button', { name: 'Add tenant' }),
    );

    expect(await screen.findByTestId('tenant-url-error')).toHaveTextContent(
      'API URL must be the MCAS API URL',
    );
    expect(screen.getByTestId('tenant-token-error')).toHaveTextContent('API token is required');
    expect(bridge.callsTo(R.addTenant)).toHaveLength(0);
  });

  it('never pre-fills the token when editing: it only says which token is stored', async () => {
    installFakeBridge({ [R.getOverview]: ok(WITH_TENANT) });
    const user = userEvent.setup({ delay: null });
    renderSettings();
    await user.click(await screen.findByRole('button', { name: 'Edit Contoso EU' }));
    expect(screen.getByLabelText('API token')).toHaveValue('');
    expect(screen.getByText(/Stored token: set, ends in …a1b2/)).toBeInTheDocument();
  });

  it('asks for the token again once the URL changes (issue 13, finding 3)', async () => {
    installFakeBridge({ [R.getOverview]: ok(WITH_TENANT) });
    const user = userEvent.setup({ delay: null });
    renderSettings();
    await user.click(await screen.findByRole('button', { name: 'Edit Contoso EU' }));
    const url = screen.getByLabelText('API URL');
    await user.clear(url);
    await paste(user, url, 'https://fabrikam.us3.portal.cloudappsecurity.com/');
    expect(
      screen.getByText(/Required again: the URL, directory or client id changed/),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Stored token: set/)).toBeNull();
  });

  it('shows the exact problem when a connection test fails', async () => {
    installFakeBridge({
      [R.getOverview]: ok(WITH_TENANT),
      [R.testTenant]: ok({
        outcome: 'failed',
        problem: 'wrongToken',
        message: 'MCAS refused the API token (401). Create a new token in the MCAS portal.',
      }),
    });
    const user = userEvent.setup({ delay: null });
    renderSettings();
    await user.click(await screen.findByRole('button', { name: 'Test connection to Contoso EU' }));
    expect(await screen.findByTestId('tenant-test-result')).toHaveTextContent(
      'MCAS refused the API token (401)',
    );
  });

  it('shows an error flag when a call fails', async () => {
    installFakeBridge({
      [R.getOverview]: ok(WITH_TENANT),
      [R.setTenantEnabled]: () => ({
        ok: false,
        error: { code: 'UNAVAILABLE', message: 'Storage is not answering right now.' },
      }),
    });
    const user = userEvent.setup({ delay: null });
    renderSettings();
    await user.click(await screen.findByLabelText('Import alerts from Contoso EU'));
    await waitFor(() =>
      expect(screen.getByTestId('error-flag')).toHaveTextContent(
        'Storage is not answering right now.',
      ),
    );
  });

  it('offers to try again when the settings cannot be loaded', async () => {
    installFakeBridge({
      [R.getOverview]: () => ({
        ok: false,
        error: {
          code: 'FORBIDDEN',
          message: 'Only administrators of project SEC can change its settings.',
        },
      }),
    });
    renderSettings();
    expect(
      await screen.findByText('Only administrators of project SEC can change its settings.'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});

describe('settings page: the tenants table (issue 14, finding 6)', () => {
  const LONG_ERROR =
    'Jira refused the issue: the field "Affected user" is not on the create screen of issue type Task in project SEC. Add it to the screen or unmap it under Issue creation.';
  const WITH_ERROR: Overview = {
    ...WITH_TENANT,
    tenants: WITH_TENANT.tenants.map((tenant) => ({ ...tenant, lastError: LONG_ERROR })),
  };

  it('names the table once, shows the tenant id, and keeps the URL whole between its parts', async () => {
    installFakeBridge({ [R.getOverview]: ok(WITH_ERROR) });
    renderSettings();
    const table = await screen.findByRole('table', { name: 'Tenants' });
    // The heading alone says "Tenants": the table is named without a second visible caption.
    expect(screen.getAllByText('Tenants', { selector: 'h2, caption' })).toHaveLength(1);
    expect(within(table).getByTestId('tenant-id')).toHaveTextContent('contoso');
    const url = within(table).getByText(
      (_, element) =>
        element?.tagName === 'CODE' &&
        element.textContent === 'https://contoso.eu2.portal.cloudappsecurity.com/',
    );
    // Break opportunities only after "/" and before ".": never inside "cloudappsecurity".
    expect(url.querySelectorAll('wbr').length).toBeGreaterThan(0);
    expect(url).not.toHaveStyle({ wordBreak: 'break-all' });
    expect([...url.childNodes].map((node) => node.textContent)).toContain('.cloudappsecurity');
  });

  it('keeps the auth text and the three actions on one line, and a long error short with the whole text one click away', async () => {
    installFakeBridge({ [R.getOverview]: ok(WITH_ERROR) });
    const user = userEvent.setup({ delay: null });
    renderSettings();
    const table = await screen.findByRole('table', { name: 'Tenants' });
    expect(within(table).getByText(/API token \(set, ends in …a1b2\)/)).toHaveStyle({
      whiteSpace: 'nowrap',
    });
    const actions = within(table).getByRole('button', { name: 'Delete Contoso EU' }).parentElement;
    expect(actions).toHaveStyle({ flexWrap: 'nowrap' });
    expect(actions).toContainElement(
      within(table).getByRole('button', { name: 'Edit Contoso EU' }),
    );

    const summary = within(table).getByText(/^Jira refused the issue: .*…$/);
    expect(summary.textContent?.length).toBeLessThanOrEqual(81);
    expect(summary.closest('div')).toHaveStyle({ maxWidth: '32ch' });
    await user.click(summary);
    expect(summary.closest('details')).toHaveAttribute('open');
    expect(summary.closest('details')).toHaveTextContent(LONG_ERROR);
  });
});
