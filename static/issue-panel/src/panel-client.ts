/** The issue panel's typed client on the panel contract. */
import { PANEL_RESOLVERS, panelContract } from '../../../src/contract/panel';
import type { Client } from '../../shared/client';
import { createClient } from '../../shared/client';

export type PanelClient = Client<typeof panelContract>;

export function createPanelClient(): PanelClient {
  return createClient(panelContract);
}

export const P = PANEL_RESOLVERS;
