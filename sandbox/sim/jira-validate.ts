/**
 * Field validation for create and edit, with Jira Cloud's own messages: a field that is not on
 * the screen, a plain string for a rich-text (ADF) field or ADF for a single-line one, text over
 * 255 characters, unknown priorities, issue types and select options, missing required fields.
 */
import { isRecord } from './http-kit';
import type { JiraFieldDef, JiraUser } from './jira-catalogue';
import { ISSUE_TYPES, PRIORITIES } from './jira-catalogue';
import type { JiraSite, ProjectState, Screen } from './jira-site';

export type FieldErrors = Record<string, string>;

export interface ValidatedCreate {
  project: ProjectState;
  issueTypeId: string;
  fields: Record<string, unknown>;
}

const SINGLE_LINE_MAX = 255;
const MULTI_LINE_MAX = 32_767;

export const notOnScreen = (fieldId: string) =>
  `Field '${fieldId}' cannot be set. It is not on the appropriate screen, or unknown.`;

const NOT_ADF = 'Operation value must be an Atlassian Document (see the Atlassian Document Format)';
const NOT_STRING = 'Operation value must be a string';

/** Total characters of the text nodes of an ADF document; undefined when it is not ADF. */
function adfTextLength(node: unknown, depth = 0): number | undefined {
  if (!isRecord(node) || typeof node.type !== 'string' || depth > 50) return undefined;
  let length = typeof node.text === 'string' ? node.text.length : 0;
  if (node.type === 'text' && typeof node.text !== 'string') return undefined;
  if (node.content !== undefined) {
    if (!Array.isArray(node.content)) return undefined;
    for (const child of node.content as unknown[]) {
      const childLength = adfTextLength(child, depth + 1);
      if (childLength === undefined) return undefined;
      length += childLength;
    }
  }
  return length;
}

export function isAdfDocument(value: unknown): boolean {
  return (
    isRecord(value) &&
    value.type === 'doc' &&
    value.version === 1 &&
    Array.isArray(value.content) &&
    adfTextLength(value) !== undefined
  );
}

function byIdOrName<T extends { id: string }>(
  value: unknown,
  items: T[],
  nameOf: (item: T) => string,
  nameKey: 'name' | 'value',
): T | undefined {
  if (!isRecord(value)) return undefined;
  if (typeof value.id === 'string' || typeof value.id === 'number')
    return items.find((item) => item.id === String(value.id));
  const name = value[nameKey];
  if (typeof name === 'string') return items.find((item) => nameOf(item) === name);
  return undefined;
}

/** A value for one field: `{ value }` normalised as Jira stores it, or `{ error }`. */
function checkValue(
  site: JiraSite,
  field: JiraFieldDef,
  value: unknown,
): { value: unknown } | { error: string } {
  if (value === null) return { value: null };
  switch (field.kind) {
    case 'string':
    case 'url': {
      if (typeof value !== 'string') return { error: NOT_STRING };
      if (value.length > SINGLE_LINE_MAX)
        return {
          error:
            field.id === 'summary'
              ? 'Summary must be less than 255 characters.'
              : 'The entered text is too long. It exceeds the allowed limit of 255 characters.',
        };
      if (field.kind === 'url' && value !== '' && !/^(https?|mailto|ftp):\S+$/i.test(value))
        return { error: `Not a valid URL: ${value}` };
      return { value };
    }
    case 'adf': {
      if (!isAdfDocument(value)) return { error: NOT_ADF };
      if ((adfTextLength(value) ?? 0) > MULTI_LINE_MAX)
        return {
          error: 'The entered text is too long. It exceeds the allowed limit of 32,767 characters.',
        };
      return { value };
    }
    case 'option': {
      const option = byIdOrName(value, field.options ?? [], (o) => o.value, 'value');
      if (option)
        return {
          value: { self: `${site.origin}/rest/api/3/customFieldOption/${option.id}`, ...option },
        };
      const asked = isRecord(value) ? (value.value ?? value.id) : value;
      return {
        error: isRecord(value)
          ? `Option value '${String(asked)}' is not valid`
          : `Specify a valid 'id' or 'value' for ${field.name}`,
      };
    }
    case 'priority': {
      const priority = byIdOrName(value, PRIORITIES, (p) => p.name, 'name');
      if (priority) return { value: site.priorityJson(priority) };
      if (isRecord(value) && typeof value.name === 'string')
        return { error: `Priority name '${value.name}' is not valid` };
      return { error: "Specify a valid 'id' or 'name' for Priority" };
    }
    case 'labels': {
      if (!Array.isArray(value) || !value.every((label) => typeof label === 'string'))
        return { error: 'Operation value must be an array of strings' };
      for (const label of value) {
        if (/\s/.test(label))
          return { error: `The label '${label}' contains spaces which is invalid.` };
        if (label.length === 0 || label.length > SINGLE_LINE_MAX)
          return { error: 'The label must be between 1 and 255 characters.' };
      }
      return { value: [...value] };
    }
    case 'user': {
      const accountId = isRecord(value) ? value.accountId : undefined;
      const user = typeof accountId === 'string' ? site.userByAccountId(accountId) : undefined;
      if (!user) return { error: `Specify a valid value for ${field.name.toLowerCase()}` };
      return { value: site.userJson(user) };
    }
    default:
      return { error: notOnScreen(field.id) };
  }
}

