/**
 * One raw MCAS alert (docs/reference/external-apis.md §1) → the `Alert` the rest of the app relies on.
 *
 * Real alerts carry surprises — "null" as a string, entities with missing fields, HTML
 * artefacts — so everything except the id and the timestamp is parsed tolerantly: a bad optional
 * field is dropped (with a warning where it is worth one), never a reason to lose the alert.
 */
import { z } from 'zod';
import { AlertId } from './alert-id';
import { htmlToText, tidyText } from './html-text';
import { keepParsable } from './tolerant-list';
import { canonicalIp, extractIps } from './ip';
import { SEVERITY_BY_MCAS_VALUE, type Alert, type Severity } from './model';
import { extractEmails, isEmailAddress, usableUserValue } from './users';

export type NormaliseResult =
  { ok: true; alert: Alert; warnings: string[] } | { ok: false; alertId?: string; reason: string };

const EpochMs = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/**
 * An alert's `timestamp` as Unix ms. MCAS documents a number, but answers relayed by proxies and
 * exports have carried it as a string, either the number itself ("1736071200000") or ISO 8601:
 * both are the same instant, and an alert must not be dropped as "has no timestamp" for it. An
 * ISO time without a zone is taken as UTC, as MCAS times are.
 */
export function mcasTimestamp(value: unknown): number | undefined {
  let ms: number | undefined;
  if (typeof value === 'number') ms = value;
  else if (typeof value === 'string') {
    const text = value.trim();
    if (/^\d{1,16}(\.\d+)?$/.test(text)) ms = Math.floor(Number(text));
    else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text)) {
      const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(text) ? text : `${text}Z`;
      ms = Date.parse(zoned);
    }
  }
  const parsed = EpochMs.safeParse(ms);
  return parsed.success ? parsed.data : undefined;
}

/** A string MCAS may also send as "null", "" or a number (service and policy ids). */
const Text = z
  .union([z.string(), z.number().transform(String)])
  .transform((value) => value.trim())
  .transform((value) => (value === '' || value.toLowerCase() === 'null' ? undefined : value))
  .optional()
  .catch(undefined);

const Entity = z.looseObject({
  type: z.string(),
  id: Text,
  label: Text,
  em: Text,
  pa: Text,
});
type Entity = z.infer<typeof Entity>;

const Policy = z.looseObject({ id: Text, label: Text });

// zod 4 treats a key whose schema is `z.unknown()` as required: `.optional()` lets an alert that
// lacks the key reach the checks below, which say what is missing.
const RawAlert = z.looseObject({
  _id: z.unknown().optional(),
  timestamp: z.unknown().optional(),
  title: Text,
  description: Text,
  isMarkdown: z.boolean().optional().catch(undefined),
  URL: Text,
  severityValue: z.unknown().optional(),
  resolutionStatusValue: z.number().int().min(0).max(5).optional().catch(undefined),
  policy: Policy.optional().catch(undefined),
  entities: z.array(z.unknown()).optional().catch(undefined),
});

const UNTITLED = 'Untitled MCAS alert';

export function httpsUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    return new URL(value).protocol === 'https:' ? value : undefined;
  } catch {
    return undefined;
  }
}

function severityOf(value: unknown): Severity | undefined {
  return typeof value === 'number' ? SEVERITY_BY_MCAS_VALUE[value] : undefined;
}

export function unique(values: (string | undefined)[]): string[] {
  return [...new Set(values.filter((value): value is string => value !== undefined))];
}

function usersOf(entities: Entity[], texts: string[]): string[] {
  const fromEntities = entities.flatMap((entity) => {
    if (entity.type === 'account') return [entity.em, entity.pa];
    if (entity.type === 'user') {
      const idIsEmail = entity.id !== undefined && isEmailAddress(entity.id);
      return [entity.em, entity.pa, idIsEmail ? entity.id : undefined];
    }
    return [];
  });
  return unique([
    ...fromEntities.map(usableUserValue),
    ...texts.flatMap((text) => extractEmails(text)),
  ]);
}

/** Normalises one raw MCAS alert for a tenant; `ok: false` says why the alert cannot be used. */
export function normaliseMcasAlert(raw: unknown, tenantId: string): NormaliseResult {
  const parsed = RawAlert.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: 'alert is not an object' };
  const source = parsed.data;

  const id = AlertId.safeParse(source._id);
  if (!id.success) return { ok: false, reason: 'alert has no usable id' };
  const alertId = id.data;
  const timestamp = mcasTimestamp(source.timestamp);
  if (timestamp === undefined) {
    return { ok: false, alertId, reason: `alert ${alertId} has no timestamp` };
  }

  const warnings: string[] = [];
  let severity = severityOf(source.severityValue);
  if (severity === undefined) {
    warnings.push(
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- JSON.stringify gives undefined for undefined or a function; lib.d.ts says string.
      `alert ${alertId} has no valid severityValue (${JSON.stringify(source.severityValue) ?? 'missing'}); using medium`,
    );
    severity = 'medium';
  }

  const url = httpsUrl(source.URL);
  if (source.URL !== undefined && url === undefined) {
    warnings.push(`alert ${alertId} has a portal URL that is not https; it was dropped`);
  }

  const { items: entities, skipped } = keepParsable(Entity, source.entities);
  if (skipped > 0) warnings.push(`alert ${alertId}: skipped ${skipped} malformed entities`);

  const title = tidyText(source.title ?? '') || UNTITLED;
  const rawDescription = source.description ?? '';
  const description =
    source.isMarkdown === true ? tidyText(rawDescription) : htmlToText(rawDescription);

  const policyRule = entities.find((entity) => entity.type === 'policyRule');
  const policyId = source.policy?.id ?? policyRule?.id;
  const policyLabel = source.policy?.label ?? policyRule?.label ?? policyId;
  const policy =
    policyId !== undefined && policyLabel !== undefined
      ? { id: policyId, label: policyLabel }
      : undefined;

  const entityIps = entities
    .filter((entity) => entity.type === 'ip')
    .map((entity) => {
      const ip = canonicalIp(entity.id ?? '') ?? canonicalIp(entity.label ?? '');
      if (ip === undefined) {
        warnings.push(
          `alert ${alertId}: ip entity ${JSON.stringify(entity.id ?? entity.label ?? null)} is not an IP address`,
        );
      }
      return ip;
    });
  const ips = unique([...entityIps, ...extractIps(title), ...extractIps(description)]);

  const groupTags = unique(
    entities.filter((entity) => entity.type === 'groupTag').map((entity) => entity.label),
  );

  const alert: Alert = {
    id: alertId,
    tenantId,
    timestamp,
    title,
    description,
    ...(url !== undefined && { url }),
    severity,
    ...(source.resolutionStatusValue !== undefined && {
      resolutionStatus: source.resolutionStatusValue,
    }),
    ...(policy !== undefined && { policy }),
    users: usersOf(entities, [title, description]),
    groupTags,
    ips,
  };
  return { ok: true, alert, warnings };
}
