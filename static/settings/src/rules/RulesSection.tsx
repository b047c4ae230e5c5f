/**
 * Triage rules (issue 6): the ordered list with its editor, the named user lists, and a preview
 * of what the unsaved rules would do, before they are saved as part of the project config.
 */
import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import Heading from '@atlaskit/heading';
import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import Toggle from '@atlaskit/toggle';
import { token } from '@atlaskit/tokens';
import { useEffect, useState } from 'react';
import type { PreviewRow } from '../../../../src/contract/settings';
import {
  describeCategory,
  describeCondition,
  describeGrouping,
} from '../../../../src/contract/domain';
import { ruleWarnings } from '../../../../src/contract/domain';
import type { Rule, UserList } from '../../../../src/contract/domain';
import { DEFAULT_GROUP_WINDOW_HOURS } from '../../../../src/contract/domain';
import { ResolverCallError } from '../../../shared/client';
import { useNotify } from '../../../shared/notify';
import { draftOf } from '../config/draft';
import { R } from '../settings-client';
import { useSettings } from '../settings-context';
import { RuleEditor } from './RuleEditor';
import { RulePreview } from './RulePreview';
import { ruleErrorLines } from './rule-errors';
import { Semantics } from './Semantics';
import type { UserListDraft } from './UserListsEditor';
import { UserListsEditor } from './UserListsEditor';

function describeActions(rule: Rule): string {
  const { actions } = rule;
  const parts: string[] = [];
  if (actions.suppress === true) parts.push('suppress');
  if (actions.priority !== undefined) parts.push(`priority ${actions.priority}`);
  if (actions.category !== undefined)
    parts.push(`category ${describeCategory(actions.category, actions.subCategory)}`);
  if (actions.labels !== undefined && actions.labels.length > 0)
    parts.push(`labels ${actions.labels.join(', ')}`);
  if (actions.assignee !== undefined) parts.push(`assignee ${actions.assignee}`);
  if (actions.issueType !== undefined) parts.push(`issue type ${actions.issueType}`);
  if (actions.group !== undefined)
    parts.push(
      `group repeats ${describeGrouping(actions.group.by, actions.group.windowHours ?? DEFAULT_GROUP_WINDOW_HOURS)}`,
    );
  return parts.length === 0 ? 'nothing' : parts.join('; ');
}

function listsOf(drafts: UserListDraft[]): UserList[] {
  return drafts.map((list) => ({
    name: list.name,
    entries: list.entries
      .split('\n')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== ''),
  }));
}

