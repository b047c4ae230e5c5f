/** Tenant views the settings page's resolvers answer with, as the UI tests feed them. */
import type { Overview } from '../../src/contract/settings';

/** Contoso EU: an MCAS tenant with an API token set, write-back off. */
export const CONTOSO_VIEW = {
  id: 'contoso',
  name: 'Contoso EU',
  source: 'mcas',
  url: 'https://contoso.eu2.portal.cloudappsecurity.com/',
  authMode: 'token',
  enabled: true,
  writeBack: false,
  token: { set: true, lastFour: 'a1b2' },
} satisfies Overview['tenants'][number];
