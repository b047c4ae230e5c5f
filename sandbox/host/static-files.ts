/**
 * Serving a built Custom UI from disk: only files inside its build folder, with the content types
 * a browser needs for module scripts, and the bridge script put in front of `index.html`.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

export interface StaticFile {
  body: Buffer;
  contentType: string;
}

/**
 * The file at `relativePath` inside `buildDir` (`index.html` for the folder itself), or undefined
 * when it does not exist or the path tries to leave the folder.
 */
export async function readBuildFile(
  buildDir: string,
  relativePath: string,
  injectIntoHtml: string,
): Promise<StaticFile | undefined> {
  const root = path.resolve(buildDir);
  const wanted = path.resolve(root, `.${path.posix.normalize(`/${relativePath || 'index.html'}`)}`);
  if (wanted !== root && !wanted.startsWith(root + path.sep)) return undefined;
  let body: Buffer;
  try {
    body = await readFile(wanted);
  } catch {
    return undefined;
  }
  const extension = path.extname(wanted);
  if (extension === '.html') {
    const html = body.toString('utf8').replace('<head>', `<head>${injectIntoHtml}`);
    body = Buffer.from(html, 'utf8');
  }
  return { body, contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream' };
}
