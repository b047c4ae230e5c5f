/** @jest-environment jsdom */
/** Issue 13, finding 5 in the settings page: key deletion and the purge, each confirmed first. */
import '@testing-library/jest-dom';
import { FlagsProvider } from '@atlaskit/flag';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Overview } from '../../src/contract/settings';
import { SETTINGS_RESOLVERS as R } from '../../src/contract/settings';
import { SettingsApp } from '../../static/settings/src/SettingsApp';
import { installFakeBridge, ok } from './fake-bridge';

const OVERVIEW: Overview = {
  projectKey: 'SEC',
  config: null,
  tenants: [],
  abuseIpdbKey: { set: true, lastFour: 'a1b2' },
  allowLoopbackMcas: false,
};

async function openTab(user: ReturnType<typeof userEvent.setup>) {
  render(
    <FlagsProvider>
      <SettingsApp />
    </FlagsProvider>,
  );
  await user.click(await screen.findByRole('tab', { name: 'Data and privacy' }));
}

it('removes the project data only after the project key is typed', async () => {
  const bridge = installFakeBridge({
    [R.getOverview]: ok(OVERVIEW),
    [R.purgeProjectData]: ok({ projectKey: 'SEC', tenants: 2, entries: 40 }),
  });
  const user = userEvent.setup({ delay: null });
  await openTab(user);
  await user.click(screen.getByRole('button', { name: 'Remove all data of this project' }));
  const dialog = screen.getByRole('dialog');
  const confirm = within(dialog).getByRole('button', { name: 'Remove all data' });
  expect(confirm).toBeDisabled();
  await user.type(within(dialog).getByLabelText('Type SEC to confirm'), 'SEC');
  await user.click(confirm);
  expect(await screen.findByText('All data of SEC removed')).toBeInTheDocument();
  expect(bridge.callsTo(R.purgeProjectData)).toEqual([{ confirmProjectKey: 'SEC' }]);
});

it('deletes the AbuseIPDB key after confirmation', async () => {
  const bridge = installFakeBridge({
    [R.getOverview]: ok(OVERVIEW),
    [R.deleteAbuseIpdbKey]: ok({ keyHint: { set: false } }),
  });
  const user = userEvent.setup({ delay: null });
  await openTab(user);
  await user.click(screen.getByRole('button', { name: 'Delete the AbuseIPDB key' }));
  expect(bridge.callsTo(R.deleteAbuseIpdbKey)).toHaveLength(0);
  await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Delete key' }));
  expect(await screen.findByText('AbuseIPDB key deleted')).toBeInTheDocument();
  expect(bridge.callsTo(R.deleteAbuseIpdbKey)).toEqual([{}]);
});
