/**
 * IP addresses: canonical form, special-purpose ranges and extraction from free text.
 *
 * AbuseIPDB answers for private and reserved addresses too and still charges the daily quota
 * (docs/reference/external-apis.md §3), so only public unicast addresses are ever looked up. ipaddr.js folds
 * documentation, benchmarking and IETF protocol ranges into "reserved" for IPv4 and reports
 * unallocated IPv6 space as "unicast", so the IANA special-purpose registries are applied here
 * first, most specific prefix first.
 */
import ipaddr from 'ipaddr.js';
import type { IpRange } from './model';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

const IPV4_DOTTED = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Decimal octets only: "01.2.3.4" is octal to some parsers and decimal to others, so refuse it. */
function isStrictDottedQuad(text: string): boolean {
  const match = IPV4_DOTTED.exec(text);
  if (!match) return false;
  return match
    .slice(1)
    .every((octet) => (octet === '0' || !octet.startsWith('0')) && Number(octet) <= 255);
}

function parseStrict(text: string): Address | undefined {
  const trimmed = text.trim();
  if (isStrictDottedQuad(trimmed)) return ipaddr.IPv4.parse(trimmed);
  if (!trimmed.includes(':')) return undefined;
  // A zone index ("fe80::1%eth0") names an interface on the reporting host, not the address.
  const withoutZone = trimmed.replace(/%[A-Za-z0-9_.-]+$/, '');
  if (!/^[0-9A-Fa-f:.]+$/.test(withoutZone)) return undefined;
  const hexOnly = embeddedV4AsHex(withoutZone);
  if (hexOnly === undefined || !ipaddr.IPv6.isValid(hexOnly)) return undefined;
  return ipaddr.IPv6.parse(hexOnly);
}

/**
 * Rewrites a trailing dotted quad ("64:ff9b::1.2.3.4") as two hex groups. ipaddr.js would read
 * "::1.2.3.4" as the IPv4-mapped "::ffff:1.2.3.4", and accepts octets with leading zeros.
 */