function newRuleId(): string {
  return `rule-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

type Editing = { rule: Rule; index: number | undefined } | undefined;

export function RulesSection() {
  const { client, overview, saveConfig } = useSettings();
  const notify = useNotify();
  const draft = draftOf(overview);
  const [rules, setRules] = useState<Rule[]>(draft.rules);
  const [lists, setLists] = useState<UserListDraft[]>(
    draft.userLists.map((list) => ({ name: list.name, entries: list.entries.join('\n') })),
  );
  const [editing, setEditing] = useState<Editing>();
  const [priorities, setPriorities] = useState<string[]>([]);
  const [preview, setPreview] = useState<PreviewRow[] | undefined>();
  const [busy, setBusy] = useState<'preview' | 'save' | undefined>();
  const [errors, setErrors] = useState<Record<string, string>>({});

  useEffect(() => {
    // Priorities feed the editor's picker; without them the editor still accepts a stored name.
    client.call(R.getJiraMeta, {}).then(
      (meta) => setPriorities(meta.priorities.map((p) => p.name)),
      () => setPriorities([]),
    );
  }, [client]);

  const move = (index: number, by: -1 | 1) =>
    setRules((previous) => {
      const next = [...previous];
      const [rule] = next.splice(index, 1);
      if (rule !== undefined) next.splice(index + by, 0, rule);
      return next;
    });

  async function runPreview() {
    setBusy('preview');
    setErrors({});
    try {
      setPreview((await client.call(R.previewRules, { rules, userLists: listsOf(lists) })).rows);
    } catch (error) {
      if (error instanceof ResolverCallError) setErrors(error.fieldErrors);
      notify.error('Preview failed', error);
    }
    setBusy(undefined);
  }

  async function save() {
    setBusy('save');
    setErrors(await saveConfig({ rules, userLists: listsOf(lists) }, 'Triage rules'));
    setBusy(undefined);
  }

  const errorList = ruleErrorLines(errors, rules);
  const warnings = ruleWarnings(rules);
  // Rules save with "Save rules", unlike tenant toggles: say so while something is unsaved, and
  // have the browser ask before a reload or navigation drops it.
  const dirty =
    JSON.stringify({ rules, lists: listsOf(lists) }) !==
    JSON.stringify({ rules: draft.rules, lists: draft.userLists });

  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- Chrome and Safari still show the leave-page prompt only when returnValue is set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  function discard() {
    setRules(draft.rules);
    setLists(
      draft.userLists.map((list) => ({ name: list.name, entries: list.entries.join('\n') })),
    );
    setErrors({});
  }

  return (
    <section aria-labelledby="rules-heading" style={{ paddingBlock: 16 }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
        <Heading size="medium" as="h2" id="rules-heading">
          Triage rules
        </Heading>
        <Button
          onClick={() =>
            setEditing({
              rule: { id: newRuleId(), name: '', enabled: true, conditions: [], actions: {} },
              index: undefined,
            })
          }
        >
          Add rule
        </Button>
      </div>
      <Semantics />
      {dirty ? (
        <div data-testid="rules-unsaved" style={{ marginBlock: 8 }}>
          <SectionMessage
            appearance="warning"
            title="Unsaved rule changes"
            actions={[
              <SectionMessageAction key="save" onClick={() => void save()}>
                Save now
              </SectionMessageAction>,
              <SectionMessageAction key="discard" onClick={discard}>
                Discard changes
              </SectionMessageAction>,
            ]}
          >
            <p>
              Changes to rules and user lists, including switching a rule on or off, apply only once
              saved with Save rules.
            </p>
          </SectionMessage>
        </div>
      ) : null}
      {rules.length === 0 ? (
        <p>No rules: every alert gets the priority of its severity and no category.</p>
      ) : (
        <DynamicTable
          caption="Rules, in the order they are tried"
          head={{
            cells: [
              { key: 'order', content: '#' },
              { key: 'name', content: 'Rule' },
              { key: 'when', content: 'When' },
              { key: 'then', content: 'Then' },
              { key: 'enabled', content: 'Enabled' },
              { key: 'actions', content: 'Actions' },
            ],
          }}
          rows={rules.map((rule, index) => ({
            key: rule.id,
            testId: 'rule-row',
            cells: [
              { key: 'order', content: index + 1 },
              {
                key: 'name',
                content: (
                  <>
                    <strong>{rule.name}</strong>
                    {warnings[rule.id] !== undefined ? (
                      <div
                        data-testid="rule-warning"
                        style={{ color: token('color.text.warning'), maxWidth: 280 }}
                      >
                        {warnings[rule.id]}
                      </div>
                    ) : null}
                  </>
                ),
              },
              {
                key: 'when',
                content:
                  rule.conditions.length === 0
                    ? 'every alert'
                    : rule.conditions.map(describeCondition).join(' and '),
              },
              { key: 'then', content: describeActions(rule) },
              {
                key: 'enabled',
                content: (
                  <Toggle
                    id={`rule-enabled-${rule.id}`}
                    label={`Rule ${rule.name} enabled`}
                    isChecked={rule.enabled}
                    onChange={() =>
                      setRules((previous) =>
                        previous.map((r, i) => (i === index ? { ...r, enabled: !r.enabled } : r)),
                      )
                    }
                  />
                ),
              },
              {
                key: 'actions',
                content: (
                  <div style={{ display: 'flex', gap: 4 }}>
                    <Button
                      aria-label={`Move ${rule.name} up`}
                      isDisabled={index === 0}
                      onClick={() => move(index, -1)}
                    >
                      ↑
                    </Button>
                    <Button
                      aria-label={`Move ${rule.name} down`}
                      isDisabled={index === rules.length - 1}
                      onClick={() => move(index, 1)}
                    >
                      ↓
                    </Button>
                    <Button
                      aria-label={`Edit ${rule.name}`}
                      onClick={() => setEditing({ rule, index })}
                    >
                      Edit
                    </Button>
                    <Button
                      appearance="subtle"
                      aria-label={`Delete ${rule.name}`}
                      onClick={() => setRules((previous) => previous.filter((_, i) => i !== index))}
                    >
                      Delete
                    </Button>
                  </div>
                ),
              },
            ],
          }))}
        />
      )}
      <UserListsEditor lists={lists} errors={errors} onChange={setLists} />
      {errorList.length > 0 ? (
        <ul role="alert" data-testid="rules-errors">
          {errorList.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : null}
      <div style={{ display: 'flex', gap: 8, marginBlock: 16 }}>
        <Button onClick={() => void runPreview()} isLoading={busy === 'preview'}>
          Preview
        </Button>
        <Button appearance="primary" onClick={() => void save()} isLoading={busy === 'save'}>
          Save rules
        </Button>
      </div>
      {preview !== undefined ? <RulePreview rows={preview} /> : null}
      {editing !== undefined ? (
        <RuleEditor
          rule={editing.rule}
          tenants={overview.tenants.map((t) => ({ id: t.id, name: t.name }))}
          isNew={editing.index === undefined}
          priorities={priorities}
          onClose={() => setEditing(undefined)}
          onDone={(rule) => {
            setRules((previous) =>
              editing.index === undefined
                ? [...previous, rule]
                : previous.map((r, i) => (i === editing.index ? rule : r)),
            );
            setEditing(undefined);
          }}
        />
      ) : null}
    </section>
  );
}
