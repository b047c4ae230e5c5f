/**
 * A tenant's secret is bound to where it is sent. An API token goes to the tenant's API URL, so
 * it is bound to that URL (and source). An Entra app's client secret goes only to Entra's token
 * endpoint for its directory, with its client id (the API URL receives a short-lived token, never
 * the secret), so it is bound to the directory and client id. Change what a secret is bound to
 * and the saved secret is not sent to the new place; the admin gives it again. Shared by the settings use case (the field error) and the
 * settings page (which shows the secret field as required as soon as one of them changes).
 */
export const SECRET_REBIND_MESSAGE =
  'is required again: the URL, directory or client id changed, and a saved secret is only sent where it was given';

/** The parts of a tenant its secret is bound to. */
export interface SecretEndpoint {
  source: string;
  url: string;
  authMode: string;
  entraTenantId?: string | undefined;
  clientId?: string | undefined;
}

/** Whether the saved secret may go to `next`: nothing it is bound to has changed. */
export function secretStillBound(saved: SecretEndpoint | undefined, next: SecretEndpoint): boolean {
  if (saved === undefined) return false;
  const same = (a: string | undefined, b: string | undefined) =>
    (a ?? '').trim().toLowerCase() === (b ?? '').trim().toLowerCase();
  if (saved.authMode !== next.authMode) return false;
  if (next.authMode === 'entra') {
    return same(saved.entraTenantId, next.entraTenantId) && same(saved.clientId, next.clientId);
  }
  return saved.source === next.source && saved.url.trim() === next.url.trim();
}
