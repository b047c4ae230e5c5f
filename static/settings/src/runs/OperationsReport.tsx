/**
 * Reports on the Runs tab: operational health from the report engine (`reports.getOperations`):
 * created, suppressed and failed alerts per UTC day, for every tenant or one, and AbuseIPDB checks
 * per day against the plan's daily limit. Charts as on the report page (plain SVG, Atlaskit
 * tokens), each with a table holding the same numbers; "created" opens the issues behind it.
 */
import Heading from '@atlaskit/heading';
import ProgressBar from '@atlaskit/progress-bar';
import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { OperationsView } from '../../../../src/contract/reports';
import { openInJira } from '../../../shared/bridge';
import type { Client } from '../../../shared/client';
import { createClient, messageOf } from '../../../shared/client';
import { formatTime } from '../../../shared/format';
import { Picker } from '../../../shared/Picker';
import { BarChart } from '../../../shared/BarChart';
import { FiguresTable } from '../../../shared/FiguresTable';
import type { Series } from '../../../shared/BarChart';
import { REPORT_RESOLVERS, reportContract } from '../../../../src/contract/reports';

const DAYS = 14;
const ALL = 'all';

function openJql(jql: string): void {
  void openInJira(`/issues/?jql=${encodeURIComponent(jql)}`);
}

interface DayFigures {
  day: string;
  created: number;
  suppressed: number;
  failed: number;
  grouped: number;
  createdJql: string;
}

/** The days' figures for every tenant together, or for one. */
export function figuresOf(view: OperationsView, tenantId: string): DayFigures[] {
  return view.days.map((day) => {
    const rows =
      tenantId === ALL ? day.tenants : day.tenants.filter((t) => t.tenantId === tenantId);
    const sum = (pick: (row: (typeof rows)[number]) => number) =>
      rows.reduce((total, row) => total + pick(row), 0);
    return {
      day: day.day,
      created: sum((row) => row.created),
      suppressed: sum((row) => row.suppressed),
      failed: sum((row) => row.failed),
      grouped: sum((row) => row.grouped),
      createdJql: tenantId === ALL ? day.createdJql : (rows[0]?.createdJql ?? day.createdJql),
    };
  });
}

