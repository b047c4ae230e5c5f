/**
 * The clients' error messages advise where to fix things as seen from a sync run ("save it in
 * the tenant settings"). A connection or key test runs in the very dialog or tab that advice
 * points to, so its result says "here" instead, and names a tenant that is not saved yet as such
 * rather than by a placeholder name.
 */

/** The name a tenant being added goes by in a connection test, until it is saved. */
export const UNSAVED_TENANT_NAME = 'new tenant';

const TENANT_DIALOG: Array<[RegExp, string]> = [
  [/MCAS tenant "new tenant"/g, 'The MCAS tenant'],
  [/ for tenant "new tenant"/g, ' for this tenant'],
  [/ and save it in the tenant settings\./g, ', paste it here and test again.'],
  [/Paste the token again in the tenant settings\./g, 'Paste the token again here and test again.'],
  [/ Add them in the project settings\./g, ' Fill them in here and test again.'],
  [/ in the tenant settings\./g, ' here.'],
  [/ in the project settings\./g, ' here.'],
];

const KEY_TAB: Array<[RegExp, string]> = [
  [
    / Set a valid v2 key \(the v1 key differs\) in the project settings\./g,
    ' Paste a valid v2 key (the v1 key differs) above, save it and test again.',
  ],
  [/ in the project settings\./g, ' above.'],
];

function rewrite(message: string, rules: Array<[RegExp, string]>): string {
  return rules.reduce(
    (text, [pattern, replacement]) => text.replace(pattern, replacement),
    message,
  );
}

export function tenantDialogAdvice(message: string): string {
  return rewrite(message, TENANT_DIALOG);
}

export function abuseIpdbTabAdvice(message: string): string {
  return rewrite(message, KEY_TAB);
}
