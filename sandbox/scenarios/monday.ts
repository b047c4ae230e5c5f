/**
 * "It's Monday, and you just started your work shift … you have 15 alerts across three different
 * tenants created on the weekend" (the original tool's README). The same Monday, as data: three
 * tenants, 15 alerts between 60 and 2 hours ago, public addresses shared between alerts (so
 * per-run de-duplication shows), one only in a description, private, CGNAT and IPv6 addresses,
 * and the Tor exit node of the original tool's screenshots.
 */
import type { AbuseIpdbCheckData, RawMcasAlert } from '../sim';
import type { AlertSpec, AlertUser } from './alert-shape';
import { AZURE, EXCHANGE, ONEDRIVE, mcasAlert } from './alert-shape';
import type { Scenario } from './seed';

const HOUR = 3_600_000;

export const MONDAY_TENANTS = [
  { id: 'contoso', name: 'Contoso EU', token: 'contoso-sandbox-token' },
  { id: 'fabrikam', name: 'Fabrikam US', token: 'fabrikam-sandbox-token' },
  { id: 'northwind', name: 'Northwind Traders', token: 'northwind-sandbox-token' },
];

export const TOR_EXIT_IP = '150.129.8.24';
export const IPV6_IN_TEXT = '2a03:2880:f12f:83:face:b00c:0:25de';

const adele: AlertUser = { name: 'Adele Vance', email: 'adele.vance@contoso.com' };
const megan: AlertUser = { name: 'Megan Bowen', email: 'megan.bowen@contoso.com' };
const diego: AlertUser = { name: 'Diego Siciliani', email: 'diego.siciliani@fabrikam.com' };
const lynne: AlertUser = { name: 'Lynne Robbins', email: 'lynne.robbins@fabrikam.com' };
const nestor: AlertUser = { name: 'Nestor Wilke', email: 'nestor.wilke@northwindtraders.com' };
const alex: AlertUser = { name: 'Alex Wilber', email: 'alex.wilber@northwindtraders.com' };

const NL = { code: 'NL', name: 'Netherlands' };
const US = { code: 'US', name: 'United States' };
const RU = { code: 'RU', name: 'Russia' };
const BR = { code: 'BR', name: 'Brazil' };

function userLink(tenant: string, user: AlertUser): string {
  return `<a href="https://${tenant}.portal.cloudappsecurity.com/#/users?userId=${encodeURIComponent(user.email)}">${user.name}</a>`;
}

type MondayAlert = Omit<AlertSpec, 'timestamp'> & { hoursAgo: number };

function specs(): MondayAlert[] {
  return [
    {
      tenantId: 'contoso',
      hoursAgo: 59.5,
      title: 'Impossible travel activity',
      severity: 1,
      users: [adele],
      ips: ['91.198.174.192', TOR_EXIT_IP],
      countries: [NL, US],
      description: `<p>The user ${userLink('contoso', adele)} performed activities from <b>Amsterdam, Netherlands</b> and <b>Seattle, United States</b> within 38 minutes.</p><p>IP addresses: 91.198.174.192, ${TOR_EXIT_IP}.</p>`,
    },
    {
      tenantId: 'contoso',
      hoursAgo: 51,
      title: 'Activity from a Tor IP address',
      severity: 2,
      users: [adele],
      ips: [TOR_EXIT_IP],
      countries: [NL],
      description: `<p>The user ${userLink('contoso', adele)} performed an activity from the Tor IP address ${TOR_EXIT_IP}. Tor is used to hide the origin of traffic &amp; is a common sign of a compromised account.</p>`,
    },
    {
      tenantId: 'contoso',
      hoursAgo: 40.25,
      title: 'Leaked credentials',
      severity: 2,
      users: [megan],
      groupTags: ['Staff', 'All Users'],
      description: `<p>The credentials of ${userLink('contoso', megan)} were found in a public leak. __siteIcon__ Reset the password and require multi-factor authentication.</p>`,
    },
    {
      tenantId: 'contoso',
      hoursAgo: 30,
      title: 'Suspicious inbox forwarding',
      severity: 1,
      users: [megan],
      ips: ['10.20.30.40'],
      service: EXCHANGE,
      description: `<p>${userLink('contoso', megan)} created an inbox rule that forwards all mail to <a href="mailto:invoices@mail-fwd.example">invoices@mail-fwd.example</a>. The rule was created from 194.165.16.11 through the internal relay 10.20.30.40.</p>`,
    },
    {
      tenantId: 'contoso',
      hoursAgo: 9,
      title: 'Mass download',
      severity: 0,
      users: [adele],
      ips: ['192.168.1.25'],
      service: ONEDRIVE,
      description: `<p>${userLink('contoso', adele)} downloaded 1,284 files from OneDrive for Business in 5 minutes.</p>`,
    },
    {
      tenantId: 'fabrikam',
      hoursAgo: 57,
      title: 'Multiple failed login attempts',
      severity: 1,
      users: [diego],
      ips: ['45.155.205.233'],
      countries: [RU],
      description: `<p>${userLink('fabrikam', diego)} had 47 failed sign-ins in 3 minutes from 45.155.205.233.</p>`,
    },
    {
      tenantId: 'fabrikam',
      hoursAgo: 46.5,
      title: 'Risky sign-in: anonymous IP address',
      severity: 2,
      users: [diego],
      ips: [TOR_EXIT_IP],
      description: `<p>Sign-in by ${userLink('fabrikam', diego)} from an anonymous IP address (${TOR_EXIT_IP}).</p>`,
    },
    {
      tenantId: 'fabrikam',
      hoursAgo: 33,
      title: 'Activity from infrequent country',
      severity: 0,
      users: [lynne],
      ips: ['177.54.144.10', '100.64.12.7'],
      countries: [BR],
      description: `<p>${userLink('fabrikam', lynne)} signed in from Brazil for the first time in 180 days, via the carrier network address 100.64.12.7.</p>`,
    },
    {
      tenantId: 'fabrikam',
      hoursAgo: 20,
      title: 'Ransomware activity',
      severity: 2,
      users: [lynne],
      ips: ['172.20.14.7'],
      service: ONEDRIVE,
      description: `<p>${userLink('fabrikam', lynne)} uploaded 312 files with the extension <code>.locky</code> and deleted the originals.</p>`,
    },
    {
      tenantId: 'fabrikam',
      hoursAgo: 4,
      title: 'Misleading OAuth app name',
      severity: 1,
      users: [diego],
      policyType: 'OAUTH_APP',
      description: `<p>The OAuth app "Micros0ft Teams Helper" consented by ${userLink('fabrikam', diego)} uses a name that resembles a Microsoft app. Its redirect host resolves to ${IPV6_IN_TEXT}.</p>`,
    },
    {
      tenantId: 'northwind',
      hoursAgo: 55,
      title: 'Unusual file share',
      severity: 0,
      users: [nestor],
      ips: ['45.155.205.233'],
      service: ONEDRIVE,
      description: `<p>${userLink('northwind', nestor)} shared 40 files with an external domain.</p>`,
    },
    {
      tenantId: 'northwind',
      hoursAgo: 43,
      title: 'Multiple delete VM activities',
      severity: 1,
      users: [{ name: 'null', email: 'svc-automation@northwindtraders.com' }],
      service: AZURE,
      sparse: true,
    },
    {
      tenantId: 'northwind',
      hoursAgo: 28,
      title: 'Suspicious inbox manipulation rule',
      severity: 1,
      users: [alex],
      ips: ['104.244.72.115'],
      service: EXCHANGE,
      description: `<p>${userLink('northwind', alex)} created a rule that moves messages containing "invoice" to <i>RSS Feeds</i>.</p>`,
    },
    {
      tenantId: 'northwind',
      hoursAgo: 14,
      title: 'Unusual administrative activity',
      severity: 2,
      users: [alex],
      ips: ['104.244.72.115', '5.188.206.18'],
      service: AZURE,
      description: `<p>${userLink('northwind', alex)} performed 23 administrative activities in 10 minutes, more than usual.</p>`,
    },
    {
      tenantId: 'northwind',
      hoursAgo: 2,
      title: 'Malware detected',
      severity: 2,
      users: [nestor],
      service: ONEDRIVE,
      policyType: 'FILE',
      description: `<p>Malware was detected in <a href="https://northwindtraders-my.sharepoint.com/personal/nestor/Documents/invoice.docm">invoice.docm</a> uploaded by ${userLink('northwind', nestor)}.</p>`,
    },
  ];
}

