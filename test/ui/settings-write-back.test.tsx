/** @jest-environment jsdom */
/**
 * The Write-back tab (issue 16): the resolution → closure map with this site's resolutions, the
 * MCAS reasons each closure takes, what other resolutions do, and the status an issue moves to
 * when someone closes its alert in Defender; saved as the project config's `writeBack`.
 */
import '@testing-library/jest-dom';
import { FlagsProvider } from '@atlaskit/flag';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Overview } from '../../src/contract/settings';
import { SETTINGS_RESOLVERS as R } from '../../src/contract/settings';
import { demoProjectConfig } from '../../sandbox/cli/demo-project';
import { SettingsApp } from '../../static/settings/src/SettingsApp';
import type { FakeBridge } from './fake-bridge';
import { installFakeBridge, ok } from './fake-bridge';
import { CONTOSO_VIEW } from './tenant-views';

type User = ReturnType<typeof userEvent.setup>;

function overview(writeBackOn: boolean): Overview {
  return {
    projectKey: 'SEC',
    config: demoProjectConfig(),
    tenants: [{ ...CONTOSO_VIEW, writeBack: writeBackOn }],
    abuseIpdbKey: { set: false },
    allowLoopbackMcas: false,
  };
}

const META = ok({
  resolutions: [
    { id: '10000', name: 'Done' },
    { id: '10001', name: "Won't Do" },
    { id: '10002', name: 'Duplicate' },
    { id: '10003', name: 'Cannot Reproduce' },
    { id: '10004', name: 'Known Noise' },
  ],
  statuses: [
    { id: '10000', name: 'To Do', category: 'new' },
    { id: '10002', name: 'Done', category: 'done' },
  ],
});

/** Saves the tab and answers the write-back settings of the one save it sent. */
async function savedWriteBack(user: User, bridge: FakeBridge): Promise<unknown> {
  await user.click(screen.getByRole('button', { name: 'Save write-back' }));
  await waitFor(() => expect(bridge.callsTo(R.saveConfig)).toHaveLength(1));
  const [saved] = bridge.callsTo(R.saveConfig) as Array<{ config: { writeBack: unknown } }>;
  return saved?.config.writeBack;
}

async function openWriteBack(): Promise<User> {
  render(
    <FlagsProvider>
      <SettingsApp />
    </FlagsProvider>,
  );
  const user = userEvent.setup({ delay: null });
  await user.click(await screen.findByRole('tab', { name: 'Write-back' }));
  await screen.findByRole('heading', { name: 'Write-back' });
  return user;
}

async function choose(user: User, label: string, option: string) {
  await user.click(screen.getByLabelText(label));
  await user.click(
    await screen.findByText(option, { selector: '[role="option"], [role="option"] *' }),
  );
}

describe('settings page: write-back', () => {
  it('edits the map, other resolutions and the Defender-closed status, and saves them', async () => {
    const bridge = installFakeBridge({
      [R.getOverview]: ok(overview(true)),
      [R.getWriteBackMeta]: META,
      [R.saveConfig]: ok({ config: demoProjectConfig() }),
    });
    const user = await openWriteBack();
    expect(screen.queryByText('Write-back is off for every tenant')).not.toBeInTheDocument();

    await choose(user, "Closure for Won't Do", 'Close as false positive');
    await choose(user, "MCAS reason for Won't Do", 'Not of interest');
    await user.click(screen.getByRole('button', { name: 'Remove the row for Cannot Reproduce' }));
    await user.click(screen.getByRole('button', { name: 'Add a resolution' }));
    await choose(user, 'Resolution of row 4', 'Known Noise');
    await choose(user, 'MCAS reason for Known Noise', 'Too many similar alerts');
    await choose(user, 'Any other resolution', 'Close as benign');
    await choose(
      user,
      'When the alert is closed in Defender',
      'Comment and move the issue to Done',
    );
    expect(await savedWriteBack(user, bridge)).toEqual({
      closures: [
        { resolution: 'Done', closure: 'truePositive' },
        { resolution: "Won't Do", closure: 'falsePositive', reasonId: 0 },
        { resolution: 'Duplicate', closure: 'falsePositive', reasonId: 1 },
        { resolution: 'Known Noise', closure: 'falsePositive', reasonId: 1 },
      ],
      otherResolutions: 'benign',
      defenderClosedStatus: { id: '10002', name: 'Done' },
    });
  });

  it("shows the server's refusal next to the resolution it names, and sends nothing for an empty row", async () => {
    const bridge = installFakeBridge({
      [R.getOverview]: ok(overview(false)),
      [R.getWriteBackMeta]: META,
      [R.saveConfig]: () => ({
        ok: false,
        error: {
          code: 'INVALID_INPUT',
          message: 'Some write-back settings name things this project or Jira does not have.',
          fieldErrors: {
            'config.writeBack.closures.1.resolution': 'Jira has no resolution "Won\'t Do"',
          },
        },
      }),
    });
    const user = await openWriteBack();
    expect(screen.getByText('Write-back is off for every tenant')).toBeInTheDocument();
    expect(screen.getByText(/turn it on per tenant in Tenants/)).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Add a resolution' }));
    await user.click(screen.getByRole('button', { name: 'Save write-back' }));
    expect(await screen.findByTestId('closure-resolution-4-error')).toHaveTextContent(
      'is required',
    );
    expect(bridge.callsTo(R.saveConfig)).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Remove the row for row 5' }));
    await user.click(screen.getByRole('button', { name: 'Save write-back' }));
    expect(await screen.findByTestId('closure-resolution-1-error')).toHaveTextContent(
      'Jira has no resolution "Won\'t Do"',
    );
    expect(bridge.callsTo(R.saveConfig)).toHaveLength(1);
  });

  it('resets the map to the defaults', async () => {
    const bridge = installFakeBridge({
      [R.getOverview]: ok(overview(true)),
      [R.getWriteBackMeta]: META,
      [R.saveConfig]: ok({ config: demoProjectConfig() }),
    });
    const user = await openWriteBack();
    await user.click(screen.getByRole('button', { name: 'Remove the row for Done' }));
    await choose(user, 'Any other resolution', 'Close as true positive');
    await user.click(screen.getByRole('button', { name: 'Reset to defaults' }));
    expect(await savedWriteBack(user, bridge)).toEqual({
      closures: [
        { resolution: 'Done', closure: 'truePositive' },
        { resolution: "Won't Do", closure: 'benign', reasonId: 4 },
        { resolution: 'Duplicate', closure: 'falsePositive', reasonId: 1 },
        { resolution: 'Cannot Reproduce', closure: 'falsePositive', reasonId: 3 },
      ],
    });
  });
});
