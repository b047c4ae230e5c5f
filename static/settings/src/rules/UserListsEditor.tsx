/** Named user lists for the "a user is in list" condition: e-mail addresses or whole domains. */
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import TextArea from '@atlaskit/textarea';
import Textfield from '@atlaskit/textfield';
import { FormRow, errorAt } from '../../../shared/form-row';

export interface UserListDraft {
  name: string;
  /** One entry per line. */
  entries: string;
}

export interface UserListsEditorProps {
  lists: UserListDraft[];
  errors: Record<string, string>;
  onChange: (lists: UserListDraft[]) => void;
}

export function UserListsEditor({ lists, errors, onChange }: UserListsEditorProps) {
  const update = (index: number, patch: Partial<UserListDraft>) =>
    onChange(lists.map((list, i) => (i === index ? { ...list, ...patch } : list)));
  return (
    <section aria-labelledby="user-lists-heading" style={{ marginBlockStart: 24 }}>
      <Heading size="small" as="h3" id="user-lists-heading">
        User lists
      </Heading>
      <p>
        Entries are e-mail addresses, or whole domains (example.com or @example.com), one per line;
        compared without regard to case.
      </p>
      {lists.map((list, index) => (
        <div key={index} style={{ display: 'grid', gridTemplateColumns: '240px 1fr auto', gap: 8 }}>
          <FormRow
            id={`user-list-${index}-name`}
            label="List name"
            error={errorAt(errors, `userLists.${index}.name`)}
          >
            <Textfield
              id={`user-list-${index}-name`}
              value={list.name}
              onChange={(event) => update(index, { name: event.currentTarget.value })}
            />
          </FormRow>
          <FormRow
            id={`user-list-${index}-entries`}
            label="Entries"
            error={errorAt(errors, `userLists.${index}.entries`)}
          >
            <TextArea
              id={`user-list-${index}-entries`}
              value={list.entries}
              minimumRows={2}
              onChange={(event) => update(index, { entries: event.currentTarget.value })}
            />
          </FormRow>
          <div style={{ alignSelf: 'center' }}>
            <Button
              appearance="subtle"
              aria-label={`Delete user list ${list.name || index + 1}`}
              onClick={() => onChange(lists.filter((_, i) => i !== index))}
            >
              Delete
            </Button>
          </div>
        </div>
      ))}
      <Button onClick={() => onChange([...lists, { name: '', entries: '' }])}>Add user list</Button>
    </section>
  );
}
