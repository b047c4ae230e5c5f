import { adfToText } from '../../src/core/adf';
import { buildDescription } from '../../src/core/issue-description';
import { ENRICHMENT_MAX_BYTES } from '../../src/core/enrichment-property';
import {
  buildIssueCreate,
  reportedIpsFieldValue,
  severityLabel,
  tenantLabel,
  type IssuePayloadInput,
} from '../../src/core/issue-payload';
import type { JiraTarget } from '../../src/core/config';
import { FIELD_MAP_KEYS } from '../../src/core/config';
import { AlertProperty, EnrichmentProperty, type IpFinding } from '../../src/core/model';
import { normaliseMcasAlert } from '../../src/core/normalise-mcas';
import { alert, publicFinding, target, triage, verdict } from './fixtures/domain';
import { payload } from './fixtures/mcas';

const SENTENCE =
  'The IP 150.129.8.24 was reported 261 times within 90 days — Country: NL — Usage type: Data Center/Web Hosting/Transit — ISP: LiteServer Holding B.V. — Abuse confidence: 100%';

const FINDINGS: IpFinding[] = [publicFinding(), { ip: '10.0.0.5', range: 'private' }];

function input(overrides: Partial<IssuePayloadInput> = {}): IssuePayloadInput {
  return {
    alert: alert(),
    findings: FINDINGS,
    target: target(),
    triage: triage(),
    tenantName: 'Contoso',
    ...overrides,
  };
}

function allFields(kind: 'string' | 'adf'): JiraTarget['fields'] {
  // Every alert value except the category, which goes to a select field.
  const keys = FIELD_MAP_KEYS.filter((key) => key !== 'category');
  return Object.fromEntries(
    keys.map((key, index) => [key, { id: `customfield_1005${index}`, kind, name: key }]),
  );
}

function property(issue: ReturnType<typeof buildIssueCreate>, key: string): unknown {
  return issue.properties?.find((p) => p.key === key)?.value;
}

