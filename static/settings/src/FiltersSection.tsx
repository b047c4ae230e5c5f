/** Filters and schedule: which alerts are imported, how far the first run looks back, and how often. */
import Button from '@atlaskit/button/new';
import { Checkbox } from '@atlaskit/checkbox';
import { Fieldset, Legend } from '@atlaskit/form';
import Heading from '@atlaskit/heading';
import Textfield from '@atlaskit/textfield';
import { useState } from 'react';
import type { Schedule } from '../../../src/contract/domain';
import type { Severity } from '../../../src/contract/domain';
import { SEVERITIES } from '../../../src/contract/domain';
import { FormRow, errorAt } from '../../shared/form-row';
import { Picker } from '../../shared/Picker';
import { draftOf } from './config/draft';
import { useSettings } from './settings-context';

/** MCAS resolutionStatusValue, as MCAS names them. */
const RESOLUTION_STATUSES: Array<{ value: number; label: string }> = [
  { value: 0, label: 'Open' },
  { value: 1, label: 'Dismissed' },
  { value: 2, label: 'Resolved' },
  { value: 3, label: 'Closed: false positive' },
  { value: 4, label: 'Closed: benign' },
  { value: 5, label: 'Closed: true positive' },
];

const SCHEDULES: Array<{ value: Schedule; label: string }> = [
  { value: 'fiveMinutes', label: 'Every 5 minutes' },
  { value: 'hourly', label: 'Hourly' },
  { value: 'daily', label: 'Daily' },
  { value: 'paused', label: 'Paused (Sync now only)' },
];

function isSchedule(value: string | undefined): value is Schedule {
  return SCHEDULES.some((s) => s.value === value);
}

function isSeverity(value: string | undefined): value is Severity {
  return SEVERITIES.some((s) => s === value);
}

export function FiltersSection() {
  const { overview, saveConfig } = useSettings();
  const draft = draftOf(overview);
  const [minSeverity, setMinSeverity] = useState<Severity>(draft.filters.minSeverity);
  const [statuses, setStatuses] = useState<number[]>(draft.filters.resolutionStatuses);
  const [lookback, setLookback] = useState(String(draft.filters.firstRunLookbackDays));
  const [schedule, setSchedule] = useState<Schedule>(draft.schedule);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  async function save() {
    setSaving(true);
    // A new check: an error that comes back again shows again, even if it reads the same.
    setErrors({});
    setErrors(
      await saveConfig(
        {
          filters: {
            minSeverity,
            resolutionStatuses: [...statuses].sort(),
            firstRunLookbackDays: Number(lookback),
          },
          schedule,
        },
        'Filters and schedule',
      ),
    );
    setSaving(false);
  }

  return (
    <form
      // Inline errors in plain words instead of the browser's own bubbles.
      noValidate
      aria-labelledby="filters-heading"
      style={{ paddingBlock: 16, maxWidth: 640 }}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <Heading size="medium" as="h2" id="filters-heading">
        Filters and schedule
      </Heading>
      <FormRow
        id="min-severity"
        label="Minimum severity"
        error={errorAt(errors, 'filters.minSeverity')}
      >
        <Picker
          id="min-severity"
          options={SEVERITIES.map((s) => ({ value: s, label: s }))}
          value={minSeverity}
          onChange={(value) => {
            if (isSeverity(value)) setMinSeverity(value);
          }}
        />
      </FormRow>
      <Fieldset legend={<Legend>Import alerts whose status is</Legend>}>
        {RESOLUTION_STATUSES.map((status) => (
          <Checkbox
            key={status.value}
            label={status.label}
            isChecked={statuses.includes(status.value)}
            onChange={(event) => {
              const checked = event.currentTarget.checked;
              setStatuses((previous) =>
                checked ? [...previous, status.value] : previous.filter((v) => v !== status.value),
              );
            }}
          />
        ))}
        {errorAt(errors, 'filters.resolutionStatuses') !== undefined ? (
          <p role="alert">Choose at least one status.</p>
        ) : null}
      </Fieldset>
      <FormRow
        id="first-run-lookback"
        label="First-run look-back (days)"
        error={errorAt(errors, 'filters.firstRunLookbackDays')}
        help="How far back the first sync of a new tenant looks (1–90)."
      >
        <Textfield
          id="first-run-lookback"
          type="number"
          min={1}
          max={90}
          value={lookback}
          onChange={(event) => setLookback(event.currentTarget.value)}
        />
      </FormRow>
      <FormRow id="schedule" label="Schedule" error={errorAt(errors, 'schedule')}>
        <Picker
          id="schedule"
          options={SCHEDULES}
          value={schedule}
          onChange={(value) => {
            if (isSchedule(value)) setSchedule(value);
          }}
        />
      </FormRow>
      <Button appearance="primary" type="submit" isLoading={saving}>
        Save filters and schedule
      </Button>
    </form>
  );
}
