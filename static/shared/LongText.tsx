/**
 * Text that may be long (a run's error) in a table cell: the first words inline, the whole text one
 * click away. A long last error used to widen its column until the others were squeezed to a word
 * per line (issue 14, finding 6); the cell is bounded and the full text stays readable.
 */
export const LONG_TEXT_PREVIEW = 80;

/** The first `limit` characters cut at a word, with "…" when something was cut. */
export function previewOf(text: string, limit = LONG_TEXT_PREVIEW): string {
  if (text.length <= limit) return text;
  const cut = text.slice(0, limit);
  const space = cut.lastIndexOf(' ');
  return `${(space > limit / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export function LongText({ text }: { text: string }) {
  const preview = previewOf(text);
  return (
    <div style={{ maxWidth: '32ch', overflowWrap: 'anywhere' }}>
      {preview === text ? (
        text
      ) : (
        <details>
          <summary>{preview}</summary>
          {text}
        </details>
      )}
    </div>
  );
}
