/** Shapes the Jira client takes and gives, independent of the wire format. */

/** One element of `POST /rest/api/3/issue/bulk` `issueUpdates`, or the body of a single create. */
export interface IssueCreate {
  fields: Record<string, unknown>;
  properties?: { key: string; value: unknown }[];
}

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
