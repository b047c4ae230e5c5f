/**
 * A URL that wraps only between its parts: after "/" and before "." (as typographers break URLs),
 * never inside a word. `word-break: break-all` cut "cloudappsecurity" in two (issue 14, finding 6).
 */
import { Fragment } from 'react';

/** The URL cut where a line may break: after each "/" and before each ".". */
export function urlParts(url: string): string[] {
  return url.split(/(?<=\/)(?!\/)|(?=\.)/).filter((part) => part !== '');
}

export function BreakableUrl({ url }: { url: string }) {
  return (
    <code style={{ overflowWrap: 'normal', wordBreak: 'normal' }}>
      {urlParts(url).map((part, index) => (
        <Fragment key={index}>
          {index > 0 ? <wbr /> : null}
          {part}
        </Fragment>
      ))}
    </code>
  );
}
