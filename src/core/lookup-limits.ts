/**
 * How much of a project's AbuseIPDB quota one alert or one panel call may spend. AbuseIPDB's free
 * plan answers 1,000 checks a day (and `check` counts each address), so these bounds keep one
 * noisy alert or one impatient analyst from spending a project's day.
 */

/** Public addresses looked up per alert by the sync; the rest are listed as not checked. */
export const LOOKUPS_PER_ALERT = 20;

/** Addresses one "Re-check" or "Look up" call in the issue panel may send to AbuseIPDB. */
export const PANEL_LOOKUPS_PER_CALL = 20;

/** How long an issue waits between two panel look-ups (KVS key with this TTL). */
export const PANEL_COOLDOWN_SECONDS = 60;
