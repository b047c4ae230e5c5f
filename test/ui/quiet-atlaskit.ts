/**
 * Atlaskit components ask `fg(flag)` on nearly every render. Outside Jira no flag resolver is
 * installed, so each call asks the uninitialised feature-gate client, which throws, catches and
 * answers false: in a typing-heavy UI test that was about half a second of stack traces. The
 * platform-feature-flags package reads its resolver from this documented global; answering false
 * here gives every flag the value it had, without the throw. Set before any Atlaskit module loads.
 */
if (typeof window !== 'undefined') {
  Object.assign(window, { __PLATFORM_FEATURE_FLAGS__: { booleanResolver: () => false } });
}

/**
 * Outside Jira, Atlaskit's feature-gate client is never initialised and says so once per test
 * file, and one Atlaskit component still uses `defaultProps`. Both are known and harmless; they
 * are dropped here so that a real warning in a UI test stands out. Nothing else is filtered.
 */
const KNOWN = [
  'An error has occurred checking the feature gate',
  'Support for defaultProps will be removed from function components',
];

function isKnown(args: unknown[]): boolean {
  return args.some((arg) => {
    const text = typeof arg === 'string' ? arg : (JSON.stringify(arg ?? '') ?? '');
    return KNOWN.some((known) => text.includes(known));
  });
}

for (const level of ['warn', 'error'] as const) {
  const original = console[level].bind(console);
  console[level] = (...args: unknown[]) => {
    if (!isKnown(args)) original(...args);
  };
}
