/** What the rules being edited would do to the last 50 fetched alerts. */
import DynamicTable from '@atlaskit/dynamic-table';
import EmptyState from '@atlaskit/empty-state';
import Lozenge from '@atlaskit/lozenge';
import type { PreviewRow } from '../../../../src/contract/settings';

export function RulePreview({ rows }: { rows: PreviewRow[] }) {
  if (rows.length === 0) {
    return (
      <EmptyState
        header="No alerts to preview against yet"
        description="The preview runs the rules against the last 50 alerts a sync fetched. Add a tenant and press Sync now under Runs, then preview again."
      />
    );
  }
  return (
    <div data-testid="rule-preview">
      <DynamicTable
        caption="Preview on the last fetched alerts"
        head={{
          cells: [
            { key: 'alert', content: 'Alert' },
            { key: 'severity', content: 'Severity' },
            { key: 'matched', content: 'Matching rules' },
            { key: 'priority', content: 'Priority' },
            { key: 'category', content: 'Category' },
            { key: 'labels', content: 'Labels' },
            { key: 'explanation', content: 'Why' },
          ],
        }}
        rows={rows.map((row) => ({
          key: `${row.tenantId}:${row.alertId}`,
          testId: 'preview-row',
          cells: [
            { key: 'alert', content: row.title },
            { key: 'severity', content: row.severity },
            {
              key: 'matched',
              content:
                row.suppressedBy !== undefined ? (
                  <span>
                    <Lozenge appearance="removed">suppressed</Lozenge> {row.matchedRules.join(', ')}
                  </span>
                ) : row.matchedRules.length === 0 ? (
                  '—'
                ) : (
                  row.matchedRules.join(', ')
                ),
            },
            { key: 'priority', content: row.priority ?? 'from severity' },
            { key: 'category', content: row.category ?? '—' },
            { key: 'labels', content: row.labels.length === 0 ? '—' : row.labels.join(', ') },
            { key: 'explanation', content: row.explanation },
          ],
        }))}
      />
    </div>
  );
}
