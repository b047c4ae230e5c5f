/**
 * Write-back (issue 16): which Defender closure each Jira resolution means, what happens to the
 * resolutions the map does not name, and whether an issue moves when someone closes its alert in
 * Defender. The resolutions and statuses offered are this site's and this project's (one
 * resolver call, two Jira reads); the server checks them again on save.
 */
import Button from '@atlaskit/button/new';
import { ErrorMessage } from '@atlaskit/form';
import Heading from '@atlaskit/heading';
import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import { useCallback, useEffect, useState } from 'react';
import type {
  ClosureKind,
  ResolutionClosure,
  WriteBackSettings,
} from '../../../src/contract/domain';
import {
  CLOSURE_KINDS,
  CLOSURE_WORDS,
  DEFAULT_RESOLUTION_CLOSURES,
  MCAS_REASONS,
  MCAS_REASON_WORDS,
} from '../../../src/contract/domain';
import type { WriteBackMeta } from '../../../src/contract/settings';
import { messageOf } from '../../shared/client';
import { FormRow, errorAt } from '../../shared/form-row';
import { Picker } from '../../shared/Picker';
import { VisuallyHidden } from '../../shared/VisuallyHidden';
import { draftOf } from './config/draft';
import { R } from './settings-client';
import { useSettings } from './settings-context';

/** MCAS closes a false positive or benign alert as "Other" when no reason is given. */
const OTHER_REASON = 4;

interface Row {
  /** A stable React key: rows are added and removed. */
  key: number;
  resolution: string | undefined;
  closure: ClosureKind;
  reasonId: number | undefined;
}

const CLOSURE_OPTIONS = CLOSURE_KINDS.map((kind) => ({
  value: kind,
  label: `Close as ${CLOSURE_WORDS[kind]}`,
}));

function reasonFor(closure: ClosureKind, reasonId: number | undefined): number | undefined {
  if (closure === 'truePositive') return undefined;
  return reasonId !== undefined && MCAS_REASONS[closure].includes(reasonId)
    ? reasonId
    : OTHER_REASON;
}

function rowsOf(closures: readonly ResolutionClosure[]): Row[] {
  return closures.map((entry, index) => ({
    key: index,
    resolution: entry.resolution,
    closure: entry.closure,
    reasonId: reasonFor(entry.closure, entry.reasonId),
  }));
}

/** The Defender-closed picker's value: "status:<id>", "transition:<id>" (old configs) or none. */
function defenderClosedValue(settings: WriteBackSettings): string | undefined {
  if (settings.defenderClosedStatus) return `status:${settings.defenderClosedStatus.id}`;
  if (settings.defenderClosedTransition) return `transition:${settings.defenderClosedTransition}`;
  return undefined;
}

const headCell = { textAlign: 'left', paddingInlineEnd: 12, paddingBlockEnd: 4 } as const;
const cell = { verticalAlign: 'top', paddingInlineEnd: 12, paddingBlockEnd: 8 } as const;

