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
