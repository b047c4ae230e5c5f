/** Shapes both UI surfaces use: secret hints, AbuseIPDB quota, IP findings. */
import { z } from 'zod';

/** What the UI may know about a stored secret: whether it is set and maybe its last 4 characters. */
export const SecretHintView = z
  .object({ set: z.boolean(), lastFour: z.string().max(4).optional() })
  .strict();
export type SecretHintView = z.infer<typeof SecretHintView>;

/**
 * The AbuseIPDB daily quota as its X-RateLimit-* headers last reported it. `null` when no call
 * has been answered yet in this request.
 */
export const QuotaView = z
  .object({
    limit: z.number().int().nonnegative().nullable(),
    remaining: z.number().int().nonnegative().nullable(),
    /** Unix ms of the next reset (AbuseIPDB resets daily at midnight UTC). */
    resetsAt: z.number().int().nullable(),
  })
  .strict();
export type QuotaView = z.infer<typeof QuotaView>;

/** An IP address as typed by a user or found in an issue; the server re-validates it. */
export const IpAddressInput = z.string().trim().min(2).max(64);
