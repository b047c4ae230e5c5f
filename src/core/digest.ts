/**
 * A short digest of a text, for storage keys that must name something longer or not key-safe
 * (a repeat group, a Defender tenant). FNV-1a over the UTF-16 code units, twice with different
 * offsets, as 16 hex digits. Not a security boundary: the records keyed by it store what they
 * stand for, so a clash is detected, not trusted.
 */
export function digest64(value: string): string {
  const fnv = (seed: number) => {
    let hash = seed >>> 0;
    for (let index = 0; index < value.length; index += 1) {
      hash ^= value.charCodeAt(index);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash.toString(16).padStart(8, '0');
  };
  return fnv(0x811c9dc5) + fnv(0x050c5d1f);
}
