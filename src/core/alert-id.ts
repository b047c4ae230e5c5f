/**
 * The one alert-id rule. An alert id becomes part of storage keys (`alert:<project>:<tenant>:<id>`,
 * core/storage-keys.ts), so it must be a key-safe part; MCAS ids are 24 hex characters and Graph's
 * `providerAlertId` / `id` fit too. The literal "null" is what some exports write for a missing
 * id, so it is no id. Used by both normalisers and by the settings contract (retrying alerts).
 */
import { z } from 'zod';
import { KEY_PART_PATTERN } from './storage-keys';

export const AlertId = z
  .string()
  .regex(KEY_PART_PATTERN, 'is not an alert id')
  .refine((id) => id.toLowerCase() !== 'null', 'is not an alert id');
export type AlertId = z.infer<typeof AlertId>;
