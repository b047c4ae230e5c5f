/**
 * What the mapping pickers offer: the project's create-screen issue types, the fields of the
 * chosen type with the alert values each can hold, and the priorities its Priority field allows.
 * Read as the app, because the app is who creates the issues.
 */
import type { JiraClient } from '../clients/jira';
import type { NamedItem } from '../clients/jira-types';
import { screenPriorities } from '../clients/jira-types';
import type { FieldMapKey, ProjectConfig, ProjectId } from '../core/config';
import { FIELD_MAP_KEYS, FIELD_MAP_LABELS } from '../core/config';
import { KINDS_FOR_VALUE, fieldKind } from './jira-target';
import { loadProject } from './repository';
import type { ResolverDeps } from './resolver-deps';
import { appJira } from './resolver-deps';

/** Fields the app fills itself on every issue; never offered for mapping. */
const FILLED_BY_APP = new Set([
  'summary',
  'description',
  'project',
  'issuetype',
  'priority',
  'labels',
  'reporter',
]);

/** A field of the create screen and the alert values it can hold (contract: `CreateScreenField`). */
export interface CreateScreenField {
  fieldId: string;
  name: string;
  /** string = single-line text, adf = multi-line (rich) text, option = select list. */
  kind: 'string' | 'adf' | 'option' | 'labels' | 'other';
  required: boolean;
  /** Which alert values this field can hold, by kind. Empty: the app cannot fill it. */
  serves: FieldMapKey[];
}

/** The project's create screen as the settings page needs it (contract: `JiraMeta`). */
export interface JiraMeta {
  issueTypes: NamedItem[];
  /** The issue type the fields belong to: the requested one, else the configured, else the first. */
  issueTypeId: string | null;
  fields: CreateScreenField[];
  /** E.g. required fields without a default that the app cannot fill. */
  warnings: string[];
  priorities: NamedItem[];
}

/** The settings page's mapping pickers for the project, asked of Jira as the app. */
export async function jiraMetaOf(
  deps: ResolverDeps,
  projectId: ProjectId,
  issueTypeId: string | undefined,
): Promise<JiraMeta> {
  return readJiraMeta(
    appJira(deps),
    projectId,
    await loadProject(deps.store, projectId),
    issueTypeId,
  );
}

export async function readJiraMeta(
  jira: JiraClient,
  projectKey: string,
  config: ProjectConfig | undefined,
  requestedIssueTypeId: string | undefined,
): Promise<JiraMeta> {
  const issueTypes = await jira.getCreateMetaIssueTypes(projectKey);
  const configured = config
    ? issueTypes.find(
        (type) =>
          type.id === config.issueType ||
          type.name.toLowerCase() === config.issueType.toLowerCase(),
      )
    : undefined;
  const issueType =
    issueTypes.find((type) => type.id === requestedIssueTypeId) ?? configured ?? issueTypes[0];
  const warnings: string[] = [];
  if (requestedIssueTypeId !== undefined && issueType?.id !== requestedIssueTypeId) {
    warnings.push('The chosen issue type is not on this project’s create screen.');
  }
  if (!issueType) {
    return {
      issueTypes: [],
      issueTypeId: null,
      fields: [],
      warnings: [...warnings, 'This project’s create screen offers no issue types to the app.'],
      priorities: [],
    };
  }

  const mapped = new Set(Object.values(config?.fields ?? {}));
  const fields: CreateScreenField[] = [];
  const screenFields = await jira.getCreateMetaFields(projectKey, issueType.id);
  for (const field of screenFields) {
    if (FILLED_BY_APP.has(field.fieldId)) continue;
    const kind = fieldKind(field);
    const serves: FieldMapKey[] = kind
      ? FIELD_MAP_KEYS.filter((key) => KINDS_FOR_VALUE[key].includes(kind))
      : [];
    fields.push({
      fieldId: field.fieldId,
      name: field.name,
      kind: kind ?? 'other',
      required: field.required,
      serves,
    });
    if (field.required && !field.hasDefaultValue && !mapped.has(field.fieldId)) {
      warnings.push(
        `"${field.name}" is required on the ${issueType.name} create screen and has no default. ` +
          (serves.length > 0
            ? `Map an alert value to it (${serves.map((key) => FIELD_MAP_LABELS[key]).join(', ')}) or `
            : 'The app cannot fill it: ') +
          'give it a default value or make it optional, or issues cannot be created.',
      );
    }
  }
  return {
    issueTypes: issueTypes.map(({ id, name }) => ({ id, name })),
    issueTypeId: issueType.id,
    fields,
    warnings,
    priorities: screenPriorities(screenFields),
  };
}
