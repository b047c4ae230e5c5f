/**
 * One report: range and stack pickers, "as of" with Refresh, the alerts chart stacked by the
 * chosen dimension, open vs resolved, the bucket table (the charts' accessible alternative, with
 * time to resolve), top users, titles and IPs, and the malicious share. Every number opens
 * Jira's issue search with the JQL that reproduces it. Used by the project page and the gadget.
 */
import Button from '@atlaskit/button/new';
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import { token } from '@atlaskit/tokens';
import { useCallback, useEffect, useState } from 'react';
import type { ReportView } from '../../../src/contract/reports';
import { reportCsv } from '../../../src/contract/domain';
import type { Segment, StackDimension, TopRow } from '../../../src/contract/domain';
import { STACK_DIMENSIONS } from '../../../src/contract/domain';
import { openInJira } from '../../shared/bridge';
import { messageOf } from '../../shared/client';
import { VisuallyHidden } from '../../shared/VisuallyHidden';
import { FiguresTable } from '../../shared/FiguresTable';
import { BarChart } from '../../shared/BarChart';
import type { Series } from '../../shared/BarChart';
import { downloadCsv, downloadPng, downloadSvg } from './export';
import type { RangeKey } from './ranges';
import { RANGE_KEYS, RANGES, STACK_LABELS } from './ranges';
import { R, createReportClient } from './reports-client';

const client = createReportClient();
const HOUR = 3_600_000;

export function openJql(jql: string): void {
  void openInJira(`/issues/?jql=${encodeURIComponent(jql)}`);
}

function hours(ms: number | null): string {
  if (ms === null) return '–';
  return ms < 48 * HOUR ? `${(ms / HOUR).toFixed(1)} h` : `${(ms / (24 * HOUR)).toFixed(1)} d`;
}

function JqlLink(props: { segment: Pick<Segment, 'count' | 'jql'>; label: string }) {
  return (
    <a
      href={`#jql`}
      aria-label={props.label}
      data-jql={props.segment.jql}
      // Underlined: a link inside a sentence must not rely on colour alone (WCAG 1.4.1).
      style={{ textDecoration: 'underline' }}
      onClick={(event) => {
        event.preventDefault();
        openJql(props.segment.jql);
      }}
    >
      {props.segment.count}
    </a>
  );
}

function TopTable(props: { caption: string; rows: TopRow[]; score?: boolean }) {
  return (
    <FiguresTable
      caption={props.caption}
      minWidth={220}
      columns={[
        props.caption.replace(/^Top /, ''),
        ...(props.score ? ['Abuse score'] : []),
        'Alerts',
      ]}
      rows={props.rows.map((row) => ({
        key: row.key,
        label: row.key,
        cells: [
          ...(props.score ? [row.score ?? '–'] : []),
          <JqlLink key="alerts" segment={row} label={`${row.count} alerts for ${row.key}`} />,
        ],
      }))}
      empty="None in this range."
    />
  );
}