export function OperationsReport() {
  const client: Client<typeof reportContract> = useMemo(() => createClient(reportContract), []);
  const [view, setView] = useState<OperationsView | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [tenant, setTenant] = useState<string>(ALL);

  const load = useCallback(async () => {
    try {
      setView(await client.call(REPORT_RESOLVERS.getOperations, { days: DAYS }));
      setError(undefined);
    } catch (caught) {
      setError(messageOf(caught));
    }
  }, [client]);

  useEffect(() => {
    void load();
  }, [load]);

  const tenants = useMemo(() => {
    const seen = new Map<string, string>();
    for (const day of view?.days ?? [])
      for (const row of day.tenants) seen.set(row.tenantId, row.tenantName);
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [view]);

  return (
    <section aria-labelledby="operations-heading" style={{ marginBlockStart: 24 }}>
      <Heading size="small" as="h3" id="operations-heading">
        Reports: the last {DAYS} days
      </Heading>
      {error !== undefined ? (
        <SectionMessage
          appearance="error"
          title="The report could not be loaded"
          actions={
            <SectionMessageAction onClick={() => void load()}>Try again</SectionMessageAction>
          }
        >
          <p>{error}</p>
        </SectionMessage>
      ) : view === undefined ? (
        <Spinner label="Loading the report" />
      ) : (
        <OperationsFigures view={view} tenant={tenant} tenants={tenants} onTenant={setTenant} />
      )}
    </section>
  );
}

function OperationsFigures(props: {
  view: OperationsView;
  tenant: string;
  tenants: Array<{ value: string; label: string }>;
  onTenant: (tenant: string) => void;
}) {
  const { view, tenant } = props;
  const figures = figuresOf(view, tenant);
  const labels = figures.map((f) => f.day);
  const outcome = (
    key: 'created' | 'suppressed' | 'failed' | 'grouped',
    label: string,
  ): Series => ({
    key,
    label,
    values: figures.map((f) => ({
      key: `${f.day}-${key}`,
      count: f[key],
      // Only created alerts have issues to search for.
      jql: key === 'created' ? f.createdJql : '',
    })),
  });
  const series = [
    outcome('created', 'Created'),
    outcome('suppressed', 'Suppressed by rules'),
    outcome('failed', 'Failed'),
    outcome('grouped', 'Grouped as repeats'),
  ];
  const quota: Series[] = [
    {
      key: 'lookups',
      label: 'AbuseIPDB checks',
      values: view.days.map((d) => ({ key: d.day, count: d.ipLookups, jql: '' })),
    },
  ];
  const today = view.days[view.days.length - 1];
  const used = today === undefined ? 0 : Math.min(1, today.ipLookups / view.dailyLimit);
  const tenantLabel =
    tenant === ALL
      ? 'every tenant'
      : (props.tenants.find((t) => t.value === tenant)?.label ?? tenant);
  const oldestDay = view.days[0]?.day;
  const partial =
    view.historyFrom !== null &&
    oldestDay !== undefined &&
    view.historyFrom > Date.parse(`${oldestDay}T00:00:00Z`);

  return (
    <div data-testid="operations-report">
      <p>
        As of {formatTime(view.asOf)}, days in UTC.
        {partial && view.historyFrom !== null
          ? ` The run history keeps the latest 50 runs, so days before ${formatTime(view.historyFrom)} may be missing runs.`
          : ''}
      </p>
      <div style={{ maxWidth: 320, marginBlockEnd: 8 }}>
        <label htmlFor="operations-tenant" style={{ display: 'block', marginBlockEnd: 4 }}>
          Tenant
        </label>
        <Picker
          id="operations-tenant"
          options={[{ value: ALL, label: 'All tenants' }, ...props.tenants]}
          value={tenant}
          onChange={(value) => props.onTenant(value ?? ALL)}
        />
      </div>
      <BarChart
        id="operations-alerts"
        title={`Alerts per day, ${tenantLabel}: created, suppressed, failed and grouped`}
        labels={labels}
        series={series}
        mode="stacked"
        onOpen={openJql}
      />
      <details style={{ overflowX: 'auto' }}>
        <summary>Alerts per day as a table</summary>
        <FiguresTable
          testId="operations-table"
          caption={<>Alerts per day, {tenantLabel} (the chart&apos;s numbers)</>}
          columns={['Day', 'Created', 'Suppressed', 'Failed', 'Grouped']}
          rows={figures.map((f) => ({
            key: f.day,
            label: f.day,
            cells: [
              f.created === 0 ? (
                0
              ) : (
                <a
                  href="#jql"
                  style={{ textDecoration: 'underline' }}
                  aria-label={`${f.created} created on ${f.day}: open the issues`}
                  data-jql={f.createdJql}
                  onClick={(event) => {
                    event.preventDefault();
                    openJql(f.createdJql);
                  }}
                >
                  {f.created}
                </a>
              ),
              f.suppressed,
              f.failed,
              f.grouped,
            ],
          }))}
        />
      </details>
      <Heading size="xsmall" as="h4">
        AbuseIPDB quota
      </Heading>
      <p data-testid="quota-today">
        Today: {today?.ipLookups ?? 0} of {view.dailyLimit.toLocaleString('en')} checks (
        {Math.round(used * 100)}% of the daily limit; the free plan allows{' '}
        {view.dailyLimit.toLocaleString('en')}, cached answers cost nothing).
      </p>
      <ProgressBar ariaLabel="AbuseIPDB checks used today" value={used} />
      <BarChart
        id="operations-quota"
        title="AbuseIPDB checks per day"
        labels={view.days.map((d) => d.day)}
        series={quota}
        mode="stacked"
        onOpen={openJql}
      />
      <details>
        <summary>AbuseIPDB checks per day as a table</summary>
        <FiguresTable
          caption="AbuseIPDB checks per day"
          columns={['Day', 'Checks', 'Share of the daily limit']}
          rows={view.days.map((d) => ({
            key: d.day,
            label: d.day,
            cells: [d.ipLookups, `${Math.round((d.ipLookups / view.dailyLimit) * 100)}%`],
          }))}
        />
      </details>
    </div>
  );
}
