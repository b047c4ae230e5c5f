/**
 * What every settings section shares: the client, the latest overview, and one way to save the
 * project config with one section's part replaced.
 */
import { createContext, useContext } from 'react';
import type { Overview } from '../../../src/contract/settings';
import type { ConfigDraft } from './config/draft';
import type { SettingsClient } from './settings-client';

export interface SettingsContextValue {
  client: SettingsClient;
  overview: Overview;
  /** Reloads the overview (tenants, secret hints, stored config). */
  reload: () => Promise<void>;
  /**
   * Saves the stored config with `patch` applied. Resolves with the field errors (paths inside
   * the config, e.g. "fields.ip") when the config was refused, or an empty object when saved.
   */
  saveConfig: (patch: Partial<ConfigDraft>, what: string) => Promise<Record<string, string>>;
}

export const SettingsContext = createContext<SettingsContextValue | undefined>(undefined);

export function useSettings(): SettingsContextValue {
  const value = useContext(SettingsContext);
  if (value === undefined) throw new Error('useSettings outside the settings page');
  return value;
}
