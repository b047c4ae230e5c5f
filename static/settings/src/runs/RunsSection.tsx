/** Runs: the history, "Sync now" with progress until its runs land, and the failed alerts. */
import Button from '@atlaskit/button/new';
import EmptyState from '@atlaskit/empty-state';
import Heading from '@atlaskit/heading';
import ProgressBar from '@atlaskit/progress-bar';
import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import { useCallback, useEffect, useState } from 'react';
import type { FailedAlertView } from '../../../../src/contract/settings';
import type { RunSummary } from '../../../../src/core/model';
import { messageOf } from '../../../shared/client';
import { plural } from '../../../shared/format';
import { useNotify } from '../../../shared/notify';
import { R } from '../settings-client';
import { useSettings } from '../settings-context';
import { FailedAlerts } from './FailedAlerts';
import { RunsTable } from './RunsTable';
import { useRunWaiter } from './use-run-waiter';

export function RunsSection() {
  const { client, overview, reload } = useSettings();
  const notify = useNotify();
  const [runs, setRuns] = useState<RunSummary[] | undefined>();
  const [failed, setFailed] = useState<FailedAlertView[]>([]);
  const [moreFailed, setMoreFailed] = useState(false);
  const [loadError, setLoadError] = useState<string | undefined>();
  const [starting, setStarting] = useState(false);

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

  const { waiting, wait } = useRunWaiter(client, setRuns);
  const busy = starting || waiting !== undefined;
  // What was asked for, so the outcome can be told from the runs that answered it.
  const [asked, setAsked] = useState<{ kind: 'sync' | 'retry'; requestedAt: number }>();

  // When the awaited runs have landed, refresh what they change: failed alerts, last sync.
  const [wasWaiting, setWasWaiting] = useState(false);
  useEffect(() => {
    if (waiting !== undefined) setWasWaiting(true);
    else if (wasWaiting) {
      setWasWaiting(false);
      const landed = (runs ?? []).filter((run) => run.startedAt >= (asked?.requestedAt ?? 0));
      const withoutIssue = landed.reduce(
        (sum, run) => sum + run.rejected + run.failed + run.malformed,
        0,
      );
      // A retry (or sync) that left alerts without their issue is no green "finished".
      if (landed.some((run) => run.status !== 'ok')) {
        notify.problem(
          asked?.kind === 'retry' ? 'Retry failed' : 'Sync finished with problems',
          withoutIssue > 0
            ? `${plural(withoutIssue, 'alert')} still without an issue: they stay under Failed alerts with Jira's answer.`
            : 'See the errors of the runs below.',
        );
      } else {
        notify.success('Sync finished', 'The runs are in the history below.');
      }
      void load();
      void reload();
    }
  }, [waiting, wasWaiting, load, reload, notify, runs, asked]);

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

  return (
    <section aria-labelledby="runs-heading" style={{ paddingBlock: 16 }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
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
        <div
          role="status"
          aria-live="polite"
          data-testid="sync-progress"
          style={{ marginBlock: 12 }}
        >
          <p>
            Syncing {waiting.tenants.map((t) => t.tenantName).join(', ')}: {waiting.done.length} of{' '}
            {plural(waiting.tenants.length, 'tenant')} done…
          </p>
          <ProgressBar
            ariaLabel="Sync progress"
            isIndeterminate={waiting.done.length === 0}
            value={waiting.done.length / waiting.tenants.length}
          />
        </div>
      ) : null}
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
        <RunsTable runs={runs} />
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
