/** @jest-environment jsdom */
/**
 * The Runs tab (issue 14, finding 7; issue 15's Reports section): progress that moves while the
 * tenants sync, a "Sync finished" that says what was created, the trigger of each run, quiet runs
 * folded away, and the operational-health report with the searches behind its numbers.
 */
import '@testing-library/jest-dom';
import { FlagsProvider } from '@atlaskit/flag';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { OperationsView } from '../../src/contract/reports';
import { REPORT_RESOLVERS } from '../../src/contract/reports';
import type { Overview } from '../../src/contract/settings';
import { SETTINGS_RESOLVERS as R } from '../../src/contract/settings';
import type { RunSummary } from '../../src/core/model';
import { newRunSummary } from '../../src/core/model';
import { demoProjectConfig } from '../../sandbox/cli/demo-project';
import { SettingsApp } from '../../static/settings/src/SettingsApp';
import type { Answer } from './fake-bridge';
import { installFakeBridge, ok } from './fake-bridge';

const REQUESTED_AT = Date.UTC(2026, 10, 30, 9, 0);

const TENANTS: Overview['tenants'] = ['contoso', 'fabrikam'].map((id) => ({
  id,
  name: id === 'contoso' ? 'Contoso EU' : 'Fabrikam US',
  source: 'mcas' as const,
  url: `https://${id}.eu2.portal.cloudappsecurity.com/`,
  authMode: 'token' as const,
  enabled: true,
  token: { set: true, lastFour: 'a1b2' },
}));

const OVERVIEW: Overview = {
  projectKey: 'SEC',
  config: demoProjectConfig(),
  tenants: TENANTS,
  abuseIpdbKey: { set: true, lastFour: 'wxyz' },
  allowLoopbackMcas: false,
};

function run(
  tenantId: string,
  startedAt: number,
  trigger: RunSummary['trigger'],
  counts: Partial<RunSummary> = {},
): RunSummary {
  return {
    ...newRunSummary({
      runId: `${tenantId}-${startedAt}`,
      projectId: '10000',
      projectKey: 'SEC',
      tenantId,
      tenantName: tenantId === 'contoso' ? 'Contoso EU' : 'Fabrikam US',
      trigger,
      startedAt,
    }),
    ...counts,
  };
}

const OPERATIONS: OperationsView = {
  days: [
    {
      day: '2026-11-29',
      tenants: [],
      ipLookups: 0,
      createdJql: 'project = "SEC" AND created >= "2026-11-29 00:00"',
    },
    {
      day: '2026-11-30',
      tenants: [
        {
          tenantId: 'contoso',
          tenantName: 'Contoso EU',
          created: 4,
          failed: 1,
          suppressed: 2,
          grouped: 0,
          createdJql: 'project = "SEC" AND mcasTenant = "contoso"',
        },
        {
          tenantId: 'fabrikam',
          tenantName: 'Fabrikam US',
          created: 3,
          failed: 0,
          suppressed: 0,
          grouped: 1,
          createdJql: 'project = "SEC" AND mcasTenant = "fabrikam"',
        },
      ],
      ipLookups: 250,
      createdJql: 'project = "SEC" AND created >= "2026-11-30 00:00"',
    },
  ],
  dailyLimit: 1000,
  historyFrom: Date.UTC(2026, 10, 29),
  asOf: REQUESTED_AT,
};

function answers(listRuns: Answer): Record<string, Answer> {
  return {
    [R.getOverview]: ok(OVERVIEW),
    [R.listRuns]: listRuns,
    [R.listFailedAlerts]: ok({ alerts: [], more: false }),
    [REPORT_RESOLVERS.getOperations]: ok(OPERATIONS),
  };
}

async function openRuns() {
  render(
    <FlagsProvider>
      <SettingsApp />
    </FlagsProvider>,
  );
  // Under jest's fake timers, the clock moves only when a test (or `waitFor`) moves it.
  const user = userEvent.setup({ delay: null, advanceTimers: jest.advanceTimersByTime });
  await user.click(await screen.findByRole('tab', { name: 'Runs' }));
  return user;
}