export function ReportPanel(props: {
  projectKey?: string;
  initialRange?: RangeKey;
  initialStack?: StackDimension;
  compact?: boolean;
}) {
  const [range, setRange] = useState<RangeKey>(props.initialRange ?? 'weeks12');
  const [stack, setStack] = useState<StackDimension>(props.initialStack ?? 'severity');
  const [view, setView] = useState<ReportView | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [loading, setLoading] = useState(false);

  const load = useCallback(
    async (refresh: boolean) => {
      setLoading(true);
      setError(undefined);
      try {
        const { period, buckets } = RANGES[range];
        setView(
          await client.call(R.getReport, {
            period,
            buckets,
            ...(props.projectKey !== undefined ? { projectKey: props.projectKey } : {}),
            ...(refresh ? { refresh: true } : {}),
          }),
        );
      } catch (caught) {
        setError(messageOf(caught));
      } finally {
        setLoading(false);
      }
    },
    [range, props.projectKey],
  );

  useEffect(() => {
    void load(false);
  }, [load]);

  const report = view?.report;
  const labels = report?.buckets.map((b) => b.label) ?? [];
  const stackSeries: Series[] =
    report?.stackKeys[stack].map((key) => ({
      key,
      label: key,
      values: report.buckets.map((b) => b.stacks[stack].find((s) => s.key === key)),
    })) ?? [];
  const flowSeries: Series[] = report
    ? [
        { key: 'open', label: 'Created, still open', values: report.buckets.map((b) => b.open) },
        { key: 'resolved', label: 'Resolved', values: report.buckets.map((b) => b.resolved) },
      ]
    : [];
  const chartId = (name: string) => `chart-${name}`;
  const svgOf = (name: string) =>
    document.getElementById(chartId(name)) as unknown as SVGSVGElement | null;
  const exportName = (what: string, ext: string) =>
    `alerts-${report?.projectKey ?? 'report'}-${range}-${what}.${ext}`;

  return (
    <main style={{ padding: token('space.200'), color: token('color.text') }}>
      {/* The gadget's title bar is Jira's, outside this frame: the page still needs its own
          top-level heading for assistive technology (axe page-has-heading-one). */}
      {props.compact ? (
        <VisuallyHidden as="h1">
          Alert reports{props.projectKey ? `: ${props.projectKey}` : ''}
        </VisuallyHidden>
      ) : (
        <h1 style={{ fontSize: 24 }}>Alert reports</h1>
      )}
      <div style={{ display: 'flex', gap: 16, alignItems: 'end', flexWrap: 'wrap' }}>
        <label>
          Range{' '}
          <select value={range} onChange={(e) => setRange(e.target.value as RangeKey)}>
            {RANGE_KEYS.map((key) => (
              <option key={key} value={key}>
                {RANGES[key].label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Stack by{' '}
          <select value={stack} onChange={(e) => setStack(e.target.value as StackDimension)}>
            {STACK_DIMENSIONS.map((key) => (
              <option key={key} value={key}>
                {STACK_LABELS[key]}
              </option>
            ))}
          </select>
        </label>
        <Button onClick={() => void load(true)} isDisabled={loading}>
          Refresh
        </Button>
        {view ? (
          <span data-testid="as-of" style={{ color: token('color.text.subtle') }}>
            As of {new Date(view.asOf).toISOString().slice(0, 16).replace('T', ' ')} UTC
            {view.cached ? ' (cached)' : ''}
          </span>
        ) : null}
        {loading ? <Spinner size="small" label="Loading the report" /> : null}
      </div>
      {error ? (
        <SectionMessage appearance="error" title="The report could not be loaded">
          <p>{error}</p>
        </SectionMessage>
      ) : null}
      {view?.truncated ? (
        <SectionMessage appearance="warning">
          <p>This range holds more issues than one report reads; the figures cover the first.</p>
        </SectionMessage>
      ) : null}
      {report ? (
        <>
          <p data-testid="summary">
            <strong>
              <JqlLink segment={report.total} label={`${report.total.count} alerts in range`} />
            </strong>{' '}
            alerts in range;{' '}
            <JqlLink
              segment={report.malicious}
              label={`${report.malicious.count} alerts with an IP scoring ${report.malicious.threshold} or more`}
            />{' '}
            ({Math.round(report.malicious.share * 100)}%) with an IP whose AbuseIPDB score is at
            least {report.malicious.threshold}.
          </p>
          <h2 style={{ fontSize: 16 }}>Alerts by {STACK_LABELS[stack].toLowerCase()}</h2>
          <BarChart
            id={chartId('alerts')}
            title={`Alerts by ${STACK_LABELS[stack].toLowerCase()}`}
            labels={labels}
            series={stackSeries}
            mode="stacked"
            onOpen={openJql}
          />
          <h2 style={{ fontSize: 16 }}>Open vs resolved</h2>
          <BarChart
            id={chartId('flow')}
            title="Open vs resolved"
            labels={labels}
            series={flowSeries}
            mode="grouped"
            onOpen={openJql}
          />
          <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', margin: '8px 0' }}>
            <Button
              onClick={() => downloadCsv(exportName('table', 'csv'), reportCsv(report, stack))}
            >
              Export table (CSV)
            </Button>
            {(['alerts', 'flow'] as const).map((name) => (
              <span key={name} style={{ display: 'flex', gap: 8 }}>
                <Button
                  onClick={() => {
                    const svg = svgOf(name);
                    if (svg) downloadSvg(exportName(name, 'svg'), svg);
                  }}
                >
                  {name === 'alerts' ? 'Alerts chart' : 'Open vs resolved'} (SVG)
                </Button>
                <Button
                  onClick={() => {
                    const svg = svgOf(name);
                    if (svg) void downloadPng(exportName(name, 'png'), svg);
                  }}
                >
                  {name === 'alerts' ? 'Alerts chart' : 'Open vs resolved'} (PNG)
                </Button>
              </span>
            ))}
          </div>
          <div style={{ overflowX: 'auto' }}>
            <FiguresTable
              testId="bucket-table"
              caption={`Alerts per ${report.period} (UTC)`}
              columns={[
                report.period === 'day' ? 'Day' : report.period === 'week' ? 'Week of' : 'Month',
                'Created',
                'Still open',
                'Resolved',
                'Median to resolve',
                '90th percentile',
                ...report.stackKeys[stack],
              ]}
              rows={report.buckets.map((bucket) => ({
                key: bucket.label,
                label: bucket.label,
                cells: [
                  <JqlLink
                    key="created"
                    segment={bucket.created}
                    label={`${bucket.created.count} created ${bucket.label}`}
                  />,
                  <JqlLink
                    key="open"
                    segment={bucket.open}
                    label={`${bucket.open.count} still open from ${bucket.label}`}
                  />,
                  <JqlLink
                    key="resolved"
                    segment={bucket.resolved}
                    label={`${bucket.resolved.count} resolved ${bucket.label}`}
                  />,
                  hours(bucket.ttrMedianMs),
                  hours(bucket.ttrP90Ms),
                  ...report.stackKeys[stack].map((key) => {
                    const segment = bucket.stacks[stack].find((s) => s.key === key);
                    return segment ? (
                      <JqlLink
                        key={key}
                        segment={segment}
                        label={`${segment.count} ${key} ${bucket.label}`}
                      />
                    ) : (
                      0
                    );
                  }),
                ],
              }))}
            />
          </div>
          {props.compact ? null : (
            <div style={{ display: 'flex', gap: 24, flexWrap: 'wrap', marginTop: 16 }}>
              <TopTable caption="Top affected users" rows={report.top.users} />
              <TopTable caption="Top alert titles" rows={report.top.titles} />
              <TopTable caption="Top IPs by abuse score" rows={report.top.ips} score />
            </div>
          )}
        </>
      ) : null}
    </main>
  );
}
