/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { FlagsProvider } from '@atlaskit/flag';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Overview, TenantView } from '../../src/contract/settings';
import { GRAPH_URL_MESSAGE, SETTINGS_RESOLVERS as R } from '../../src/contract/settings';
import { GRAPH_BASE_URL } from '../../src/core/config';
import { SettingsApp } from '../../static/settings/src/SettingsApp';
import { installFakeBridge, ok } from './fake-bridge';
import { paste } from './paste';

const DIRECTORY = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT_ID = '4a1aa1d5-c567-49d0-ad0b-cd957a47f842';
const MCAS_URL = 'https://fabrikam.us3.portal.cloudappsecurity.com/';

const MCAS_ENTRA_TENANT: TenantView = {
  id: 'fabrikam',
  name: 'Fabrikam US',
  source: 'mcas',
  url: MCAS_URL,
  authMode: 'entra',
  entraTenantId: DIRECTORY,
  clientId: CLIENT_ID,
  enabled: true,
  token: { set: true, lastFour: '91ab' },
};

const GRAPH_TENANT: TenantView = {
  id: 'woodgrove',
  name: 'Woodgrove',
  source: 'graph',
  url: GRAPH_BASE_URL,
  authMode: 'entra',
  entraTenantId: DIRECTORY,
  clientId: CLIENT_ID,
  enabled: true,
  token: { set: true, lastFour: 'c3d4' },
};

const OVERVIEW: Overview = {
  projectKey: 'SEC',
  config: null,
  tenants: [MCAS_ENTRA_TENANT, GRAPH_TENANT],
  abuseIpdbKey: { set: false },
  allowLoopbackMcas: false,
};

type User = ReturnType<typeof userEvent.setup>;

function renderSettings() {
  return render(
    <FlagsProvider>
      <SettingsApp />
    </FlagsProvider>,
  );
}

async function chooseSource(user: User, label: string) {
  await user.click(screen.getByLabelText('Alert source'));
  await user.click(await screen.findByText(label));
}

async function openAddTenant(user: User) {
  await user.click(await screen.findByRole('button', { name: 'Add tenant' }));
  return screen.getByRole('dialog');
}

