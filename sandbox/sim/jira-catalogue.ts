/**
 * What the Jira simulator's site holds before any test touches it: the field catalogue (system
 * and custom fields with Jira's own schema descriptions), priorities, issue types, the default
 * project SEC and its admin. Custom field kinds follow Jira Cloud: a `textarea` takes ADF in REST
 * v3, a `textfield` or `url` takes a plain string of at most 255 characters.
 */

/** How the simulator checks a value written to the field. */
export type JiraFieldKind =
  | 'string'
  | 'url'
  | 'adf'
  | 'option'
  | 'priority'
  | 'labels'
  | 'user'
  | 'issuetype'
  | 'project'
  | 'readonly';

export interface JiraFieldSchema {
  type: string;
  system?: string;
  custom?: string;
  customId?: number;
  items?: string;
}

export interface JiraFieldDef {
  id: string;
  name: string;
  custom: boolean;
  kind: JiraFieldKind;
  schema: JiraFieldSchema;
  /** Select options. */
  options?: { id: string; value: string }[];
}

export interface JiraUser {
  accountId: string;
  email: string;
  apiToken: string;
  displayName: string;
  /** Project keys the user administers (ADMINISTER_PROJECTS; implies browsing). */
  projectAdmin: string[];
  /** Project keys the user can browse, create in, edit and comment on. */
  browse: string[];
  /** Project keys the user can only browse: no edits, no comments (Jira's "Browse projects" alone). */
  viewOnly?: string[];
}

export const SANDBOX_JIRA_ADMIN: JiraUser = {
  accountId: '5b10a2844c20165700ede21g',
  email: 'admin@sandbox.test',
  apiToken: 'sandbox-jira-token',
  displayName: 'Sandbox Admin',
  projectAdmin: ['SEC'],
  browse: ['SEC'],
};

export const DEFAULT_PROJECT = { id: '10000', key: 'SEC', name: 'Security Operations' };

export const ISSUE_TYPES = [
  { id: '10001', name: 'Task', description: 'A small, distinct piece of work.' },
  { id: '10002', name: 'Bug', description: 'A problem or error.' },
  { id: '10003', name: 'Security incident', description: 'A security event to investigate.' },
];

/** What Jira sets when a create gives no priority. */
export const DEFAULT_PRIORITY = { id: '3', name: 'Medium', statusColor: '#f79232' };
export const PRIORITIES = [
  { id: '1', name: 'Highest', statusColor: '#d04437' },
  { id: '2', name: 'High', statusColor: '#f15C75' },
  DEFAULT_PRIORITY,
  { id: '4', name: 'Low', statusColor: '#707070' },
  { id: '5', name: 'Lowest', statusColor: '#999999' },
];

export const NIST_CATEGORIES = [
  'Information gathering',
  'Compromised user',
  'Compromised app',
  'Compromised server',
  'Privilege escalation',
  'Data exfiltration',
  'Malware',
  'Spam',
  'DDoS',
  'Policy violation',
  'Other',
];

const CUSTOM_TYPE = 'com.atlassian.jira.plugin.system.customfieldtypes:';

export type CustomFieldType = 'textfield' | 'textarea' | 'url' | 'select';

const KIND_OF_CUSTOM: Record<CustomFieldType, JiraFieldKind> = {
  textfield: 'string',
  textarea: 'adf',
  url: 'url',
  select: 'option',
};

/** A custom field as Jira describes it, from its id (`customfield_<n>`) and type. */
export function customField(
  id: string,
  name: string,
  type: CustomFieldType,
  options: string[] = [],
): JiraFieldDef {
  const customId = Number(id.replace('customfield_', ''));
  if (!/^customfield_\d+$/.test(id)) throw new Error(`Bad custom field id ${id}`);
  return {
    id,
    name,
    custom: true,
    kind: KIND_OF_CUSTOM[type],
    schema: { type: type === 'select' ? 'option' : 'string', custom: CUSTOM_TYPE + type, customId },
    ...(type === 'select'
      ? {
          options: options.map((value, index) => ({
            id: String(customId * 100 + index + 1),
            value,
          })),
        }
      : {}),
  };
}

function systemField(
  id: string,
  name: string,
  kind: JiraFieldKind,
  type: string,
  items?: string,
): JiraFieldDef {
  return {
    id,
    name,
    custom: false,
    kind,
    schema: { type, ...(items ? { items } : {}), system: id },
  };
}

export const SYSTEM_FIELDS: JiraFieldDef[] = [
  systemField('summary', 'Summary', 'string', 'string'),
  // Jira describes description as type "string"; in REST v3 it nevertheless takes ADF.
  systemField('description', 'Description', 'adf', 'string'),
  systemField('priority', 'Priority', 'priority', 'priority'),
  systemField('labels', 'Labels', 'labels', 'array', 'string'),
  systemField('assignee', 'Assignee', 'user', 'user'),
  systemField('issuetype', 'Issue Type', 'issuetype', 'issuetype'),
  systemField('project', 'Project', 'project', 'project'),
  systemField('reporter', 'Reporter', 'readonly', 'user'),
  systemField('status', 'Status', 'readonly', 'status'),
  systemField('created', 'Created', 'readonly', 'datetime'),
  systemField('updated', 'Updated', 'readonly', 'datetime'),
];

export const APP_CUSTOM_FIELDS: JiraFieldDef[] = [
  customField('customfield_10050', 'Alert URL', 'url'),
  customField('customfield_10051', 'Alert summary', 'textfield'),
  customField('customfield_10052', 'Alert description', 'textarea'),
  customField('customfield_10053', 'Affected user', 'textfield'),
  customField('customfield_10054', 'IP', 'textfield'),
  customField('customfield_10055', 'Reported IPs', 'textarea'),
  customField('customfield_10056', 'Incident category', 'select', NIST_CATEGORIES),
];

/** Exists on the site (GET /field) but on no screen: setting it must fail like Jira does. */
export const OFF_SCREEN_FIELD = customField('customfield_10099', 'Off-screen field', 'textfield');

/** The create (and edit) screen of every issue type of a new project, in screen order. */
export const DEFAULT_SCREEN = [
  'project',
  'issuetype',
  'summary',
  'description',
  'priority',
  'labels',
  'assignee',
  ...APP_CUSTOM_FIELDS.map((field) => field.id),
];
export const DEFAULT_REQUIRED = ['project', 'issuetype', 'summary'];
