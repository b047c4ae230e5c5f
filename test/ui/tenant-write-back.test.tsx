/** @jest-environment jsdom */
/**
 * Write-back on the settings page (issue 16): off by default, turned on per tenant with its own
 * toggle, and "Test connection" says whether the credential may close alerts.
 */
import '@testing-library/jest-dom';
import { FlagsProvider } from '@atlaskit/flag';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Overview } from '../../src/contract/settings';
import { SETTINGS_RESOLVERS as R } from '../../src/contract/settings';
import { SettingsApp } from '../../static/settings/src/SettingsApp';
import { installFakeBridge, ok } from './fake-bridge';
import { CONTOSO_VIEW } from './tenant-views';

const OVERVIEW: Overview = {
  projectKey: 'SEC',
  config: null,
  tenants: [CONTOSO_VIEW],
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

it('turns write-back on for one tenant, and only that', async () => {
  const bridge = installFakeBridge({
    [R.getOverview]: ok(OVERVIEW),
    [R.updateTenant]: ok({ tenant: { ...CONTOSO_VIEW, writeBack: true } }),
  });
  const user = userEvent.setup({ delay: null });
  renderSettings();
  const toggle = await screen.findByLabelText(
    'Close alerts of Contoso EU in Defender when their issues are resolved',
  );
  expect(toggle).not.toBeChecked();
  await user.click(toggle);
  await waitFor(() =>
    expect(bridge.callsTo(R.updateTenant)).toEqual([{ tenantId: 'contoso', writeBack: true }]),
  );
});

it('says when the token cannot close alerts, naming what it needs', async () => {
  installFakeBridge({
    [R.getOverview]: ok(OVERVIEW),
    [R.testTenant]: ok({
      outcome: 'connected',
      openAlerts: 3,
      moreThan: false,
      canClose: {
        allowed: false,
        message:
          'MCAS tenant "Contoso EU" refused to close the alert (HTTP 403): closing needs an API token of a user allowed to change alerts.',
      },
    }),
  });
  const user = userEvent.setup({ delay: null });
  renderSettings();
  await user.click(await screen.findByRole('button', { name: 'Test connection to Contoso EU' }));
  expect(await screen.findByTestId('tenant-test-result')).toHaveTextContent(
    'Connected: 3 open alerts. It cannot close alerts: MCAS tenant "Contoso EU" refused to close the alert (HTTP 403)',
  );
});
