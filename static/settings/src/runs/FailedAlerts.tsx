/** Alerts Jira refused too often: parked until someone fixes the cause and retries them. */
import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import Heading from '@atlaskit/heading';
import type { FailedAlertView } from '../../../../src/contract/settings';
import { formatTime } from '../../../shared/format';
import { LongText } from '../../../shared/LongText';

export interface FailedAlertsProps {
  alerts: FailedAlertView[];
  retrying: boolean;
  onRetry: (alert: FailedAlertView) => void;
}

export function FailedAlerts({ alerts, retrying, onRetry }: FailedAlertsProps) {
  return (
    <section aria-labelledby="failed-heading" style={{ marginBlockStart: 24 }}>
      <Heading size="small" as="h3" id="failed-heading">
        Failed alerts
      </Heading>
      {alerts.length === 0 ? (
        <p>No failed alerts: every fetched alert has its issue.</p>
      ) : (
        <>
          <p>
            Jira refused these alerts&apos; issues. Fix the cause (usually a field on the create
            screen, see Issue creation), then retry.
          </p>
          <DynamicTable
            // The heading above names the section; a visible caption repeated it.
            label="Failed alerts"
            head={{
              cells: [
                { key: 'tenant', content: 'Tenant' },
                { key: 'alert', content: 'Alert' },
                { key: 'error', content: 'Jira error' },
                { key: 'attempts', content: 'Attempts' },
                { key: 'failedAt', content: 'Last failure' },
                { key: 'retry', content: 'Action' },
              ],
            }}
            rows={alerts.map((alert) => ({
              key: `${alert.tenantId}:${alert.alertId}`,
              testId: 'failed-alert-row',
              cells: [
                { key: 'tenant', content: alert.tenantName },
                {
                  key: 'alert',
                  content: (
                    <span>
                      {alert.title ?? <code>{alert.alertId}</code>}
                      {alert.timestamp !== undefined ? <br /> : null}
                      {alert.timestamp !== undefined ? formatTime(alert.timestamp) : null}
                    </span>
                  ),
                },
                {
                  key: 'error',
                  content:
                    alert.lastError === undefined ? 'unknown' : <LongText text={alert.lastError} />,
                },
                { key: 'attempts', content: alert.attempts },
                { key: 'failedAt', content: formatTime(alert.failedAt) },
                {
                  key: 'retry',
                  content: (
                    <Button
                      isDisabled={retrying}
                      onClick={() => onRetry(alert)}
                      aria-label={`Retry ${alert.title ?? alert.alertId}`}
                    >
                      Retry
                    </Button>
                  ),
                },
              ],
            }))}
          />
        </>
      )}
    </section>
  );
}