export const MONDAY_VERDICTS: Record<string, Partial<AbuseIpdbCheckData>> = {
  [TOR_EXIT_IP]: {
    abuseConfidenceScore: 100,
    totalReports: 261,
    numDistinctUsers: 98,
    countryCode: 'NL',
    countryName: 'Netherlands',
    usageType: 'Data Center/Web Hosting/Transit',
    isp: 'LiteServer Holding B.V.',
    domain: 'liteserver.nl',
    isTor: true,
  },
  '45.155.205.233': {
    abuseConfidenceScore: 87,
    totalReports: 1342,
    numDistinctUsers: 310,
    countryCode: 'RU',
    countryName: 'Russian Federation',
    usageType: 'Data Center/Web Hosting/Transit',
    isp: 'Partner LLC',
    domain: null,
    isTor: false,
  },
  '91.198.174.192': {
    abuseConfidenceScore: 0,
    totalReports: 0,
    numDistinctUsers: 0,
    countryCode: 'NL',
    countryName: 'Netherlands',
    usageType: 'Content Delivery Network',
    isp: 'Wikimedia Foundation Inc.',
    domain: 'wikimedia.org',
    isTor: false,
    lastReportedAt: null,
  },
};

/** Monday's alerts as specs, timed relative to `now`: the same alerts in MCAS or Graph shape. */
export function mondayAlertSpecs(now: number): AlertSpec[] {
  return specs().map(({ hoursAgo, ...spec }) => ({
    ...spec,
    timestamp: Math.round(now - hoursAgo * HOUR),
  }));
}

/**
 * Monday 09:30: Diego's failed logins again, while the weekend's issue is open. `npm start` adds
 * it after the first sync; the demo's "group repeats" rule makes it a comment on that issue, not
 * a 16th issue. Not part of `mondayScenario`, whose 15 alerts are 15 issues.
 */
export function mondayRepeat(now: number): { tenantId: string; alert: RawMcasAlert } {
  return {
    tenantId: 'fabrikam',
    alert: mcasAlert({
      tenantId: 'fabrikam',
      timestamp: Math.round(now - 0.5 * HOUR),
      title: 'Multiple failed login attempts',
      severity: 1,
      users: [diego],
      ips: ['45.155.205.233'],
      countries: [RU],
      description: `<p>${userLink('fabrikam', diego)} had 31 failed sign-ins in 2 minutes from 45.155.205.233.</p>`,
    }),
  };
}

export function mondayScenario(now: number): Scenario {
  const alertsByTenant: Record<string, RawMcasAlert[]> = {};
  for (const tenant of MONDAY_TENANTS) alertsByTenant[tenant.id] = [];
  for (const spec of mondayAlertSpecs(now)) alertsByTenant[spec.tenantId]?.push(mcasAlert(spec));
  return {
    tenants: MONDAY_TENANTS.map((tenant) => ({ ...tenant })),
    alertsByTenant,
    verdicts: structuredClone(MONDAY_VERDICTS),
  };
}
