/**
 * Every alert without an issue, from Jira's first refusal: refused ones are retried by the next
 * scheduled run, parked ones (after 5 refusals) wait for someone to fix the cause and retry them.
 * An alert leaves this list only with its issue, or when an admin dismisses it (recorded).
 */
import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import Modal, { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import { useState } from 'react';
import type { FailedAlertView } from '../../../../src/contract/settings';
import { formatTime } from '../../../shared/format';
import { LongText } from '../../../shared/LongText';

export interface FailedAlertsProps {
  alerts: FailedAlertView[];
  /** More than the view reads: the oldest are not listed. */
  more: boolean;
  retrying: boolean;
  onRetry: (alert: FailedAlertView) => void;
  onDismiss: (alert: FailedAlertView) => void;
}

const nameOf = (alert: FailedAlertView) => alert.title ?? alert.alertId;

export function FailedAlerts({ alerts, more, retrying, onRetry, onDismiss }: FailedAlertsProps) {
  const [dismissing, setDismissing] = useState<FailedAlertView | undefined>();
  return (
    <section aria-labelledby="failed-heading" style={{ marginBlockStart: 24 }}>
      <Heading size="small" as="h3" id="failed-heading">
        Failed alerts
      </Heading>
      {alerts.length === 0 ? (
        <p>No failed alerts: Jira has refused no alert that is still without its issue.</p>
      ) : (
        <>
          <p>
            Jira refused these alerts&apos; issues. Refused alerts are retried by the next scheduled
            sync; after 5 refusals an alert waits for you. Fix the cause (usually a field on the
            create screen, see Issue creation), then retry — or dismiss an alert that needs no
            issue.
          </p>
          {more ? <p>More alerts failed than are listed here; the most recent are shown.</p> : null}
          <DynamicTable
            // The heading above names the section; a visible caption repeated it.
            label="Failed alerts"
            head={{
              cells: [
                { key: 'tenant', content: 'Tenant' },
                { key: 'alert', content: 'Alert' },
                { key: 'state', content: 'State' },
                { key: 'error', content: 'Jira error' },
                { key: 'attempts', content: 'Attempts' },
                { key: 'failedAt', content: 'Last failure' },
                { key: 'next', content: 'Next retry' },
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
                  key: 'state',
                  content:
                    alert.state === 'failed' ? (
                      <Lozenge appearance="removed">parked</Lozenge>
                    ) : (
                      <Lozenge appearance="moved">refused</Lozenge>
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
                  key: 'next',
                  content:
                    alert.nextRetryAt !== undefined
                      ? `next scheduled sync, about ${formatTime(alert.nextRetryAt)}`
                      : 'when you retry it',
                },
                {
                  key: 'retry',
                  content: (
                    <span style={{ display: 'inline-flex', gap: 8 }}>
                      <Button
                        isDisabled={retrying}
                        onClick={() => onRetry(alert)}
                        aria-label={`Retry ${nameOf(alert)}`}
                      >
                        Retry
                      </Button>
                      <Button
                        appearance="subtle"
                        isDisabled={retrying}
                        onClick={() => setDismissing(alert)}
                        aria-label={`Dismiss ${nameOf(alert)}`}
                      >
                        Dismiss
                      </Button>
                    </span>
                  ),
                },
              ],
            }))}
          />
        </>
      )}
      {dismissing !== undefined ? (
        <Modal onClose={() => setDismissing(undefined)} label={`Dismiss ${nameOf(dismissing)}`}>
          <ModalHeader>
            <ModalTitle appearance="warning">Dismiss &quot;{nameOf(dismissing)}&quot;?</ModalTitle>
          </ModalHeader>
          <ModalBody>
            This alert will get no issue and is never retried. The dismissal is recorded with your
            account and the time.
          </ModalBody>
          <ModalFooter>
            <Button appearance="subtle" onClick={() => setDismissing(undefined)}>
              Cancel
            </Button>
            <Button
              appearance="warning"
              onClick={() => {
                onDismiss(dismissing);
                setDismissing(undefined);
              }}
            >
              Dismiss alert
            </Button>
          </ModalFooter>
        </Modal>
      ) : null}
    </section>
  );
}
