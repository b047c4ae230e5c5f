/**
 * The content security policy the local host page serves the built UIs with, as a real response
 * header, so every browser test runs under the rules Jira applies to Custom UI. Forge serves
 * Custom UI resources with a policy that allows scripts only from the app's own origin (no inline
 * script, no eval: `script-src 'self'`) and styles from the app's origin, plus inline styles only
 * when the manifest asks for them (`permissions.content.styles: [unsafe-inline]`, which ours does
 * because Atlaskit injects its styles at run time). Resolver calls go through the bridge, so the
 * page itself connects to its own origin only.
 */
export const CUSTOM_UI_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
].join('; ');
