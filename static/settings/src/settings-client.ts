/** The settings page's typed client: the contract's schemas, with the server's URL rule mirrored. */
import type { ContractOptions } from '../../../src/contract/settings';
import { createSettingsContract, SETTINGS_RESOLVERS } from '../../../src/contract/settings';
import type { Client } from '../../shared/client';
import { createClient } from '../../shared/client';

export type SettingsClient = Client<ReturnType<typeof createSettingsContract>>;

export function createSettingsClient(options: ContractOptions = {}): SettingsClient {
  return createClient(createSettingsContract(options));
}

export const R = SETTINGS_RESOLVERS;
