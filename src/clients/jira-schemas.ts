/**
 * Jira Cloud REST v3 answers as the Jira client reads them. Each schema keeps what the app uses
 * and lets the rest pass unread, so additions on Atlassian's side do not break parsing.
 */
import { z } from 'zod';

/** Jira's error envelope (`ErrorCollection`): general messages plus field → message. */
export const JiraErrorCollection = z.object({
  errorMessages: z.array(z.string()).optional(),
  errors: z.record(z.string(), z.string()).optional(),
});
export type JiraErrorCollection = z.infer<typeof JiraErrorCollection>;

export const CreatedIssueResponse = z.object({ id: z.string(), key: z.string() });

/**
 * `POST /rest/api/3/issue/bulk`: `issues` lists the created issues in submission order, skipping
 * the failed elements; `errors[].failedElementNumber` is the 0-based index of a failed element.
 * Jira answers 201 for partial success and 400 (same shape) when every element failed.
 */
export const BulkCreateResponse = z.object({
  issues: z.array(CreatedIssueResponse).default([]),
  errors: z
    .array(
      z.object({
        failedElementNumber: z.number().int().nonnegative(),
        status: z.number().int().optional(),
        elementErrors: JiraErrorCollection.optional(),
      }),
    )
    .default([]),
});

const Paged = {
  startAt: z.number().int().optional(),
  maxResults: z.number().int().optional(),
  total: z.number().int().optional(),
  isLast: z.boolean().optional(),
};

const IssueTypeItem = z.object({ id: z.string(), name: z.string() });

/** The spec names the list `createMetaIssueType`; live sites answer `issueTypes`. Both are read. */
export const CreateMetaIssueTypesPage = z.object({
  ...Paged,
  issueTypes: z.array(IssueTypeItem).optional(),
  createMetaIssueType: z.array(IssueTypeItem).optional(),
});

const AllowedValue = z.looseObject({
  id: z.union([z.string(), z.number()]).optional(),
  name: z.string().optional(),
  value: z.string().optional(),
});

const CreateMetaFieldItem = z.object({
  fieldId: z.string(),
  name: z.string(),
  required: z.boolean(),
  hasDefaultValue: z.boolean().default(false),
  schema: z.object({
    type: z.string(),
    custom: z.string().optional(),
    items: z.string().optional(),
  }),
  allowedValues: z.array(AllowedValue).optional(),
});
export type CreateMetaFieldItem = z.infer<typeof CreateMetaFieldItem>;

/** The list is `fields` on live sites, `results` in the spec. Both are read. */
export const CreateMetaFieldsPage = z.object({
  ...Paged,
  fields: z.array(CreateMetaFieldItem).optional(),
  results: z.array(CreateMetaFieldItem).optional(),
});

export const FieldList = z.array(
  z.object({
    id: z.string(),
    name: z.string(),
    custom: z.boolean().default(false),
    schema: z.object({ type: z.string(), custom: z.string().optional() }).optional(),
  }),
);

export const ProjectBean = z.object({ id: z.string(), key: z.string(), name: z.string() });

export const IssueBean = z.object({
  id: z.string(),
  key: z.string(),
  fields: z.record(z.string(), z.unknown()).default({}),
  properties: z.record(z.string(), z.unknown()).optional(),
});

/** `nextPageToken` is absent (not null) on the last page, whatever the docs say (JRACLOUD-92184). */
export const SearchJqlPage = z.object({
  issues: z.array(IssueBean),
  nextPageToken: z.string().nullish(),
  isLast: z.boolean().optional(),
});

/** `GET /rest/api/3/issue/{key}/comment`: a page of comments, bodies in ADF. */
export const CommentsPage = z.object({
  comments: z.array(z.object({ id: z.string(), body: z.unknown() })),
});

export const IssuePropertyResponse = z.object({ key: z.string(), value: z.unknown() });

export const MyPermissionsResponse = z.object({
  permissions: z.record(z.string(), z.object({ havePermission: z.boolean() })),
});

/** `GET /rest/api/3/user/assignable/search`: the users who may be assigned (only ids are read). */
export const AssignableUsers = z.array(z.object({ accountId: z.string() }).loose());

/** `GET /rest/api/3/resolution/search`: a page of the site's resolutions. */
export const ResolutionsPage = z.object({
  values: z.array(z.object({ id: z.string(), name: z.string() }).loose()).default([]),
  total: z.number().int().optional(),
  isLast: z.boolean().optional(),
});

/** `GET /rest/api/3/project/{key}/statuses`: per issue type, the statuses its workflow has. */
export const ProjectStatuses = z.array(
  z
    .object({
      statuses: z
        .array(
          z
            .object({
              id: z.string(),
              name: z.string(),
              statusCategory: z.object({ key: z.string() }).loose().optional(),
            })
            .loose(),
        )
        .default([]),
    })
    .loose(),
);

/** `GET /rest/api/3/issue/{key}/transitions`: what the issue's workflow offers from its status. */
export const TransitionsPage = z.object({
  transitions: z
    .array(
      z
        .object({
          id: z.string(),
          name: z.string(),
          to: z.object({ id: z.string().optional(), name: z.string().optional() }).loose(),
        })
        .loose(),
    )
    .default([]),
});