describe('settings page: runs', () => {
  afterEach(() => jest.useRealTimers());

  it('shows what started each run, and folds away the runs that found nothing new', async () => {
    const runs = [
      run('contoso', REQUESTED_AT - 1000, 'retry', { fetched: 1, created: 1 }),
      run('contoso', REQUESTED_AT - 2000, 'manual', { fetched: 2, created: 2 }),
      run('fabrikam', REQUESTED_AT - 3000, 'schedule', { fetched: 1, duplicates: 1 }),
      run('fabrikam', REQUESTED_AT - 4000, 'schedule'),
      run('contoso', REQUESTED_AT - 5000, 'schedule'),
    ];
    installFakeBridge(answers(ok({ runs })));
    const user = await openRuns();

    const rows = await screen.findAllByTestId('run-row');
    expect(rows).toHaveLength(3);
    expect(rows.map((row) => within(row).getAllByRole('cell')[2]?.textContent)).toEqual([
      'Retry',
      'Sync now',
      'Schedule',
    ]);
    await user.click(screen.getByLabelText('Show the 2 runs that found nothing new'));
    expect(screen.getAllByTestId('run-row')).toHaveLength(5);
  });

  it('moves the progress on as tenants finish, and says what the sync created', async () => {
    // The page polls the run history once a second: on jest's clock, which `waitFor` moves on
    // while it waits, the four polls take no real seconds.
    jest.useFakeTimers();
    let polls = 0;
    const contosoPart = run('contoso', REQUESTED_AT + 10, 'manual', {
      fetched: 50,
      created: 40,
      continued: true,
    });
    const contosoRest = run('contoso', REQUESTED_AT + 20, 'manual', { fetched: 5, created: 5 });
    const fabrikam = run('fabrikam', REQUESTED_AT + 30, 'manual', {
      fetched: 3,
      created: 2,
      duplicates: 1,
    });
    // Each poll sees one more run land: Contoso's first part, its rest, then Fabrikam.
    const landed = [[], [contosoPart], [contosoPart, contosoRest]];
    const bridge = installFakeBridge({
      ...answers(() => {
        polls += 1;
        const runs = landed[polls - 1] ?? [contosoPart, contosoRest, fabrikam];
        return { ok: true, data: { runs: [...runs].reverse() } };
      }),
      [R.syncNow]: ok({
        requestedAt: REQUESTED_AT,
        queued: TENANTS.map((t) => ({ tenantId: t.id, tenantName: t.name })),
      }),
    });
    const user = await openRuns();
    await user.click(screen.getByRole('button', { name: 'Sync now' }));

    const progress = await screen.findByTestId('sync-progress');
    await waitFor(() => expect(progress).toHaveTextContent('0 of 2 tenants done'));
    await waitFor(
      () => expect(screen.getByTestId('sync-phase-contoso')).toHaveTextContent('continuing'),
      { timeout: 5000 },
    );
    expect(progress).toHaveTextContent('40 issues created so far');
    await waitFor(() => expect(progress).toHaveTextContent('1 of 2 tenants done'), {
      timeout: 5000,
    });
    expect(screen.getByTestId('sync-phase-fabrikam')).toHaveTextContent('syncing');
    expect(
      await screen.findByText(
        'Sync finished: 47 issues created, 1 already had an issue.',
        {},
        { timeout: 5000 },
      ),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('sync-progress')).not.toBeInTheDocument();
    expect(bridge.callsTo(R.syncNow)).toHaveLength(1);
  });

  it('keeps "Sync now" right after the heading, whatever the width of the table', async () => {
    installFakeBridge(answers(ok({ runs: [] })));
    await openRuns();
    const heading = screen.getByRole('heading', { name: 'Runs' });
    const button = screen.getByRole('button', { name: 'Sync now' });
    const row = heading.parentElement;
    expect(row).toContainElement(button);
    expect(row).not.toHaveStyle({ justifyContent: 'space-between' });
  });

  it('shows created, suppressed, failed and grouped alerts per day and the AbuseIPDB quota, as a chart and a table', async () => {
    installFakeBridge(answers(ok({ runs: [] })));
    const user = await openRuns();
    const report = await screen.findByTestId('operations-report');
    const table = within(report).getByTestId('operations-table');
    const today = within(table).getByRole('row', { name: /2026-11-30/ });
    expect(
      within(today)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual(['7', '2', '1', '1']);
    expect(within(today).getByRole('link', { name: /7 created on 2026-11-30/ })).toHaveAttribute(
      'data-jql',
      'project = "SEC" AND created >= "2026-11-30 00:00"',
    );
    expect(within(report).getByTestId('quota-today')).toHaveTextContent(
      'Today: 250 of 1,000 checks (25% of the daily limit',
    );
    expect(within(report).getByRole('img', { name: /Alerts per day, every tenant/ })).toBeVisible();

    // One tenant: its own numbers, and its own search behind "created".
    await user.click(within(report).getByLabelText('Tenant'));
    await user.click(await screen.findByRole('option', { name: 'Contoso EU' }));
    const contoso = within(table).getByRole('row', { name: /2026-11-30/ });
    expect(
      within(contoso)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual(['4', '2', '1', '0']);
    expect(within(contoso).getByRole('link')).toHaveAttribute(
      'data-jql',
      'project = "SEC" AND mcasTenant = "contoso"',
    );
  });

  it('says so where the report goes when it cannot be read, and the history still shows', async () => {
    installFakeBridge({
      ...answers(ok({ runs: [run('contoso', REQUESTED_AT, 'schedule', { created: 1 })] })),
      [REPORT_RESOLVERS.getOperations]: () => ({
        ok: false,
        error: { code: 'INTERNAL', message: 'Storage is busy. Try again in a minute.' },
      }),
    });
    await openRuns();
    expect(await screen.findByText('The report could not be loaded')).toBeInTheDocument();
    expect(screen.getByText('Storage is busy. Try again in a minute.')).toBeInTheDocument();
    expect(await screen.findAllByTestId('run-row')).toHaveLength(1);
  });
});
