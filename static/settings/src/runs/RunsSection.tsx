/** Runs: the history, "Sync now" with progress until its runs land, and the failed alerts. */
import Button from '@atlaskit/button/new';
import { Checkbox } from '@atlaskit/checkbox';
import EmptyState from '@atlaskit/empty-state';
import Heading from '@atlaskit/heading';
import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import { useCallback, useEffect, useState } from 'react';
import type { FailedAlertView } from '../../../../src/contract/settings';
import type { RunSummary } from '../../../../src/contract/domain';
import { messageOf } from '../../../shared/client';
import { plural } from '../../../shared/format';
import { useNotify } from '../../../shared/notify';
import { R } from '../settings-client';
import { useSettings } from '../settings-context';
import { FailedAlerts } from './FailedAlerts';
import { OperationsReport } from './OperationsReport';
import { isQuietRun } from './quiet-runs';
import { RunsTable } from './RunsTable';
import { describeOutcome } from './sync-progress';
import { SyncProgressView } from './SyncProgressView';
import type { Finished } from './use-run-waiter';
import { useRunWaiter } from './use-run-waiter';

export function RunsSection() {
  const { client, overview, reload } = useSettings();
  const notify = useNotify();
  const [runs, setRuns] = useState<RunSummary[] | undefined>();
  const [failed, setFailed] = useState<FailedAlertView[]>([]);
  const [moreFailed, setMoreFailed] = useState(false);
  const [loadError, setLoadError] = useState<string | undefined>();
  const [starting, setStarting] = useState(false);
  const [showQuiet, setShowQuiet] = useState(false);
  const [reportVersion, setReportVersion] = useState(0);

  const load = useCallback(async () => {
    try {
      const [history, parked] = await Promise.all([
        client.call(R.listRuns, {}),
        client.call(R.listFailedAlerts, {}),
      ]);
      setRuns(history.runs);
      setFailed(parked.alerts);
      setMoreFailed(parked.more);
      setLoadError(undefined);
    } catch (error) {
      setLoadError(messageOf(error));
    }
  }, [client]);

  useEffect(() => {
    void load();
  }, [load]);

  // What was asked for: a retry that leaves its alert without an issue is "Retry failed".
  const [asked, setAsked] = useState<{ kind: 'sync' | 'retry'; requestedAt: number }>();
  // When the awaited runs have landed, say what they did and refresh what they change: failed
  // alerts, last sync.
  const onFinished = useCallback(
    ({ progress, complete }: Finished) => {
      if (progress.counts.failed > 0) {
        // Alerts still without their issue are no green "finished": they stay under Failed alerts.
        notify.problem(
          asked?.kind === 'retry' ? 'Retry failed' : 'Sync finished with problems',
          describeOutcome(progress.counts),
        );
      } else if (complete) {
        // In the title: Atlaskit collapses the description of a success flag.
        notify.success(`Sync finished: ${describeOutcome(progress.counts)}`);
      } else
        notify.success(
          'Sync still running',
          `${progress.done} of ${plural(progress.total, 'tenant')} done so far; the other runs appear in the history when they finish.`,
        );
      setReportVersion((version) => version + 1);
      void load();
      void reload();
    },
    [notify, load, reload, asked],
  );
  const { waiting, wait } = useRunWaiter(client, setRuns, onFinished);
  const busy = starting || waiting !== undefined;

  async function syncNow() {
    setStarting(true);
    try {
      const { requestedAt, queued } = await client.call(R.syncNow, {});
      setAsked({ kind: 'sync', requestedAt });
      if (queued.length === 0) notify.success('Nothing to sync', 'No tenant is enabled.');
      else wait(requestedAt, queued);
    } catch (error) {
      notify.error('Sync not started', error);
    }
    setStarting(false);
  }

  async function retry(alert: FailedAlertView) {
    setStarting(true);
    try {
      const { requestedAt } = await client.call(R.retryFailedAlerts, {
        tenantId: alert.tenantId,
        alertIds: [alert.alertId],
      });
      setAsked({ kind: 'retry', requestedAt });
      wait(requestedAt, [{ tenantId: alert.tenantId, tenantName: alert.tenantName }]);
    } catch (error) {
      notify.error('Retry not started', error);
    }
    setStarting(false);
  }

  async function dismiss(alert: FailedAlertView) {
    setStarting(true);
    try {
      await client.call(R.dismissFailedAlerts, {
        tenantId: alert.tenantId,
        alertIds: [alert.alertId],
      });
      notify.success('Alert dismissed', `${alert.title ?? alert.alertId} will get no issue.`);
      await load();
    } catch (error) {
      notify.error('Alert not dismissed', error);
    }
    setStarting(false);
  }

  const enabledTenants = overview.tenants.filter((t) => t.enabled).length;
  const quiet = runs?.filter(isQuietRun).length ?? 0;

  return (
    <section aria-labelledby="runs-heading" style={{ paddingBlock: 16 }}>
      {/* The button sits right after the heading: at the far end of the row it moved whenever the
          table below changed the page's width (issue 14, finding 7). */}
      <div style={{ display: 'flex', gap: 16, alignItems: 'center' }}>
        <Heading size="medium" as="h2" id="runs-heading">
          Runs
        </Heading>
        <Button
          appearance="primary"
          onClick={() => void syncNow()}
          isLoading={busy}
          isDisabled={busy || enabledTenants === 0 || overview.config === null}
        >
          Sync now
        </Button>
      </div>
      {overview.config === null ? (
        <p>Save the Issue creation settings before the first sync.</p>
      ) : enabledTenants === 0 ? (
        <p>Add or enable a tenant to sync.</p>
      ) : null}
      {waiting !== undefined ? (
        <SyncProgressView tenants={waiting.tenants} progress={waiting.progress} />
      ) : null}
      {/* Remounted after each sync, so its figures include the runs just made. */}
      <OperationsReport key={reportVersion} />
      <Heading size="small" as="h3" id="history-heading">
        Run history
      </Heading>
      {loadError !== undefined ? (
        <SectionMessage
          appearance="error"
          title="The run history could not be loaded"
          actions={
            <SectionMessageAction onClick={() => void load()}>Try again</SectionMessageAction>
          }
        >
          <p>{loadError}</p>
        </SectionMessage>
      ) : runs === undefined ? (
        <Spinner label="Loading the run history" />
      ) : runs.length === 0 ? (
        <EmptyState
          header="No runs yet"
          description="Runs appear here after the first scheduled sync. Press Sync now to import the open alerts of every enabled tenant right away."
        />
      ) : (
        <>
          {quiet > 0 ? (
            <Checkbox
              label={`Show the ${plural(quiet, 'run')} that found nothing new`}
              isChecked={showQuiet}
              onChange={(event) => setShowQuiet(event.currentTarget.checked)}
            />
          ) : null}
          {/* Scrolls within its own box, so a wide table never widens the page. */}
          <div style={{ overflowX: 'auto' }}>
            <RunsTable runs={showQuiet ? runs : runs.filter((run) => !isQuietRun(run))} />
          </div>
        </>
      )}
      <FailedAlerts
        alerts={failed}
        more={moreFailed}
        retrying={busy}
        onRetry={(alert) => void retry(alert)}
        onDismiss={(alert) => void dismiss(alert)}
      />
    </section>
  );
}
