/**
 * Settings resolvers that remove data: the project's AbuseIPDB key, and everything the app stores
 * for the project. Both are for project admins only, like every settings resolver.
 */
import { z } from 'zod';

export const DeleteAbuseIpdbKeyRequest = z.object({}).strict();
export const DeleteAbuseIpdbKeyResponse = z
  .object({ keyHint: z.object({ set: z.literal(false) }) })
  .strict();

/**
 * The admin types the project key to confirm (the dialog asks for it); a request that names any
 * other project is refused, so a stray call cannot purge the wrong project.
 */
export const PurgeProjectDataRequest = z
  .object({ confirmProjectKey: z.string().min(1).max(20) })
  .strict();
export const PurgeProjectDataResponse = z
  .object({ projectKey: z.string(), tenants: z.number().int(), entries: z.number().int() })
  .strict();
