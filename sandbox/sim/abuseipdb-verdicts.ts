/**
 * What the AbuseIPDB simulator says about an address when no test set a verdict: derived from a
 * hash of the address, so the same IP always gets the same answer in every run.
 */
import { createHash } from 'node:crypto';
import ipaddr from 'ipaddr.js';

export interface AbuseIpdbReport {
  reportedAt: string;
  comment: string;
  categories: number[];
  reporterId: number;
  reporterCountryCode: string;
  reporterCountryName: string;
}

/** `data` of `GET /api/v2/check`, with `verbose` fields present. */
export interface AbuseIpdbCheckData {
  ipAddress: string;
  isPublic: boolean;
  ipVersion: number;
  isWhitelisted: boolean | null;
  abuseConfidenceScore: number;
  countryCode: string | null;
  countryName: string | null;
  usageType: string | null;
  isp: string | null;
  domain: string | null;
  hostnames: string[];
  isTor: boolean;
  totalReports: number;
  numDistinctUsers: number;
  lastReportedAt: string | null;
  reports: AbuseIpdbReport[];
}

const COUNTRIES: [string, string][] = [
  ['US', 'United States of America'],
  ['NL', 'Netherlands'],
  ['DE', 'Germany'],
  ['CN', 'China'],
  ['RU', 'Russian Federation'],
  ['BR', 'Brazil'],
  ['IN', 'India'],
  ['FR', 'France'],
  ['GB', 'United Kingdom of Great Britain and Northern Ireland'],
  ['VN', 'Viet Nam'],
];

const NETWORKS: { usageType: string; isp: string; domain: string | null }[] = [
  {
    usageType: 'Data Center/Web Hosting/Transit',
    isp: 'DigitalOcean LLC',
    domain: 'digitalocean.com',
  },
  { usageType: 'Data Center/Web Hosting/Transit', isp: 'OVH SAS', domain: 'ovh.net' },
  { usageType: 'Fixed Line ISP', isp: 'Deutsche Telekom AG', domain: 'telekom.de' },
  { usageType: 'Mobile ISP', isp: 'Vodafone Group', domain: 'vodafone.com' },
  { usageType: 'Commercial', isp: 'Contoso Networks', domain: null },
  { usageType: 'Fixed Line ISP', isp: 'Comcast Cable Communications', domain: 'comcast.net' },
];

const REPORT_COMMENTS = [
  'SSH brute force attempt',
  'Port scan detected on multiple ports',
  'Repeated failed logins against Office 365',
  'Web application attack: path traversal',
  'Phishing site hosting',
];

/** AbuseIPDB answers private and reserved addresses too (payloads/abuseipdb-check-private-ip.json). */
export function isPublicAddress(ip: string): boolean {
  return ipaddr.parse(ip).range() === 'unicast';
}

/** `2019-03-21T16:35:16+00:00`, the way AbuseIPDB writes times. */
export function abuseIpdbTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', '+00:00');
}

function hashBytes(ip: string): Buffer {
  return createHash('sha256').update(ip).digest();
}

function privateAnswer(ip: string, version: number): AbuseIpdbCheckData {
  return {
    ipAddress: ip,
    isPublic: false,
    ipVersion: version,
    isWhitelisted: false,
    abuseConfidenceScore: 0,
    countryCode: null,
    countryName: null,
    usageType: 'Reserved',
    isp: 'Private IP Address LAN',
    domain: null,
    hostnames: [],
    isTor: false,
    totalReports: 0,
    numDistinctUsers: 0,
    lastReportedAt: null,
    reports: [],
  };
}

export function derivedVerdict(ip: string, now: number): AbuseIpdbCheckData {
  const parsed = ipaddr.parse(ip);
  const version = parsed.kind() === 'ipv4' ? 4 : 6;
  if (!isPublicAddress(ip)) return privateAnswer(ip, version);
  const bytes = hashBytes(ip);
  const byte = (index: number) => bytes[index] ?? 0;
  // Most addresses are clean; about a third are reported, a few of those heavily.
  const reported = byte(0) % 3 === 0;
  const totalReports = reported ? 1 + ((byte(1) * 7 + byte(2)) % 400) : 0;
  const numDistinctUsers = reported ? 1 + (byte(3) % Math.min(totalReports, 120)) : 0;
  const abuseConfidenceScore = reported ? Math.min(100, 10 + (byte(4) % 91)) : 0;
  const [countryCode, countryName] = COUNTRIES[byte(5) % COUNTRIES.length] ?? [
    'US',
    'United States',
  ];
  const network = NETWORKS[byte(6) % NETWORKS.length] ?? NETWORKS[0];
  const lastReportedMs = now - (1 + (byte(7) % 240)) * 3_600_000;
  const reports: AbuseIpdbReport[] = Array.from({ length: Math.min(totalReports, 3) }, (_, i) => ({
    reportedAt: abuseIpdbTime(lastReportedMs - i * 86_400_000),
    comment: REPORT_COMMENTS[(byte(8) + i) % REPORT_COMMENTS.length] ?? 'Abusive activity',
    categories: [18, 22].slice(0, 1 + ((byte(9) + i) % 2)),
    reporterId: 1000 + byte(10) * 10 + i,
    reporterCountryCode: 'US',
    reporterCountryName: 'United States of America',
  }));
  return {
    ipAddress: parsed.toString(),
    isPublic: true,
    ipVersion: version,
    isWhitelisted: false,
    abuseConfidenceScore,
    countryCode,
    countryName,
    usageType: network?.usageType ?? null,
    isp: network?.isp ?? null,
    domain: network?.domain ?? null,
    hostnames: [],
    isTor: abuseConfidenceScore >= 90 && byte(11) % 4 === 0,
    totalReports,
    numDistinctUsers,
    lastReportedAt: reported ? abuseIpdbTime(lastReportedMs) : null,
    reports,
  };
}
