/**
 * Triage rules as a project stores them and the settings page edits them. Evaluation lives in
 * `engine.ts`; this module only says what a valid rule is.
 */
import { z } from 'zod';
import { Severity } from '../model';

/** Incident categories after NIST SP 800-61, as the original tool's users asked for them. */
export const NIST_CATEGORIES = [
  'information-gathering',
  'compromised-user',
  'compromised-app',
  'compromised-server',
  'privilege-escalation',
  'data-exfiltration',
  'malware',
  'spam',
  'ddos',
  'policy-violation',
  'other',
] as const;
export const NistCategory = z.enum(NIST_CATEGORIES);
export type NistCategory = z.infer<typeof NistCategory>;

export const NIST_CATEGORY_LABELS: Record<NistCategory, string> = {
  'information-gathering': 'Information gathering',
  'compromised-user': 'Compromised user',
  'compromised-app': 'Compromised app',
  'compromised-server': 'Compromised server',
  'privilege-escalation': 'Privilege escalation',
  'data-exfiltration': 'Data exfiltration',
  malware: 'Malware',
  spam: 'Spam',
  ddos: 'DDoS',
  'policy-violation': 'Policy violation',
  other: 'Other',
};

const shortText = z.string().trim().min(1).max(200);
const list = z.array(shortText).min(1).max(200);

/** A case-insensitive regular expression that must compile when the rule is saved. */
export const RulePattern = z
  .string()
  .min(1)
  .max(500)
  .refine(
    (pattern) => {
      try {
        new RegExp(pattern, 'i');
        return true;
      } catch {
        return false;
      }
    },
    { error: 'is not a valid regular expression' },
  );

export const RuleCondition = z.discriminatedUnion('type', [
  z.object({ type: z.literal('tenant'), tenantIds: list }),
  z.object({ type: z.literal('minSeverity'), severity: Severity }),
  z.object({ type: z.literal('titleContains'), text: shortText }),
  z.object({ type: z.literal('titleMatches'), pattern: RulePattern }),
  /** MCAS policy id or policy name. */
  z.object({ type: z.literal('policy'), policies: list }),
  /** MCAS user groups (the alert's `groupTag` entities), by label. */
  z.object({ type: z.literal('groupTag'), groups: list }),
  /** Any affected user is in the project's named user list. */
  z.object({ type: z.literal('userList'), list: shortText }),
  z.object({ type: z.literal('minAbuseScore'), score: z.number().int().min(0).max(100) }),
  z.object({ type: z.literal('anyTor') }),
  /** ISO 3166 alpha-2 country codes. */
  z.object({
    type: z.literal('country'),
    countries: z
      .array(z.string().regex(/^[A-Za-z]{2}$/, 'must be a two-letter country code'))
      .min(1),
  }),
]);
export type RuleCondition = z.infer<typeof RuleCondition>;

/** How long an issue takes repeats when a rule does not say: a day, as issue 16 asks. */
export const DEFAULT_GROUP_WINDOW_HOURS = 24;
/** A week: an issue older than that is history, and its property must stay small. */
export const MAX_GROUP_WINDOW_HOURS = 168;

/**
 * - `titleAndUser`: same tenant, same alert title, same affected users.
 * - `incident`: same Defender incident (Graph tenants only; MCAS alerts have no incident id and
 *   are then grouped by title and user).
 */
export const GROUP_BY = ['titleAndUser', 'incident'] as const;
export const GroupRepeats = z
  .object({
    by: z.enum(GROUP_BY),
    windowHours: z.number().int().min(1).max(MAX_GROUP_WINDOW_HOURS).optional(),
  })
  .strict();
export type GroupRepeats = z.infer<typeof GroupRepeats>;

export const RuleActions = z
  .object({
    /** Jira priority name or id. */
    priority: shortText.optional(),
    category: NistCategory.optional(),
    subCategory: shortText.optional(),
    labels: z.array(z.string().regex(/^\S{1,255}$/, 'labels cannot contain spaces')).optional(),
    /** Atlassian account id. */
    assignee: shortText.optional(),
    /** Issue type name or id. */
    issueType: shortText.optional(),
    suppress: z.boolean().optional(),
    /** "Group repeats": a repeat of an open, recent issue becomes a comment on it (grouping.ts). */
    group: GroupRepeats.optional(),
  })
  .strict();
export type RuleActions = z.infer<typeof RuleActions>;

export const Rule = z
  .object({
    id: z.string().min(1).max(64),
    name: shortText,
    enabled: z.boolean(),
    conditions: z.array(RuleCondition).max(20),
    actions: RuleActions,
  })
  .strict();
export type Rule = z.infer<typeof Rule>;

/** A named list of e-mail addresses or whole domains ("example.com" or "@example.com"). */
export const UserList = z
  .object({
    name: shortText,
    entries: z.array(z.string().trim().min(1).max(320)).max(5000),
  })
  .strict();
export type UserList = z.infer<typeof UserList>;
