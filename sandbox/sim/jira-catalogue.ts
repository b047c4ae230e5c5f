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

/** A custom field as Jira describes it, from its id (`customfield_<n>`) and type. */
export function customField(
  id: string,
  name: string,
  type: CustomFieldType,
  options: string[] = [],
): JiraFieldDef {
  const customId = Number(id.replace('customfield_', ''));
  if (!/^customfield_\d+$/.test(id)) throw new Error(`Bad custom field id ${id}`);
  const kind: JiraFieldKind = {
    textfield: 'string',
    textarea: 'adf',
    url: 'url',
    select: 'option',
  }[type] as JiraFieldKind;
  return {
    id,
    name,
    custom: true,
    kind,
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

export const SYSTEM_FIELDS: JiraFieldDef[] = [
  {
    id: 'summary',
    name: 'Summary',
    custom: false,
    kind: 'string',
    schema: { type: 'string', system: 'summary' },
  },
  // Jira describes description as type "string"; in REST v3 it nevertheless takes ADF.
  {
    id: 'description',
    name: 'Description',
    custom: false,
    kind: 'adf',
    schema: { type: 'string', system: 'description' },
  },
  {
    id: 'priority',
    name: 'Priority',
    custom: false,
    kind: 'priority',
    schema: { type: 'priority', system: 'priority' },
  },
  {
    id: 'labels',
    name: 'Labels',
    custom: false,
    kind: 'labels',
    schema: { type: 'array', items: 'string', system: 'labels' },
  },
  {
    id: 'assignee',
    name: 'Assignee',
    custom: false,
    kind: 'user',
    schema: { type: 'user', system: 'assignee' },
  },
  {
    id: 'issuetype',
    name: 'Issue Type',
    custom: false,
    kind: 'issuetype',
    schema: { type: 'issuetype', system: 'issuetype' },
  },
  {
    id: 'project',
    name: 'Project',
    custom: false,
    kind: 'project',
    schema: { type: 'project', system: 'project' },
  },
  {
    id: 'reporter',
    name: 'Reporter',
    custom: false,
    kind: 'readonly',
    schema: { type: 'user', system: 'reporter' },
  },
  {
    id: 'status',
    name: 'Status',
    custom: false,
    kind: 'readonly',
    schema: { type: 'status', system: 'status' },
  },
  {
    id: 'created',
    name: 'Created',
    custom: false,
    kind: 'readonly',
    schema: { type: 'datetime', system: 'created' },
  },
  {
    id: 'updated',
    name: 'Updated',
    custom: false,
    kind: 'readonly',
    schema: { type: 'datetime', system: 'updated' },
  },
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
