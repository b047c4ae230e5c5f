/**
 * The only runtime globals `src/core` may use beyond ES2022: the WHATWG `URL` and `TextEncoder`,
 * which Node, Forge's Node runtime and every browser the Custom UIs support all provide.
 * tsconfig.core.json type-checks core with no DOM and no Node types, so anything else (fetch,
 * Buffer, process, window) fails there. Declared as the members core reads, nothing more; in the
 * full build (DOM and Node types) these declarations merge with the real ones.
 */
/* eslint-disable no-var -- ambient globals are declared with `var`, as lib.dom.d.ts does */
// Writable, as in lib.dom.d.ts: interface merging keeps a `readonly` from either side, and the
// clients clear a URL's credentials (the Forge CLI's TypeScript 5.9 refuses that otherwise).
interface URL {
  host: string;
  hostname: string;
  password: string;
  pathname: string;
  protocol: string;
  username: string;
}
// The constructor's signature is lib.dom.d.ts's own: both declarations of the var must agree.
declare var URL: { prototype: URL; new (url: string | URL, base?: string | URL): URL };

interface TextEncoder {
  encode(input?: string): Uint8Array;
}
declare var TextEncoder: { prototype: TextEncoder; new (): TextEncoder };