describe('buildIssueCreate', () => {
  it('sets project, issue type, summary, priority from the severity map, labels and properties', () => {
    const issue = buildIssueCreate(input());
    expect(issue.fields).toMatchObject({
      project: { id: '10000' },
      issuetype: { id: '10001' },
      summary: 'Impossible travel activity',
      priority: { id: '2' },
      labels: ['mcas', 'mcas-tenant-contoso', 'mcas-severity-high'],
    });
    expect(issue.fields.assignee).toBeUndefined();
    expect(AlertProperty.parse(property(issue, 'mcas.alert'))).toEqual({
      alertId: '603f704aaf7417985bbf3b22',
      tenantId: 'contoso',
      severity: 'high',
      timestamp: 1621941916475,
      // The report aliases: mcasUser, mcasIp, mcasAbuseScore, mcasAlertTime.
      users: ['jane@contoso.com'],
      ips: ['150.129.8.24'],
      maxAbuseScore: 100,
      alertTime: '2021-05-25T11:25:16.475Z',
    });
    expect(EnrichmentProperty.parse(property(issue, 'mcas.enrichment'))).toEqual({
      tenantName: 'Contoso',
      alertUrl: 'https://contoso.portal.cloudappsecurity.com/#/alerts/603f704aaf7417985bbf3b22',
      users: ['jane@contoso.com'],
      findings: FINDINGS,
    });
  });

  it('links an alert read through Graph to the Defender portal, in words that say so', () => {
    const url =
      'https://security.microsoft.com/alerts/ca123?tid=0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5';
    const issue = buildIssueCreate(input({ alert: alert({ url }) }));
    expect(adfToText(issue.fields.description)).toContain('- Alert: Open in Microsoft Defender\n');
    expect(JSON.stringify(issue.fields.description)).toContain(JSON.stringify(url));
  });

  it('trims the summary to 255 characters with an ellipsis, on one line', () => {
    const title = `Alert\n${'x'.repeat(300)}`;
    const summary = buildIssueCreate(input({ alert: alert({ title }) })).fields.summary as string;
    expect(summary).toHaveLength(255);
    expect(summary.startsWith('Alert x')).toBe(true);
    expect(summary.endsWith('…')).toBe(true);
  });

  it('writes the description: alert text, details, IP verdicts linked to AbuseIPDB, triage', () => {
    const issue = buildIssueCreate(
      input({
        triage: triage({
          category: { value: 'compromised-user', rule: 'Staff' },
          explanations: ["rule 'Staff' set priority Highest, category Compromised user"],
        }),
      }),
    );
    expect(property(issue, 'mcas.alert')).toMatchObject({ category: 'compromised-user' });
    const text = adfToText(issue.fields.description);
    expect(text).toBe(
      [
        'User jane@contoso.com signed in from 150.129.8.24 and 10.0.0.5.',
        'Details',
        '- Alert: Open in Defender for Cloud Apps\n- Tenant: Contoso\n- Severity: High\n- Time: 2021-05-25T11:25:16.475Z\n- Policy: Impossible travel\n- Affected users: jane@contoso.com\n- User groups: Staff',
        'IP addresses',
        `- ${SENTENCE}\n- The IP 10.0.0.5 is in a private range and was not looked up.`,
        "Triage: rule 'Staff' set priority Highest, category Compromised user",
      ].join('\n\n'),
    );
    const json = JSON.stringify(issue.fields.description);
    expect(json).toContain(
      '{"type":"text","text":"150.129.8.24","marks":[{"type":"link","attrs":{"href":"https://www.abuseipdb.com/check/150.129.8.24"}}]}',
    );
    expect(json).toContain(
      '"marks":[{"type":"link","attrs":{"href":"https://contoso.portal.cloudappsecurity.com/#/alerts/603f704aaf7417985bbf3b22"}}]',
    );
    expect(json).not.toContain('abuseipdb.com/check/10.0.0.5');
  });

  it('lists an alert address that has no finding yet by its range', () => {
    const issue = buildIssueCreate(input({ findings: [] }));
    expect(adfToText(issue.fields.description)).toContain(
      'The IP 10.0.0.5 is in a private range and was not looked up.',
    );
  });

  it('leaves every custom field out when none is mapped', () => {
    const fields = Object.keys(buildIssueCreate(input()).fields);
    expect(fields.sort()).toEqual(
      ['description', 'issuetype', 'labels', 'priority', 'project', 'summary'].sort(),
    );
  });

  it('writes plain strings into single-line fields, truncated to 255', () => {
    const long = alert({ description: 'd'.repeat(400) });
    const { fields } = buildIssueCreate(
      input({ alert: long, target: target({ fields: allFields('string') }) }),
    );
    expect(fields).toMatchObject({
      customfield_10050:
        'https://contoso.portal.cloudappsecurity.com/#/alerts/603f704aaf7417985bbf3b22',
      customfield_10051: 'Impossible travel activity',
      customfield_10053: 'jane@contoso.com',
      customfield_10054: '150.129.8.24, 10.0.0.5',
    });
    expect(fields.customfield_10052).toBe(`${'d'.repeat(254)}…`);
    expect(fields.customfield_10055).toBe(
      `${SENTENCE}; The IP 10.0.0.5 is in a private range and was not looked up`,
    );
    const threeIps = buildIssueCreate(
      input({
        findings: [...FINDINGS, { ip: '192.0.2.1', range: 'documentation' }],
        target: target({ fields: allFields('string') }),
      }),
    ).fields.customfield_10055 as string;
    expect(threeIps).toHaveLength(255);
    expect(threeIps.endsWith('…')).toBe(true);
  });

  it('writes ADF into multi-line fields', () => {
    const { fields } = buildIssueCreate(input({ target: target({ fields: allFields('adf') }) }));
    expect(fields.customfield_10051).toEqual({
      type: 'doc',
      version: 1,
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'Impossible travel activity' }] },
      ],
    });
    expect(adfToText(fields.customfield_10055)).toBe(
      `${SENTENCE}\nThe IP 10.0.0.5 is in a private range and was not looked up.`,
    );
    expect(JSON.stringify(fields.customfield_10050)).toContain('"type":"link"');
  });

  it('skips a mapped field whose value is empty', () => {
    const { fields } = buildIssueCreate(
      input({
        alert: alert({ url: undefined, users: [], ips: [] }),
        findings: [],
        target: target({ fields: allFields('string') }),
      }),
    );
    for (const id of [
      'customfield_10050',
      'customfield_10053',
      'customfield_10054',
      'customfield_10055',
    ]) {
      expect(fields).not.toHaveProperty(id);
    }
    expect(fields).toHaveProperty('customfield_10051');
  });

  it('writes the category as a select option when mapped, else as a nist- label', () => {
    const categorised = triage({ category: { value: 'compromised-user', rule: 'Staff' } });
    const mapped = buildIssueCreate(
      input({
        triage: categorised,
        target: target({
          fields: { category: { id: 'customfield_10060', kind: 'option', name: 'Category' } },
        }),
      }),
    ).fields;
    expect(mapped.customfield_10060).toEqual({ value: 'Compromised user' });
    expect(mapped.labels).not.toContain('nist-compromised-user');

    const unmapped = buildIssueCreate(input({ triage: categorised })).fields;
    expect(unmapped.labels).toContain('nist-compromised-user');

    const noCategory = buildIssueCreate(
      input({
        target: target({
          fields: { category: { id: 'customfield_10060', kind: 'option', name: 'Category' } },
        }),
      }),
    ).fields;
    expect(noCategory).not.toHaveProperty('customfield_10060');
  });

  it('writes user and IP lists into labels fields, and adds to the system labels field', () => {
    const { fields } = buildIssueCreate(
      input({
        alert: alert({ users: ['jane@contoso.com', 'Bob Smith'] }),
        target: target({
          fields: {
            affectedUser: { id: 'customfield_10070', kind: 'labels', name: 'Users' },
            ip: { id: 'labels', kind: 'labels', name: 'Labels' },
            alertSummary: { id: 'summary', kind: 'string', name: 'Summary' },
          },
        }),
      }),
    );
    expect(fields.customfield_10070).toEqual(['jane@contoso.com', 'Bob-Smith']);
    expect(fields.labels).toEqual([
      'mcas',
      'mcas-tenant-contoso',
      'mcas-severity-high',
      '150.129.8.24',
      '10.0.0.5',
    ]);
    expect(fields.summary).toBe('Impossible travel activity');
  });

  it('lets a triage rule override the priority and the issue type, and assign', () => {
    const { fields } = buildIssueCreate(
      input({
        triage: triage({
          priority: { value: 'Highest', rule: 'Staff' },
          issueType: { value: 'Incident', rule: 'Staff' },
          assignee: { value: '5b10ac8d82e05b22cc7d4ef5', rule: 'Staff' },
          labels: ['leaked credentials', 'mcas'],
        }),
      }),
    );
    expect(fields.priority).toEqual({ id: '1' });
    expect(fields.issuetype).toEqual({ id: '10002' });
    expect(fields.assignee).toEqual({ accountId: '5b10ac8d82e05b22cc7d4ef5' });
    expect(fields.labels).toEqual([
      'mcas',
      'mcas-tenant-contoso',
      'mcas-severity-high',
      'leaked-credentials',
    ]);
  });

  it('never sends a priority or issue type Jira does not know', () => {
    const unknownRule = buildIssueCreate(
      input({
        triage: triage({
          priority: { value: 'Urgent!!', rule: 'r' },
          issueType: { value: 'Nope', rule: 'r' },
        }),
      }),
    ).fields;
    expect(unknownRule).not.toHaveProperty('priority');
    expect(unknownRule.issuetype).toEqual({ id: '10001' });

    const unmappedSeverity = buildIssueCreate(input({ alert: alert({ severity: 'low' }) })).fields;
    expect(unmappedSeverity).not.toHaveProperty('priority');

    const byId = buildIssueCreate(input({ target: target({ priorities: { high: '3' } }) })).fields;
    expect(byId.priority).toEqual({ id: '3' });
  });

  it('keeps the enrichment property well under 32 KB for an alert with many addresses', () => {
    const findings = Array.from({ length: 400 }, (_, i) =>
      publicFinding({
        ip: `150.129.${Math.floor(i / 250)}.${i % 250}`,
        isp: 'A very long ISP name '.repeat(10),
        countryName: 'The Kingdom of the Netherlands',
      }),
    );
    const many = alert({ ips: findings.map((f) => f.ip) });
    const issue = buildIssueCreate(input({ alert: many, findings }));
    const enrichment = EnrichmentProperty.parse(property(issue, 'mcas.enrichment'));
    const bytes = new TextEncoder().encode(JSON.stringify(enrichment)).length;
    expect(bytes).toBeLessThanOrEqual(ENRICHMENT_MAX_BYTES);
    expect(enrichment.findings.length).toBeGreaterThan(20);
    expect(enrichment.findings.length).toBeLessThan(400);
    expect(enrichment.findings[0]?.verdict?.countryName).toBeUndefined();
    expect(enrichment.findings[0]?.ip).toBe('150.129.0.0');
    const description = adfToText(issue.fields.description);
    expect(description).toContain('…and 350 more IP addresses.');
  });

  it('builds a valid payload from the real file-policy alert', () => {
    const result = normaliseMcasAlert(payload('mcas-alert-file-policy.json'), 'demisto');
    if (!result.ok) throw new Error(result.reason);
    const issue = buildIssueCreate(input({ alert: result.alert, findings: [] }));
    expect(issue.fields.summary).toBe('block png files');
    expect(issue.fields.labels).toEqual(['mcas', 'mcas-tenant-demisto', 'mcas-severity-low']);
    expect(adfToText(issue.fields.description)).toContain(
      "File policy 'block png files' was matched by 'image (2).png'",
    );
    expect(JSON.stringify(issue)).not.toContain('__siteIcon__');
  });
});