function isEmpty(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    value === '' ||
    (Array.isArray(value) && value.length === 0)
  );
}

/** Checks every given field against the screen; fills `values` and `errors`. */
function checkFields(
  site: JiraSite,
  screen: Screen,
  input: Record<string, unknown>,
  errors: FieldErrors,
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [fieldId, value] of Object.entries(input)) {
    if (fieldId === 'project' || fieldId === 'issuetype') continue;
    const field = site.fields.get(fieldId);
    if (!field || !screen.fields.includes(fieldId)) {
      errors[fieldId] = notOnScreen(fieldId);
      continue;
    }
    const checked = checkValue(site, field, value);
    if ('error' in checked) errors[fieldId] = checked.error;
    else if (checked.value !== null) values[fieldId] = checked.value;
  }
  return values;
}

function requiredMessage(site: JiraSite, fieldId: string): string {
  if (fieldId === 'summary') return 'You must specify a summary of the issue.';
  return `${site.fields.get(fieldId)?.name ?? fieldId} is required.`;
}

export function validateCreate(
  site: JiraSite,
  user: JiraUser,
  input: unknown,
): { ok: ValidatedCreate } | { errors: FieldErrors } {
  if (!isRecord(input) || !isRecord(input.fields))
    return { errors: { fields: 'Specify the fields of the issue' } };
  const fields = input.fields;
  const errors: FieldErrors = {};
  const projectRef = isRecord(fields.project)
    ? (fields.project.key ?? fields.project.id)
    : undefined;
  const project =
    typeof projectRef === 'string' || typeof projectRef === 'number'
      ? site.project(String(projectRef))
      : undefined;
  if (!project || !site.canBrowse(user, project.key))
    errors.project = 'Specify a valid project ID or key';
  const type = byIdOrName(fields.issuetype, ISSUE_TYPES, (t) => t.name, 'name');
  if (!type) errors.issuetype = 'Specify a valid issue type';
  if (!project || !type || !site.canBrowse(user, project.key)) return { errors };

  const screen = project.screens.get(type.id);
  if (!screen) return { errors: { issuetype: 'Specify a valid issue type' } };
  const values = checkFields(site, screen, fields, errors);
  for (const fieldId of screen.required) {
    if (fieldId === 'project' || fieldId === 'issuetype' || errors[fieldId]) continue;
    if (isEmpty(values[fieldId])) errors[fieldId] = requiredMessage(site, fieldId);
  }
  if (Object.keys(errors).length > 0) return { errors };
  return { ok: { project, issueTypeId: type.id, fields: values } };
}

/** PUT /issue/{key}: the same checks on the fields given, against the issue's screen. */
export function validateEdit(
  site: JiraSite,
  project: ProjectState,
  issueTypeId: string,
  input: unknown,
): { ok: Record<string, unknown>; cleared: string[] } | { errors: FieldErrors } {
  const given = isRecord(input) ? input.fields : undefined;
  if (!isRecord(given)) return { errors: { fields: 'Specify the fields to edit' } };
  const screen = project.screens.get(issueTypeId);
  if (!screen) return { errors: { issuetype: 'Specify a valid issue type' } };
  const errors: FieldErrors = {};
  for (const fieldId of ['project', 'issuetype']) {
    if (fieldId in given) errors[fieldId] = notOnScreen(fieldId);
  }
  const values = checkFields(site, screen, given, errors);
  const cleared = Object.keys(given).filter((fieldId) => isEmpty(given[fieldId]));
  for (const fieldId of cleared) {
    if (screen.required.has(fieldId) && !errors[fieldId])
      errors[fieldId] = requiredMessage(site, fieldId);
  }
  if (Object.keys(errors).length > 0) return { errors };
  return { ok: values, cleared };
}
