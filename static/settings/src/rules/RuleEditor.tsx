/**
 * Add or edit one triage rule. The rule is checked with the same zod schema the server uses
 * (so an invalid regular expression is refused here, with the same words) before it goes back
 * into the list; the list is saved as a whole from the rules section.
 */
import Button from '@atlaskit/button/new';
import { Checkbox } from '@atlaskit/checkbox';
import Modal, { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import Heading from '@atlaskit/heading';
import Textfield from '@atlaskit/textfield';
import { useState } from 'react';
import { fieldErrorsOf } from '../../../../src/contract/result';
import type { GroupRepeats, NistCategory, Rule } from '../../../../src/core/rules/schema';
import {
  DEFAULT_GROUP_WINDOW_HOURS,
  GROUP_BY,
  NIST_CATEGORIES,
  NIST_CATEGORY_LABELS,
  Rule as RuleSchema,
} from '../../../../src/core/rules/schema';
import { FormRow, errorAt } from '../../../shared/form-row';
import { Picker } from '../../../shared/Picker';
import { parseLabels } from '../IssueCreationSection';
import type { ConditionDraft, ConditionType } from './condition-draft';
import { CONDITION_TYPES, conditionOf, draftOfCondition, list } from './condition-draft';
import { MultiPicker } from '../../../shared/MultiPicker';
import { Semantics } from './Semantics';
import { flushSync } from 'react-dom';

/** A tenant of the project, as the "Tenant is one of" condition offers it. */
export interface TenantChoice {
  id: string;
  name: string;
}

export interface RuleEditorProps {
  rule: Rule;
  /** The project's tenants: the "Tenant is one of" condition picks among them. */
  tenants?: TenantChoice[];
  isNew: boolean;
  priorities: string[];
  onDone: (rule: Rule) => void;
  onClose: () => void;
}

function isConditionType(value: string | undefined): value is ConditionType {
  return CONDITION_TYPES.some((t) => t.value === value);
}

const GROUP_BY_LABELS: Record<GroupRepeats['by'], string> = {
  titleAndUser: 'Same alert title and affected users',
  incident: 'Same Defender incident (Graph tenants; others by title and users)',
};

function isGroupBy(value: string | undefined): value is GroupRepeats['by'] {
  return GROUP_BY.some((by) => by === value);
}

/** The window as typed: a whole number of hours, else passed on for the schema to refuse. */
function windowHoursOf(text: string): number | undefined {
  const trimmed = text.trim();
  return trimmed === '' ? undefined : Number(trimmed);
}

function isCategory(value: string | undefined): value is NistCategory {
  return NIST_CATEGORIES.some((c) => c === value);
}

/** Empty text → absent, so an untouched field never becomes an invalid empty action. */
function optional(text: string): string | undefined {
  const trimmed = text.trim();
  return trimmed === '' ? undefined : trimmed;
}

export function RuleEditor({
  rule,
  tenants = [],
  isNew,
  priorities,
  onDone,
  onClose,
}: RuleEditorProps) {
  const [name, setName] = useState(rule.name);
  const [conditions, setConditions] = useState<ConditionDraft[]>(
    rule.conditions.map(draftOfCondition),
  );
  const [priority, setPriority] = useState(rule.actions.priority);
  const [category, setCategory] = useState<NistCategory | undefined>(rule.actions.category);
  const [subCategory, setSubCategory] = useState(rule.actions.subCategory ?? '');
  const [labels, setLabels] = useState((rule.actions.labels ?? []).join(' '));
  const [assignee, setAssignee] = useState(rule.actions.assignee ?? '');
  const [issueType, setIssueType] = useState(rule.actions.issueType ?? '');
  const [suppress, setSuppress] = useState(rule.actions.suppress === true);
  const [groupBy, setGroupBy] = useState(rule.actions.group?.by);
  const [groupWindow, setGroupWindow] = useState(
    String(rule.actions.group?.windowHours ?? DEFAULT_GROUP_WINDOW_HOURS),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});

  function done() {
    const labelList = parseLabels(labels);
    const candidate = {
      id: rule.id,
      name,
      enabled: rule.enabled,
      conditions: conditions.map(conditionOf),
      actions: {
        priority,
        category,
        subCategory: category === undefined ? undefined : optional(subCategory),
        labels: labelList.length === 0 ? undefined : labelList,
        assignee: optional(assignee),
        issueType: optional(issueType),
        suppress: suppress ? true : undefined,
        group:
          groupBy === undefined
            ? undefined
            : { by: groupBy, windowHours: windowHoursOf(groupWindow) },
      },
    };
    // Rendered at once, so a field edited since the last check shows its error again if it is
    // still wrong (form-row.tsx hides an error once its field is edited).
    flushSync(() => setErrors({}));
    const parsed = RuleSchema.safeParse(candidate);
    if (!parsed.success) {
      setErrors(fieldErrorsOf(parsed.error));
      return;
    }
    onDone(parsed.data);
  }

  const priorityOptions = [
    ...new Set([...priorities, ...(priority === undefined ? [] : [priority])]),
  ].map((p) => ({ value: p, label: p }));
  const title = isNew ? 'Add rule' : `Edit rule "${rule.name}"`;

  return (
    <Modal onClose={onClose} width="large" label={title}>
      <form
        // Inline errors in plain words instead of the browser's own bubbles.
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          done();
        }}
      >
        <ModalHeader>
          <ModalTitle>{title}</ModalTitle>
        </ModalHeader>
        <ModalBody>
          <Semantics />
          <FormRow id="rule-name" label="Rule name" error={errorAt(errors, 'name')}>
            <Textfield
              id="rule-name"
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
            />
          </FormRow>
          <Heading size="small" as="h3">
            When all of these hold
          </Heading>
          {conditions.length === 0 ? <p>No conditions: the rule matches every alert.</p> : null}
          {conditions.map((condition, index) => {
            const kind = CONDITION_TYPES.find((t) => t.value === condition.type);
            const error = Object.entries(errors).find(([path]) =>
              path.startsWith(`conditions.${index}`),
            )?.[1];
            return (
              <div
                key={index}
                style={{
                  display: 'grid',
                  gridTemplateColumns: '240px 1fr auto',
                  gap: 8,
                  alignItems: 'end',
                }}
              >
                <FormRow id={`condition-${index}-type`} label={`Condition ${index + 1}`}>
                  <Picker
                    id={`condition-${index}-type`}
                    options={CONDITION_TYPES.map((t) => ({ value: t.value, label: t.label }))}
                    value={condition.type}
                    onChange={(value) => {
                      if (!isConditionType(value)) return;
                      setConditions((previous) =>
                        previous.map((c, i) => (i === index ? { type: value, text: '' } : c)),
                      );
                    }}
                  />
                </FormRow>
                {condition.type === 'anyTor' ? (
                  <p style={{ marginBlockEnd: 12 }}>{kind?.help}</p>
                ) : (
                  <FormRow
                    id={`condition-${index}-value`}
                    label={`${kind?.label ?? 'Value'} (value)`}
                    help={kind?.help}
                    error={error}
                  >
                    {condition.type === 'tenant' ? (
                      // A picker, not free text: a mistyped id matched nothing, silently.
                      <MultiPicker
                        id={`condition-${index}-value`}
                        options={tenants.map((t) => ({
                          value: t.id,
                          label: `${t.name} (${t.id})`,
                        }))}
                        values={list(condition.text)}
                        isInvalid={error !== undefined}
                        placeholder="Choose tenants"
                        unknownLabel={(id) => `Unknown tenant (${id})`}
                        onChange={(ids) => {
                          const text = ids.join(', ');
                          setConditions((previous) =>
                            previous.map((c, i) => (i === index ? { ...c, text } : c)),
                          );
                        }}
                      />
                    ) : (
                      <Textfield
                        id={`condition-${index}-value`}
                        value={condition.text}
                        isInvalid={error !== undefined}
                        onChange={(event) => {
                          const text = event.currentTarget.value;
                          setConditions((previous) =>
                            previous.map((c, i) => (i === index ? { ...c, text } : c)),
                          );
                        }}
                      />
                    )}
                  </FormRow>
                )}
                <div style={{ marginBlockEnd: 12 }}>
                  <Button
                    appearance="subtle"
                    aria-label={`Remove condition ${index + 1}`}
                    onClick={() =>
                      setConditions((previous) => previous.filter((_, i) => i !== index))
                    }
                  >
                    Remove
                  </Button>
                </div>
              </div>
            );
          })}
          <Button
            onClick={() =>
              setConditions((previous) => [...previous, { type: 'titleContains', text: '' }])
            }
          >
            Add condition
          </Button>
          <Heading size="small" as="h3">
            Then
          </Heading>
          <FormRow
            id="rule-priority"
            label="Set priority"
            error={errorAt(errors, 'actions.priority')}
          >
            <Picker
              id="rule-priority"
              options={priorityOptions}
              value={priority}
              noneLabel="Leave to later rules and the severity map"
              onChange={setPriority}
            />
          </FormRow>
          <FormRow
            id="rule-category"
            label="Set category (NIST)"
            error={errorAt(errors, 'actions.category')}
          >
            <Picker
              id="rule-category"
              options={NIST_CATEGORIES.map((c) => ({ value: c, label: NIST_CATEGORY_LABELS[c] }))}
              value={category}
              noneLabel="Leave to later rules"
              onChange={(value) => setCategory(isCategory(value) ? value : undefined)}
            />
          </FormRow>
          <FormRow
            id="rule-sub-category"
            label="Sub-category"
            error={errorAt(errors, 'actions.subCategory')}
            help="Optional, e.g. Brute force. Only with a category."
          >
            <Textfield
              id="rule-sub-category"
              value={subCategory}
              isDisabled={category === undefined}
              onChange={(event) => setSubCategory(event.currentTarget.value)}
            />
          </FormRow>
          <FormRow
            id="rule-labels"
            label="Add labels"
            error={errorAt(errors, 'actions.labels', 'actions.labels.0')}
            help="Separated by spaces or commas."
          >
            <Textfield
              id="rule-labels"
              value={labels}
              onChange={(event) => setLabels(event.currentTarget.value)}
            />
          </FormRow>
          <FormRow
            id="rule-assignee"
            label="Assign to (account id)"
            error={errorAt(errors, 'actions.assignee')}
          >
            <Textfield
              id="rule-assignee"
              value={assignee}
              onChange={(event) => setAssignee(event.currentTarget.value)}
            />
          </FormRow>
          <FormRow
            id="rule-issue-type"
            label="Issue type (name or id)"
            error={errorAt(errors, 'actions.issueType')}
          >
            <Textfield
              id="rule-issue-type"
              value={issueType}
              onChange={(event) => setIssueType(event.currentTarget.value)}
            />
          </FormRow>
          <FormRow
            id="rule-group"
            label="Group repeats: a repeat of an open issue becomes a comment on it"
            error={errorAt(errors, 'actions.group')}
          >
            <Picker
              id="rule-group"
              options={GROUP_BY.map((by) => ({ value: by, label: GROUP_BY_LABELS[by] }))}
              value={groupBy}
              noneLabel="Never: every alert gets its own issue"
              onChange={(value) => setGroupBy(isGroupBy(value) ? value : undefined)}
            />
          </FormRow>
          {groupBy === undefined ? null : (
            <FormRow
              id="rule-group-window"
              label="…while the open issue is younger than (hours, 1–168)"
              error={errorAt(errors, 'actions.group.windowHours')}
            >
              <Textfield
                id="rule-group-window"
                inputMode="numeric"
                value={groupWindow}
                onChange={(event) => setGroupWindow(event.currentTarget.value)}
              />
            </FormRow>
          )}
          <Checkbox
            label="Suppress: create no issue for matching alerts"
            isChecked={suppress}
            onChange={(event) => setSuppress(event.currentTarget.checked)}
          />
        </ModalBody>
        <ModalFooter>
          <Button appearance="subtle" onClick={onClose}>
            Cancel
          </Button>
          <Button appearance="primary" type="submit">
            {isNew ? 'Add rule' : 'Keep changes'}
          </Button>
        </ModalFooter>
      </form>
    </Modal>
  );
}