describe('reportedIpsFieldValue', () => {
  it('gives the field value for its kind', () => {
    const findings = [publicFinding(verdict({ totalReports: 1 }))];
    expect(reportedIpsFieldValue(findings, 'string')).toBe(SENTENCE.replace('261 times', '1 time'));
    expect(adfToText(reportedIpsFieldValue(findings, 'adf'))).toBe(
      SENTENCE.replace('261 times', '1 time'),
    );
    expect(reportedIpsFieldValue([], 'adf')).toBeUndefined();
    expect(reportedIpsFieldValue(findings, 'option')).toBeUndefined();
  });
});

describe('labels', () => {
  it('names tenants and severities', () => {
    expect(tenantLabel('contoso')).toBe('mcas-tenant-contoso');
    expect(severityLabel('high')).toBe('mcas-severity-high');
  });
});

describe('the alert link in the description (issue 13, finding 2)', () => {
  const linkMarks = (doc: unknown) =>
    JSON.stringify(doc).match(/"type":"link","attrs":\{"href":"[^"]*"/g) ?? [];

  it('links an alert on a Defender host as "Open in Defender"', () => {
    const doc = buildDescription(alert(), [], triage(), 'Contoso');
    expect(linkMarks(doc).join()).toContain(alert().url);
  });

  it('shows any other host as text with a warning, never as a link', () => {
    const doc = buildDescription(
      alert({ url: 'https://phish.example/login' }),
      [],
      triage(),
      'Contoso',
    );
    expect(linkMarks(doc).join()).not.toContain('phish.example');
    expect(adfToText(doc)).toContain(
      'https://phish.example/login (not a Microsoft Defender address',
    );
  });
});