describe('settings page: a tenant read through Microsoft Graph', () => {
  it('shows each tenant’s alert source in the table', async () => {
    installFakeBridge({ [R.getOverview]: ok(OVERVIEW) });
    renderSettings();
    const graphRow = (await screen.findByText('Woodgrove')).closest('tr');
    const mcasRow = screen.getByText('Fabrikam US').closest('tr');
    if (graphRow === null || mcasRow === null) throw new Error('tenant rows not found');
    expect(within(graphRow).getByText('Microsoft Graph')).toBeInTheDocument();
    expect(within(graphRow).queryByText('MCAS API')).not.toBeInTheDocument();
    expect(within(mcasRow).getByText('MCAS API')).toBeInTheDocument();
    expect(within(mcasRow).getByText(MCAS_URL)).toBeInTheDocument();
  });

  it('adds a Graph tenant with the Entra app and Graph URL, never a token typed before', async () => {
    const bridge = installFakeBridge({
      [R.getOverview]: ok(OVERVIEW),
      [R.addTenant]: ok({ tenant: { ...GRAPH_TENANT, id: 'contoso', name: 'Contoso' } }),
    });
    const user = userEvent.setup({ delay: null });
    renderSettings();
    const dialog = await openAddTenant(user);
    expect(within(dialog).getByText('Defender for Cloud Apps API')).toBeInTheDocument();
    await user.type(screen.getByLabelText('Name'), 'Contoso');
    await paste(user, screen.getByLabelText('API token'), 'typed-before-the-switch');

    await chooseSource(user, 'Microsoft Graph security API');
    expect(screen.getByLabelText('Graph URL')).toHaveValue(GRAPH_BASE_URL);
    expect(screen.queryByLabelText('API URL')).not.toBeInTheDocument();
    expect(screen.queryByLabelText('API token')).not.toBeInTheDocument();
    expect(screen.getByText(/SecurityAlert\.Read\.All/)).toBeInTheDocument();
    expect(screen.getByText(/from Microsoft Graph \(security alerts_v2\)/)).toBeInTheDocument();

    await paste(user, screen.getByLabelText('Directory (tenant) ID'), DIRECTORY);
    await paste(user, screen.getByLabelText('Application (client) ID'), CLIENT_ID);
    await paste(user, screen.getByLabelText('Client secret'), 'Qx8~secret-value');
    await user.click(within(dialog).getByRole('button', { name: 'Add tenant' }));

    expect(await screen.findByText('Tenant "Contoso" added')).toBeInTheDocument();
    expect(bridge.callsTo(R.addTenant)).toEqual([
      {
        name: 'Contoso',
        source: 'graph',
        url: GRAPH_BASE_URL,
        authMode: 'entra',
        entraTenantId: DIRECTORY,
        clientId: CLIENT_ID,
        clientSecret: 'Qx8~secret-value',
      },
    ]);
  });

  it('offers no API token for Graph, and switching back restores the MCAS fields', async () => {
    installFakeBridge({ [R.getOverview]: ok(OVERVIEW) });
    const user = userEvent.setup({ delay: null });
    renderSettings();
    const dialog = await openAddTenant(user);
    await paste(
      user,
      screen.getByLabelText('API URL'),
      'https://contoso.eu2.portal.cloudappsecurity.com/',
    );
    await paste(user, screen.getByLabelText('API token'), 'mcas-token');

    await chooseSource(user, 'Microsoft Graph security API');
    const authentication = screen.getByLabelText('Authentication');
    expect(authentication).toBeDisabled();
    expect(within(dialog).getByText('Entra app')).toBeInTheDocument();
    await user.click(authentication);
    expect(within(dialog).queryByText('API token')).not.toBeInTheDocument();

    await chooseSource(user, 'Defender for Cloud Apps API');
    expect(screen.getByLabelText('API URL')).toHaveValue(
      'https://contoso.eu2.portal.cloudappsecurity.com/',
    );
    expect(screen.getByLabelText('Authentication')).toBeEnabled();
    expect(screen.getByLabelText('API token')).toHaveValue('mcas-token');
  });

  it('tests a new Graph tenant with its source and URL', async () => {
    const bridge = installFakeBridge({
      [R.getOverview]: ok(OVERVIEW),
      [R.testTenant]: ok({ outcome: 'connected', openAlerts: 3, moreThan: false }),
    });
    const user = userEvent.setup({ delay: null });
    renderSettings();
    const dialog = await openAddTenant(user);
    await chooseSource(user, 'Microsoft Graph security API');
    await paste(user, screen.getByLabelText('Directory (tenant) ID'), DIRECTORY);
    await paste(user, screen.getByLabelText('Application (client) ID'), CLIENT_ID);
    await paste(user, screen.getByLabelText('Client secret'), 'Qx8~secret-value');
    await user.click(within(dialog).getByRole('button', { name: 'Test connection' }));

    expect(await screen.findByTestId('tenant-test-result')).toHaveTextContent(
      'Connected: 3 open alerts.',
    );
    expect(bridge.callsTo(R.testTenant)).toEqual([
      {
        source: 'graph',
        url: GRAPH_BASE_URL,
        authMode: 'entra',
        entraTenantId: DIRECTORY,
        clientId: CLIENT_ID,
        clientSecret: 'Qx8~secret-value',
      },
    ]);
  });

  it('switches an MCAS tenant to Graph, keeping its Entra app and stored secret', async () => {
    const bridge = installFakeBridge({
      [R.getOverview]: ok(OVERVIEW),
      [R.testTenant]: ok({ outcome: 'connected', openAlerts: 0, moreThan: false }),
      [R.updateTenant]: ok({
        tenant: { ...MCAS_ENTRA_TENANT, source: 'graph', url: GRAPH_BASE_URL },
      }),
    });
    const user = userEvent.setup({ delay: null });
    renderSettings();
    await user.click(await screen.findByRole('button', { name: 'Edit Fabrikam US' }));
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).getByText('Defender for Cloud Apps API')).toBeInTheDocument();
    expect(screen.getByLabelText('API URL')).toHaveValue(MCAS_URL);

    await chooseSource(user, 'Microsoft Graph security API');
    expect(screen.getByLabelText('Graph URL')).toHaveValue(GRAPH_BASE_URL);
    expect(
      screen.getByText(/Alerts already imported are not imported again\./),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Directory (tenant) ID')).toHaveValue(DIRECTORY);
    expect(screen.getByText(/Stored client secret: set, ends in …91ab/)).toBeInTheDocument();

    await user.click(within(dialog).getByRole('button', { name: 'Test connection' }));
    expect(await screen.findByTestId('tenant-test-result')).toHaveTextContent('Connected');
    await user.click(within(dialog).getByRole('button', { name: 'Save tenant' }));
    expect(await screen.findByText('Tenant "Fabrikam US" saved')).toBeInTheDocument();

    const switched = {
      source: 'graph',
      url: GRAPH_BASE_URL,
      authMode: 'entra',
      entraTenantId: DIRECTORY,
      clientId: CLIENT_ID,
    };
    expect(bridge.callsTo(R.testTenant)).toEqual([{ tenantId: 'fabrikam', ...switched }]);
    expect(bridge.callsTo(R.updateTenant)).toEqual([
      { tenantId: 'fabrikam', name: 'Fabrikam US', ...switched },
    ]);
  });

  it('refuses a Graph URL that is not Microsoft Graph before calling the resolver', async () => {
    const bridge = installFakeBridge({ [R.getOverview]: ok(OVERVIEW) });
    const user = userEvent.setup({ delay: null });
    renderSettings();
    await user.click(await screen.findByRole('button', { name: 'Edit Woodgrove' }));
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).getByText('Microsoft Graph security API')).toBeInTheDocument();
    await user.clear(screen.getByLabelText('Graph URL'));
    await paste(user, screen.getByLabelText('Graph URL'), 'https://graph.example.com');
    await user.click(within(dialog).getByRole('button', { name: 'Save tenant' }));

    expect(await screen.findByTestId('tenant-url-error')).toHaveTextContent(
      `Graph URL ${GRAPH_URL_MESSAGE}`,
    );
    expect(bridge.callsTo(R.updateTenant)).toHaveLength(0);
  });

  it('shows the server’s field errors at the Graph URL and the sign-in', async () => {
    const bridge = installFakeBridge({
      [R.getOverview]: ok(OVERVIEW),
      [R.updateTenant]: () => ({
        ok: false,
        error: {
          code: 'INVALID_INPUT',
          message: 'Some values need correcting.',
          fieldErrors: {
            url: GRAPH_URL_MESSAGE,
            authMode: 'must be an Entra app: Microsoft Graph accepts no API token',
          },
        },
      }),
    });
    const user = userEvent.setup({ delay: null });
    renderSettings();
    await user.click(await screen.findByRole('button', { name: 'Edit Woodgrove' }));
    await user.click(
      within(screen.getByRole('dialog')).getByRole('button', { name: 'Save tenant' }),
    );

    expect(await screen.findByTestId('tenant-url-error')).toHaveTextContent(
      `Graph URL ${GRAPH_URL_MESSAGE}`,
    );
    expect(screen.getByTestId('tenant-auth-mode-error')).toHaveTextContent(
      'Authentication must be an Entra app',
    );
    expect(bridge.callsTo(R.updateTenant)).toHaveLength(1);
  });

  it('in the sandbox, replaces the MCAS simulator URL and sends the Graph simulator URL typed', async () => {
    const bridge = installFakeBridge({
      [R.getOverview]: ok({ ...OVERVIEW, allowLoopbackMcas: true }),
      [R.addTenant]: ok({ tenant: GRAPH_TENANT }),
    });
    const user = userEvent.setup({ delay: null });
    renderSettings();
    const dialog = await openAddTenant(user);
    await user.type(screen.getByLabelText('Name'), 'Sandbox');
    await paste(user, screen.getByLabelText('API URL'), 'http://127.0.0.1:41001');
    await chooseSource(user, 'Microsoft Graph security API');
    const graphUrl = screen.getByLabelText('Graph URL');
    expect(graphUrl).toHaveValue(GRAPH_BASE_URL);
    await user.clear(graphUrl);
    await paste(user, graphUrl, 'http://127.0.0.1:41002');
    await paste(user, screen.getByLabelText('Directory (tenant) ID'), DIRECTORY);
    await paste(user, screen.getByLabelText('Application (client) ID'), CLIENT_ID);
    await paste(user, screen.getByLabelText('Client secret'), 'Qx8~secret-value');
    await user.click(within(dialog).getByRole('button', { name: 'Add tenant' }));

    expect(await screen.findByText('Tenant "Sandbox" added')).toBeInTheDocument();
    expect(bridge.callsTo(R.addTenant)).toEqual([
      expect.objectContaining({ source: 'graph', url: 'http://127.0.0.1:41002' }),
    ]);
  });
});