export function WriteBackSection() {
  const { client, overview, saveConfig } = useSettings();
  const stored = draftOf(overview).writeBack;
  const [rows, setRows] = useState<Row[]>(() => rowsOf(stored.closures));
  const [nextKey, setNextKey] = useState(stored.closures.length);
  const [other, setOther] = useState<ClosureKind | undefined>(stored.otherResolutions);
  const [defenderClosed, setDefenderClosed] = useState(defenderClosedValue(stored));
  const [meta, setMeta] = useState<WriteBackMeta | undefined>();
  const [metaError, setMetaError] = useState<string | undefined>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  const loadMeta = useCallback(async () => {
    setMetaError(undefined);
    try {
      setMeta(await client.call(R.getWriteBackMeta, {}));
    } catch (error) {
      setMetaError(messageOf(error));
    }
  }, [client]);
  useEffect(() => {
    void loadMeta();
  }, [loadMeta]);

  const update = (key: number, change: Partial<Row>) =>
    setRows((previous) =>
      previous.map((row) => {
        if (row.key !== key) return row;
        const next = { ...row, ...change };
        return { ...next, reasonId: reasonFor(next.closure, next.reasonId) };
      }),
    );

  /** A row without a resolution cannot be sent: said on the row, before any call. */
  function missingResolutions(): Record<string, string> {
    const missing: Record<string, string> = {};
    rows.forEach((row, index) => {
      if (row.resolution === undefined)
        missing[`writeBack.closures.${String(index)}.resolution`] = 'is required';
    });
    return missing;
  }

  function settingsOf(): WriteBackSettings {
    const [how, id = ''] = (defenderClosed ?? '').split(':');
    const status = meta?.statuses.find((candidate) => candidate.id === id);
    const statusName = status?.name ?? stored.defenderClosedStatus?.name ?? id;
    return {
      closures: rows.map((row) => ({
        resolution: row.resolution ?? '',
        closure: row.closure,
        ...(row.reasonId !== undefined && { reasonId: row.reasonId }),
      })),
      ...(other !== undefined && { otherResolutions: other }),
      ...(how === 'status' && { defenderClosedStatus: { id, name: statusName } }),
      ...(how === 'transition' && { defenderClosedTransition: id }),
    };
  }

  async function save() {
    setSaving(true);
    // A new check: an error that comes back again shows again, even if it reads the same.
    setErrors({});
    const missing = missingResolutions();
    setErrors(
      Object.keys(missing).length > 0
        ? missing
        : await saveConfig({ writeBack: settingsOf() }, 'Write-back'),
    );
    setSaving(false);
  }

  function resetToDefaults() {
    setRows(rowsOf(DEFAULT_RESOLUTION_CLOSURES));
    setNextKey(DEFAULT_RESOLUTION_CLOSURES.length);
    setOther(undefined);
    setErrors({});
  }

  if (metaError !== undefined) {
    return (
      <SectionMessage
        appearance="error"
        title="The project's resolutions and statuses could not be read"
        actions={
          <SectionMessageAction onClick={() => void loadMeta()}>Try again</SectionMessageAction>
        }
      >
        <p>{metaError}</p>
      </SectionMessage>
    );
  }
  if (meta === undefined) return <Spinner label="Loading the project's resolutions" />;

  const allOff = !overview.tenants.some((tenant) => tenant.writeBack === true);
  const statusOptions = meta.statuses.map((status) => ({
    value: `status:${status.id}`,
    label: `Comment and move the issue to ${status.name}`,
  }));
  const storedStatus = stored.defenderClosedStatus;
  if (storedStatus && !meta.statuses.some((status) => status.id === storedStatus.id))
    statusOptions.push({
      value: `status:${storedStatus.id}`,
      label: `Comment and move the issue to ${storedStatus.name} (no longer in this project)`,
    });
  if (stored.defenderClosedTransition !== undefined)
    statusOptions.push({
      value: `transition:${stored.defenderClosedTransition}`,
      label: `Comment and take transition ${stored.defenderClosedTransition} (set in a config file)`,
    });
  const tableError = errorAt(errors, 'writeBack.closures', 'writeBack');

  return (
    <form
      noValidate
      aria-labelledby="write-back-heading"
      style={{ paddingBlock: 16, maxWidth: 960 }}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <Heading size="medium" as="h2" id="write-back-heading">
        Write-back
      </Heading>
      {allOff ? (
        <SectionMessage appearance="information" title="Write-back is off for every tenant">
          <p>
            These settings take effect once write-back is on: turn it on per tenant in Tenants (the
            Write-back column).
          </p>
        </SectionMessage>
      ) : null}
      <Heading size="small" as="h3" id="closures-heading">
        Resolving an issue closes its alert
      </Heading>
      <p>
        MCAS API tenants close with the reason shown; Graph tenants with the matching classification
        (true positive, informational expected activity, or false positive).
      </p>
      <table aria-labelledby="closures-heading" data-testid="closures-table">
        <thead>
          <tr>
            <th scope="col" style={headCell}>
              Jira resolution
            </th>
            <th scope="col" style={headCell}>
              Closure in Defender
            </th>
            <th scope="col" style={headCell}>
              MCAS reason
            </th>
            <th scope="col" style={headCell}>
              <VisuallyHidden>Row actions</VisuallyHidden>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => {
            const taken = new Set(
              rows.filter((other) => other.key !== row.key).map((other) => other.resolution),
            );
            const name = row.resolution ?? `row ${String(index + 1)}`;
            const resolutionError = errorAt(errors, `writeBack.closures.${index}.resolution`);
            const closureError = errorAt(errors, `writeBack.closures.${index}.closure`);
            const reasonError = errorAt(errors, `writeBack.closures.${index}.reasonId`);
            return (
              <tr key={row.key}>
                <td style={{ ...cell, minWidth: 200 }}>
                  <label htmlFor={`closure-resolution-${String(row.key)}`}>
                    <VisuallyHidden>Resolution of {name}</VisuallyHidden>
                  </label>
                  <Picker
                    id={`closure-resolution-${String(row.key)}`}
                    options={meta.resolutions
                      .filter((resolution) => !taken.has(resolution.name))
                      .map((resolution) => ({ value: resolution.name, label: resolution.name }))}
                    value={row.resolution}
                    placeholder="Choose a resolution"
                    isInvalid={resolutionError !== undefined}
                    onChange={(resolution) => update(row.key, { resolution })}
                  />
                  {resolutionError !== undefined ? (
                    <ErrorMessage testId={`closure-resolution-${String(index)}-error`}>
                      {resolutionError}
                    </ErrorMessage>
                  ) : null}
                </td>
                <td style={{ ...cell, minWidth: 220 }}>
                  <label htmlFor={`closure-kind-${String(row.key)}`}>
                    <VisuallyHidden>Closure for {name}</VisuallyHidden>
                  </label>
                  <Picker
                    id={`closure-kind-${String(row.key)}`}
                    options={CLOSURE_OPTIONS}
                    value={row.closure}
                    isInvalid={closureError !== undefined}
                    onChange={(closure) =>
                      update(row.key, { closure: (closure ?? row.closure) as ClosureKind })
                    }
                  />
                  {closureError !== undefined ? <ErrorMessage>{closureError}</ErrorMessage> : null}
                </td>
                <td style={{ ...cell, minWidth: 240 }}>
                  {row.closure === 'truePositive' ? (
                    <p style={{ marginBlock: 8 }}>None (MCAS takes none for a true positive)</p>
                  ) : (
                    <>
                      <label htmlFor={`closure-reason-${String(row.key)}`}>
                        <VisuallyHidden>MCAS reason for {name}</VisuallyHidden>
                      </label>
                      <Picker
                        id={`closure-reason-${String(row.key)}`}
                        options={MCAS_REASONS[row.closure].map((reason) => ({
                          value: String(reason),
                          label: MCAS_REASON_WORDS[reason] ?? String(reason),
                        }))}
                        value={row.reasonId === undefined ? undefined : String(row.reasonId)}
                        isInvalid={reasonError !== undefined}
                        onChange={(reason) =>
                          update(row.key, {
                            reasonId: reason === undefined ? undefined : Number(reason),
                          })
                        }
                      />
                    </>
                  )}
                  {reasonError !== undefined ? (
                    <ErrorMessage testId={`closure-reason-${String(index)}-error`}>
                      {reasonError}
                    </ErrorMessage>
                  ) : null}
                </td>
                <td style={cell}>
                  <Button
                    appearance="subtle"
                    onClick={() =>
                      setRows((previous) => previous.filter((other) => other.key !== row.key))
                    }
                  >
                    <VisuallyHidden>Remove the row for {name}</VisuallyHidden>
                    <span aria-hidden="true">Remove</span>
                  </Button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {tableError !== undefined ? <ErrorMessage>{tableError}</ErrorMessage> : null}
      <div style={{ display: 'flex', gap: 8, marginBlock: 8 }}>
        <Button
          onClick={() => {
            setRows((previous) => [
              ...previous,
              {
                key: nextKey,
                resolution: undefined,
                closure: 'falsePositive',
                reasonId: OTHER_REASON,
              },
            ]);
            setNextKey(nextKey + 1);
          }}
        >
          Add a resolution
        </Button>
        <Button onClick={resetToDefaults}>Reset to defaults</Button>
      </div>
      <FormRow
        id="other-resolutions"
        label="Any other resolution"
        error={errorAt(errors, 'writeBack.otherResolutions')}
        help="A resolution the table does not name."
      >
        <Picker
          id="other-resolutions"
          options={CLOSURE_OPTIONS}
          value={other}
          noneLabel="Leave the alert open (said once on the issue)"
          onChange={(value) => setOther(value as ClosureKind | undefined)}
        />
      </FormRow>
      <Heading size="small" as="h3">
        Someone closes the alert in Defender
      </Heading>
      <FormRow
        id="defender-closed"
        label="When the alert is closed in Defender"
        error={errorAt(
          errors,
          'writeBack.defenderClosedStatus',
          'writeBack.defenderClosedStatus.id',
          'writeBack.defenderClosedTransition',
        )}
        help="The app comments once on the issue (who, how, when). When the issue's workflow has no transition to the status, the comment says so and the issue stays."
      >
        <Picker
          id="defender-closed"
          options={statusOptions}
          value={defenderClosed}
          noneLabel="Only comment on the issue"
          onChange={setDefenderClosed}
        />
      </FormRow>
      <Button appearance="primary" type="submit" isLoading={saving}>
        Save write-back
      </Button>
    </form>
  );
}
