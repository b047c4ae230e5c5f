/** Shapes the Jira client takes and gives, independent of the wire format. */

/** One element of `POST /rest/api/3/issue/bulk` `issueUpdates`: built by the domain. */
export type { IssueCreate } from '../core/issue-payload';

export interface CreatedIssue {
  /** Index in the submitted list. */
  index: number;
  id: string;
  key: string;
}

export interface RejectedIssue {
  index: number;
  status: number;
  /** Jira's own words, joined: "customfield_10050: Field 'customfield_10050' cannot be set…". */
  message: string;
  fieldErrors: Record<string, string>;
}

export interface BulkCreateResult {
  created: CreatedIssue[];
  rejected: RejectedIssue[];
}

export interface CreateMetaField {
  fieldId: string;
  name: string;
  required: boolean;
  hasDefaultValue: boolean;
  schema: { type: string; custom?: string; items?: string };
  allowedValues?: { id: string; name?: string; value?: string }[];
}

/**
 * The priorities an issue can be created with: the `allowedValues` of the create screen's
 * `priority` field. Read there rather than from `GET /rest/api/3/priority/search`, which is
 * deprecated and needs the admin scope `manage:jira-configuration` (docs/jira-scopes.md).
 * Empty when the screen has no priority field: then Jira's default priority applies.
 */
export function screenPriorities(fields: readonly CreateMetaField[]): NamedItem[] {
  const field = fields.find((candidate) => candidate.fieldId === 'priority');
  return (field?.allowedValues ?? []).flatMap(({ id, name }) =>
    name === undefined ? [] : [{ id, name }],
  );
}

export interface NamedItem {
  id: string;
  name: string;
}

export interface FoundIssue {
  id: string;
  key: string;
  fields: Record<string, unknown>;
  properties?: Record<string, unknown>;
}
