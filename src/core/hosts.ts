/**
 * Host rules, in one place: which hosts a secret may be sent to and which links the app presents
 * as Defender's own. A link or URL that reaches the app from an alert, an issue property or a
 * config file is checked here before it is followed, shown as a link or given a secret.
 */

/** MCAS portals and APIs: `<tenant>.<region>.portal.cloudappsecurity.com` (also without region). */
export function isMcasPortalHost(hostname: string): boolean {
  return /^([a-z0-9-]+\.)+portal\.cloudappsecurity\.com$/i.test(hostname);
}

/** Microsoft Graph; national clouds are not supported. */
export function isGraphHost(hostname: string): boolean {
  return hostname.toLowerCase() === 'graph.microsoft.com';
}

/** The Microsoft Defender portal, where Graph's `alertWebUrl` leads. */
export function isDefenderPortalHost(hostname: string): boolean {
  return hostname.toLowerCase() === 'security.microsoft.com';
}

/** Loopback names only the sandbox's simulators and an explicit `allowLoopback` may use. */
export function isLoopbackHost(hostname: string): boolean {
  return ['127.0.0.1', 'localhost', '[::1]'].includes(hostname.toLowerCase());
}

function parse(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/**
 * Whether `value` may be shown as "Open the alert" / "Open in Defender": https, no credentials,
 * on an MCAS portal or the Defender portal. Issue properties and descriptions can be edited by
 * anyone who can edit the issue, so anything else (a phishing page dressed as the alert) is shown
 * as text with a warning instead.
 */
export function isDefenderAlertLink(value: string): boolean {
  const url = parse(value);
  if (!url || url.protocol !== 'https:' || url.username || url.password) return false;
  return isMcasPortalHost(url.hostname) || isDefenderPortalHost(url.hostname);
}

/**
 * A URL a secret may be sent to: https and no credentials in it, or, with `allowLoopback` (the
 * sandbox's simulators, a local test), plain http on a loopback host. `isHost` narrows the https
 * hosts further (a tenant's token goes only to Microsoft); the CLI's own endpoints accept any
 * https host the operator configured.
 */
export function isSecretUrl(
  value: string,
  options: { allowLoopback?: boolean | undefined },
  isHost: (hostname: string) => boolean = () => true,
): boolean {
  const url = parse(value);
  if (!url || url.username || url.password) return false;
  if (options.allowLoopback && url.protocol === 'http:' && isLoopbackHost(url.hostname)) {
    return true;
  }
  return url.protocol === 'https:' && isHost(url.hostname);
}
