/**
 * Issue creation: the issue type, which create-screen field receives which alert value (only
 * fields whose kind fits are offered), the severity → priority map and extra labels.
 */
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import Textfield from '@atlaskit/textfield';
import { useCallback, useEffect, useState } from 'react';
import type { FieldMap, FieldMapKey, PriorityMap } from '../../../src/contract/domain';
import { FIELD_MAP_KEYS, FIELD_MAP_LABELS } from '../../../src/contract/domain';
import { SEVERITIES } from '../../../src/contract/domain';
import type { JiraMeta } from '../../../src/contract/settings';
import { messageOf } from '../../shared/client';
import { FormRow, errorAt } from '../../shared/form-row';
import { Picker } from '../../shared/Picker';
import { draftOf } from './config/draft';
import { R } from './settings-client';
import { useSettings } from './settings-context';

const FIELD_KIND_WORDS: Record<string, string> = {
  string: 'single-line text',
  adf: 'multi-line text',
  option: 'select list',
  labels: 'labels',
  other: 'other',
};

/** "a, b c" → ["a", "b", "c"]: labels cannot hold spaces, so any space or comma separates them. */
export function parseLabels(text: string): string[] {
  return text.split(/[\s,]+/).filter((label) => label !== '');
}

export function IssueCreationSection() {
  const { client, overview, saveConfig } = useSettings();
  const draft = draftOf(overview);
  const [issueTypeId, setIssueTypeId] = useState<string | undefined>(draft.issueType || undefined);
  const [fields, setFields] = useState<FieldMap>(draft.fields);
  const [priorities, setPriorities] = useState<PriorityMap>(draft.priorities);
  const [labels, setLabels] = useState(draft.labels.join(' '));
  const [meta, setMeta] = useState<JiraMeta | undefined>();
  const [metaError, setMetaError] = useState<string | undefined>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  const loadMeta = useCallback(
    async (typeId: string | undefined) => {
      setMetaError(undefined);
      try {
        // A config written by the CLI may name the issue type; the server resolves names.
        const byId = typeId !== undefined && /^\d+$/.test(typeId);
        const loaded = await client.call(R.getJiraMeta, byId ? { issueTypeId: typeId } : {});
        setMeta(loaded);
        if (!byId && loaded.issueTypeId !== null) setIssueTypeId(loaded.issueTypeId);
      } catch (error) {
        setMetaError(messageOf(error));
      }
    },
    [client],
  );

  const [storedIssueType] = useState(draft.issueType || undefined);
  useEffect(() => {
    void loadMeta(storedIssueType);
  }, [loadMeta, storedIssueType]);

  async function save() {
    setSaving(true);
    // A new check: an error that comes back again shows again, even if it reads the same.
    setErrors({});
    setErrors(
      await saveConfig(
        { issueType: issueTypeId ?? '', fields, priorities, labels: parseLabels(labels) },
        'Issue creation',
      ),
    );
    setSaving(false);
  }

  if (metaError !== undefined) {
    return (
      <SectionMessage
        appearance="error"
        title="The project's create screen could not be read"
        actions={
          <SectionMessageAction onClick={() => void loadMeta(issueTypeId)}>
            Try again
          </SectionMessageAction>
        }
      >
        <p>{metaError}</p>
      </SectionMessage>
    );
  }
  if (meta === undefined) return <Spinner label="Loading the project's create screen" />;

  const fieldsFor = (key: FieldMapKey) =>
    meta.fields
      .filter((field) => field.serves.includes(key))
      .map((field) => ({
        value: field.fieldId,
        label: `${field.name} (${FIELD_KIND_WORDS[field.kind] ?? field.kind})`,
      }));
  const priorityOptions = meta.priorities.map((p) => ({ value: p.name, label: p.name }));

  return (
    <form
      // Inline errors in plain words instead of the browser's own bubbles.
      noValidate
      aria-labelledby="issue-creation-heading"
      style={{ paddingBlock: 16, maxWidth: 720 }}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <Heading size="medium" as="h2" id="issue-creation-heading">
        Issue creation
      </Heading>
      <FormRow id="issue-type" label="Issue type" error={errorAt(errors, 'issueType')}>
        <Picker
          id="issue-type"
          options={meta.issueTypes.map((type) => ({ value: type.id, label: type.name }))}
          value={issueTypeId}
          placeholder="Choose an issue type"
          onChange={(value) => {
            setIssueTypeId(value);
            void loadMeta(value);
          }}
        />
      </FormRow>
      {meta.warnings.length > 0 ? (
        <SectionMessage appearance="warning" title="The create screen needs attention">
          <ul>
            {meta.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </SectionMessage>
      ) : null}
      <Heading size="small" as="h3">
        Alert values in fields
      </Heading>
      <p>Every value is also in the issue description; a field makes it searchable.</p>
      {FIELD_MAP_KEYS.map((key) => (
        <FormRow
          key={key}
          id={`field-${key}`}
          label={FIELD_MAP_LABELS[key]}
          error={errorAt(errors, `fields.${key}`)}
        >
          <Picker
            id={`field-${key}`}
            options={fieldsFor(key)}
            value={fields[key]}
            noneLabel="None (description only)"
            onChange={(value) => setFields((previous) => ({ ...previous, [key]: value }))}
          />
        </FormRow>
      ))}
      <Heading size="small" as="h3">
        Priority by alert severity
      </Heading>
      {SEVERITIES.map((severity) => (
        <FormRow
          key={severity}
          id={`priority-${severity}`}
          label={`Severity ${severity}`}
          error={errorAt(errors, `priorities.${severity}`)}
        >
          <Picker
            id={`priority-${severity}`}
            options={priorityOptions}
            value={priorities[severity]}
            noneLabel="Jira's default priority"
            onChange={(value) => setPriorities((previous) => ({ ...previous, [severity]: value }))}
          />
        </FormRow>
      ))}
      <FormRow
        id="extra-labels"
        label="Extra labels"
        error={errorAt(errors, 'labels', 'labels.0')}
        help="Added to every issue, separated by spaces or commas. The tenant, severity and category labels are always added."
      >
        <Textfield
          id="extra-labels"
          value={labels}
          onChange={(event) => setLabels(event.currentTarget.value)}
        />
      </FormRow>
      <Button appearance="primary" type="submit" isLoading={saving}>
        Save issue creation
      </Button>
    </form>
  );
}
