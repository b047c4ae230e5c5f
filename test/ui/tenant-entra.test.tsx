/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { FlagsProvider } from '@atlaskit/flag';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Overview, TenantView } from '../../src/contract/settings';
import { SETTINGS_RESOLVERS as R } from '../../src/contract/settings';
import { SettingsApp } from '../../static/settings/src/SettingsApp';
import { installFakeBridge, ok } from './fake-bridge';
import { CONTOSO_VIEW } from './tenant-views';
import { paste } from './paste';

const DIRECTORY = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT_ID = '4a1aa1d5-c567-49d0-ad0b-cd957a47f842';

const ENTRA_TENANT: TenantView = {
  id: 'fabrikam',
  name: 'Fabrikam US',
  source: 'mcas',
  url: 'https://fabrikam.us3.portal.cloudappsecurity.com/',
  authMode: 'entra',
  entraTenantId: DIRECTORY,
  clientId: CLIENT_ID,
  enabled: true,
  token: { set: true, lastFour: '91ab' },
};

const OVERVIEW: Overview = {
  projectKey: 'SEC',
  config: null,
  tenants: [CONTOSO_VIEW, ENTRA_TENANT],
  abuseIpdbKey: { set: false },
  allowLoopbackMcas: false,
};

function renderSettings() {
  return render(
    <FlagsProvider>
      <SettingsApp />
    </FlagsProvider>,
  );
}

async function chooseEntraApp(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByLabelText('Authentication'));
  await user.click(await screen.findByText('Entra app'));
}

describe('settings page: a tenant with an Entra app', () => {
  it('shows each tenant’s auth mode in the table', async () => {
    installFakeBridge({ [R.getOverview]: ok(OVERVIEW) });
    renderSettings();
    expect(await screen.findByText('API token (set, ends in …a1b2)')).toBeInTheDocument();
    expect(screen.getByText('Entra app (set, ends in …91ab)')).toBeInTheDocument();
  });

  it('checks the Entra fields before calling the resolver, then sends them without a token', async () => {
    const bridge = installFakeBridge({
      [R.getOverview]: ok(OVERVIEW),
      [R.addTenant]: ok({ tenant: { ...ENTRA_TENANT, id: 'woodgrove', name: 'Woodgrove' } }),
    });
    const user = userEvent.setup({ delay: null });
    renderSettings();
    await user.click(await screen.findByRole('button', { name: 'Add tenant' }));
    await user.type(screen.getByLabelText('Name'), 'Woodgrove');
    await paste(
      user,
      screen.getByLabelText('API URL'),
      'https://woodgrove.eu2.portal.cloudappsecurity.com/',
    );
    expect(screen.getByLabelText('API token')).toBeInTheDocument();
    await chooseEntraApp(user);
    expect(screen.queryByLabelText('API token')).not.toBeInTheDocument();
    await user.type(screen.getByLabelText('Application (client) ID'), 'my-app');
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Add tenant' }));

    expect(await screen.findByTestId('tenant-entra-tenant-id-error')).toHaveTextContent(
      'Directory (tenant) ID is required',
    );
    expect(screen.getByTestId('tenant-client-id-error')).toHaveTextContent(
      'Application (client) ID must be the Application (client) ID, a GUID',
    );
    expect(screen.getByTestId('tenant-client-secret-error')).toHaveTextContent(
      'Client secret is required',
    );
    expect(bridge.callsTo(R.addTenant)).toHaveLength(0);

    await paste(user, screen.getByLabelText('Directory (tenant) ID'), DIRECTORY);
    await user.clear(screen.getByLabelText('Application (client) ID'));
    await paste(user, screen.getByLabelText('Application (client) ID'), CLIENT_ID);
    await paste(user, screen.getByLabelText('Client secret'), 'Qx8~secret-value');
    await user.click(within(dialog).getByRole('button', { name: 'Add tenant' }));

    expect(await screen.findByText('Tenant "Woodgrove" added')).toBeInTheDocument();
    expect(bridge.callsTo(R.addTenant)).toEqual([
      {
        name: 'Woodgrove',
        source: 'mcas',
        url: 'https://woodgrove.eu2.portal.cloudappsecurity.com/',
        authMode: 'entra',
        entraTenantId: DIRECTORY,
        clientId: CLIENT_ID,
        clientSecret: 'Qx8~secret-value',
      },
    ]);
  });

  it('edits an Entra tenant with its ids filled in and the secret write-only', async () => {
    const bridge = installFakeBridge({
      [R.getOverview]: ok(OVERVIEW),
      [R.updateTenant]: ok({ tenant: ENTRA_TENANT }),
    });
    const user = userEvent.setup({ delay: null });
    renderSettings();
    await user.click(await screen.findByRole('button', { name: 'Edit Fabrikam US' }));
    expect(screen.getByLabelText('Directory (tenant) ID')).toHaveValue(DIRECTORY);
    expect(screen.getByLabelText('Application (client) ID')).toHaveValue(CLIENT_ID);
    expect(screen.getByLabelText('Client secret')).toHaveValue('');
    expect(screen.getByText(/Stored client secret: set, ends in …91ab/)).toBeInTheDocument();

    await user.click(
      within(screen.getByRole('dialog')).getByRole('button', { name: 'Save tenant' }),
    );
    expect(await screen.findByText('Tenant "Fabrikam US" saved')).toBeInTheDocument();
    const [sent] = bridge.callsTo(R.updateTenant);
    expect(sent).toEqual({
      tenantId: 'fabrikam',
      name: 'Fabrikam US',
      source: 'mcas',
      url: 'https://fabrikam.us3.portal.cloudappsecurity.com/',
      authMode: 'entra',
      entraTenantId: DIRECTORY,
      clientId: CLIENT_ID,
    });
  });
});