function embeddedV4AsHex(v6: string): string | undefined {
  const tail = /:([\d.]*\.[\d.]*)$/.exec(v6)?.[1];
  if (tail === undefined) return v6;
  if (!isStrictDottedQuad(tail)) return undefined;
  const [a = 0, b = 0, c = 0, d = 0] = tail.split('.').map(Number);
  const hex = `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  return v6.slice(0, v6.length - tail.length) + hex;
}

/**
 * The canonical text of an address: IPv4 dotted decimal, IPv6 compressed lower-case (RFC 5952),
 * and an IPv4-mapped IPv6 address as the IPv4 address it carries. Anything else is undefined.
 */
export function canonicalIp(text: string): string | undefined {
  const address = parseStrict(text);
  if (!address) return undefined;
  if (address.kind() === 'ipv6') {
    const v6 = address as ipaddr.IPv6;
    return v6.isIPv4MappedAddress() ? v6.toIPv4Address().toString() : v6.toRFC5952String();
  }
  return address.toString();
}

type Table = readonly (readonly [string, IpRange])[];

/** IANA IPv4 special-purpose registry (and multicast / class E), most specific first. */
const IPV4_SPECIAL: Table = [
  ['255.255.255.255/32', 'broadcast'],
  ['0.0.0.0/8', 'unspecified'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'carrierGradeNat'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'linkLocal'],
  ['172.16.0.0/12', 'private'],
  ['192.0.2.0/24', 'documentation'],
  // IETF protocol assignments (DS-Lite, NAT64 discovery, PCP and TURN anycast).
  ['192.0.0.0/24', 'reserved'],
  // AS112 and AMT anycast services: reachable, but never the source of an attack.
  ['192.31.196.0/24', 'other'],
  ['192.52.193.0/24', 'other'],
  // Deprecated 6to4 relay anycast (RFC 7526).
  ['192.88.99.0/24', 'other'],
  ['192.168.0.0/16', 'private'],
  ['192.175.48.0/24', 'other'],
  ['198.18.0.0/15', 'benchmarking'],
  ['198.51.100.0/24', 'documentation'],
  ['203.0.113.0/24', 'documentation'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved'],
];

/** IANA IPv6 special-purpose registry, most specific first; outside 2000::/3 nothing is public. */
const IPV6_SPECIAL: Table = [
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['::ffff:0:0/96', 'ipv4Mapped'],
  ['::ffff:0:0:0/96', 'translation'],
  ['64:ff9b::/96', 'translation'],
  ['64:ff9b:1::/48', 'translation'],
  ['100::/64', 'reserved'],
  ['2001:2::/48', 'benchmarking'],
  // Teredo tunnels an IPv4 client behind NAT: the outer address is not the actor.
  ['2001::/32', 'other'],
  ['2001:3::/32', 'other'],
  ['2001:4:112::/48', 'other'],
  ['2001:20::/28', 'other'],
  ['2001:30::/28', 'other'],
  ['2001::/23', 'reserved'],
  ['2001:db8::/32', 'documentation'],
  ['3fff::/20', 'documentation'],
  // 6to4 embeds an IPv4 address; the prefix itself says nothing about the actor.
  ['2002::/16', 'other'],
  ['2620:4f:8000::/48', 'other'],
  ['5f00::/16', 'reserved'],
  ['fc00::/7', 'uniqueLocal'],
  ['fe80::/10', 'linkLocal'],
  ['fec0::/10', 'reserved'],
  ['ff00::/8', 'multicast'],
];

function compile(table: Table): [ipaddr.IPv4 | ipaddr.IPv6, number, IpRange][] {
  return table.map(([cidr, range]) => {
    const [address, bits] = ipaddr.parseCIDR(cidr);
    return [address, bits, range];
  });
}

const V4_TABLE = compile(IPV4_SPECIAL);
const V6_TABLE = compile(IPV6_SPECIAL);
const V6_GLOBAL_UNICAST = ipaddr.parseCIDR('2000::/3');

/** The special-purpose range an address is in, or 'public'. Unparseable input is 'other'. */
export function classifyIp(ip: string): IpRange {
  const address = parseStrict(ip);
  if (!address) return 'other';
  const table = address.kind() === 'ipv4' ? V4_TABLE : V6_TABLE;
  for (const [network, bits, range] of table) {
    if (network.kind() === address.kind() && address.match(network, bits)) return range;
  }
  if (address.kind() === 'ipv6' && !address.match(V6_GLOBAL_UNICAST)) return 'reserved';
  return 'public';
}

/** Only public unicast addresses are worth an AbuseIPDB look-up. */
export function isLookupable(ip: string): boolean {
  return classifyIp(ip) === 'public';
}

/**
 * Maximal runs of IPv6 characters with at least one colon, not glued to a word. The lookahead
 * capture makes the run atomic so the engine cannot backtrack into a shorter, wrong address.
 */
const V6_RUN = /(?<![\w:.%])(?=([0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(?:%[A-Za-z0-9_.-]+)?))\1(?![\w%])/g;

/**
 * Dotted quads that are not part of a longer dotted or digit run: "1.2.3.4.5" is a version
 * number, "11.2.3.4" inside "111.2.3.4" is not an address.
 */
const V4_CANDIDATE =
  /(?<![A-Za-z0-9_]|[A-Za-z0-9_]\.)\d{1,3}(?:\.\d{1,3}){3}(?![A-Za-z0-9_]|\.\d)/g;

/** "00:1a:2b:3c:4d:5e:6f:70" is an EUI-64 / MAC string, not an IPv6 address anyone would write. */
function looksLikeHardwareAddress(run: string): boolean {
  return /^[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5,7}$/.test(run);
}

interface Found {
  index: number;
  end: number;
  ip: string;
}

function findV6(text: string): Found[] {
  const found: Found[] = [];
  for (const match of text.matchAll(V6_RUN)) {
    let run = match[1] ?? '';
    if (!/[0-9A-Fa-f]/.test(run) || (run.match(/:/g) ?? []).length < 2) continue;
    if (looksLikeHardwareAddress(run)) continue;
    let ip = canonicalIp(run);
    // Sentence punctuation or a "host:" separator can trail the address.
    while (ip === undefined && /[.:]$/.test(run)) {
      run = run.slice(0, -1);
      ip = canonicalIp(run);
    }
    if (ip !== undefined) found.push({ index: match.index, end: match.index + run.length, ip });
  }
  return found;
}

function findV4(text: string, taken: Found[]): Found[] {
  const found: Found[] = [];
  for (const match of text.matchAll(V4_CANDIDATE)) {
    const index = match.index;
    if (taken.some((span) => index >= span.index && index < span.end)) continue;
    const ip = canonicalIp(match[0]);
    if (ip !== undefined) found.push({ index, end: index + match[0].length, ip });
  }
  return found;
}

/**
 * Every IPv4 and IPv6 address in free text, validated and canonical, de-duplicated, in the order
 * they appear. Handles "[2001:db8::1]:443", "ip=10.0.0.1," and IPv6 with an embedded IPv4 part.
 */
export function extractIps(text: string): string[] {
  const v6 = findV6(text);
  const all = [...v6, ...findV4(text, v6)].sort((a, b) => a.index - b.index);
  return [...new Set(all.map((found) => found.ip))];
}
