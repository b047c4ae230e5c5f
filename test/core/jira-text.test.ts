import { adfDoc, paragraph, text, textToAdf } from '../../src/core/adf';
import type { JiraTarget } from '../../src/core/config';
import { FIELD_MAP_KEYS } from '../../src/core/config';
import { buildEnrichmentProperty } from '../../src/core/enrichment-property';
import { buildIssueCreate, reportedIpsFieldValue } from '../../src/core/issue-payload';
import { jiraSafe, jiraText } from '../../src/core/jira-text';
import { normaliseMcasAlert } from '../../src/core/normalise-mcas';
import { normaliseGraphAlert } from '../../src/core/normalise-graph';
import type { Alert } from '../../src/core/model';
import { alert, publicFinding, target, triage } from './fixtures/domain';
import { listedAlerts, payload } from './fixtures/mcas';

/** What Jira must never receive: C0 controls but tab/LF/CR, DEL, C1 controls, lone surrogates. */
// eslint-disable-next-line no-control-regex -- the test looks for exactly these characters.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Hostile text as it has been seen in alerts: NUL, BEL, ESC sequences, C1, halves of emoji. */
const HOSTILE =
  'Bad\u0000 ti\u0007tle \u001b[31mred\u001b[0m\u007f\u0085\u009f \uD83D end \uDE00 x\uD83D\uDE00';

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).flatMap(([key, item]) => [key, ...strings(item)]);
  return [];
}

function expectJiraSafe(value: unknown): void {
  for (const item of strings(value)) {
    expect({ item, forbidden: FORBIDDEN.test(item) }).toEqual({ item, forbidden: false });
    expect({ item, lone: LONE_SURROGATE.test(item) }).toEqual({ item, lone: false });
  }
}

/** ADF refuses empty text nodes. */
function emptyTextNodes(value: unknown): number {
  if (Array.isArray(value))
    return value.reduce((sum: number, item) => sum + emptyTextNodes(item), 0);
  if (typeof value !== 'object' || value === null) return 0;
  const node = value as Record<string, unknown>;
  const own = node.type === 'text' && node.text === '' ? 1 : 0;
  return own + Object.values(node).reduce((sum: number, item) => sum + emptyTextNodes(item), 0);
}

function everyField(kind: 'string' | 'adf' | 'labels'): JiraTarget['fields'] {
  return Object.fromEntries(
    FIELD_MAP_KEYS.filter((key) => key !== 'category').map((key, index) => [
      key,
      { id: `customfield_1006${index}`, kind, name: key },
    ]),
  );
}

function hostileAlert(overrides: Partial<Alert> = {}): Alert {
  return alert({
    title: HOSTILE,
    description: `${HOSTILE}\nSecond line\t(tab) https://example.com/a\u0007b ${HOSTILE}`,
    users: [`jane\u0000@contoso.com`, `\uDC00bob@contoso.com`],
    policy: { id: 'p1', label: `Policy\u001b` },
    ...overrides,
  });
}

describe('jiraText', () => {
  it('strips C0 controls but tab, line feed and carriage return, DEL and C1 controls', () => {
    expect(jiraText('a\u0000b\u0001c\u0007d\u001be\u001ff\u007fg\u0080h\u0085i\u009fj')).toBe(
      'abcdefghij',
    );
    expect(jiraText('keep\ttab\nnewline\r\nreturn')).toBe('keep\ttab\nnewline\r\nreturn');
  });

  it('repairs lone surrogates to U+FFFD and keeps valid pairs', () => {
    expect(jiraText('a\uD83Db')).toBe('a\uFFFDb');
    expect(jiraText('a\uDE00b')).toBe('a\uFFFDb');
    expect(jiraText('end\uD83D')).toBe('end\uFFFD');
    expect(jiraText('\uDE00\uD83D')).toBe('\uFFFD\uFFFD');
    expect(jiraText('smile \uD83D\uDE00')).toBe('smile \uD83D\uDE00');
    expect(jiraText('Zürich — 東京 ✓')).toBe('Zürich — 東京 ✓');
  });

  it('cleans every string of a JSON value, keys included, and leaves other values alone', () => {
    expect(jiraSafe({ 'k\u0000': ['a\u0007', 1, true, null, { b: '\uD83D' }] })).toEqual({
      k: ['a', 1, true, null, { b: '\uFFFD' }],
    });
  });
});

describe('the payloads the app writes to Jira are Jira-safe', () => {
  it('turns the real MCAS and Graph payloads into the same issues as before (nothing to strip)', () => {
    const graph = (payload('graph-alerts-v2.response.json') as { value: unknown[] }).value;
    const results = [
      ...listedAlerts().map((raw) => normaliseMcasAlert(raw, 'contoso')),
      ...graph.map((raw) => normaliseGraphAlert(raw, 'tailspin')),
    ];
    expect(results.length).toBeGreaterThan(1);
    for (const result of results) {
      if (!result.ok) throw new Error(result.reason);
      const issue = buildIssueCreate({
        alert: result.alert,
        findings: [],
        target: target({ fields: everyField('string') }),
        triage: triage(),
        tenantName: 'Contoso',
      });
      expectJiraSafe(issue);
      expect(issue.fields.summary).toBe(
        result.alert.title.replace(/\s+/g, ' ').trim().slice(0, 255),
      );
    }
  });

  it('strips a hostile real MCAS alert in the summary, description, custom fields, labels and properties', () => {
    const [raw] = listedAlerts() as Array<Record<string, unknown>>;
    const result = normaliseMcasAlert({ ...raw, title: HOSTILE, description: HOSTILE }, 'contoso');
    if (!result.ok) throw new Error(result.reason);
    for (const kind of ['string', 'adf', 'labels'] as const) {
      const issue = buildIssueCreate({
        alert: result.alert,
        findings: [
          publicFinding({ isp: 'ISP\u0000', domain: 'evil\u001b.example', usageType: '\uD800' }),
        ],
        target: target({ fields: everyField(kind), labels: ['mcas\u0007'] }),
        triage: triage({ labels: ['rule\u0000label', '\u0007'] }),
        tenantName: 'Contoso\u0085',
      });
      expectJiraSafe(issue);
      expect(emptyTextNodes(issue)).toBe(0);
      expect(issue.fields.summary).toBe('Bad title [31mred[0m \uFFFD end \uFFFD x\uD83D\uDE00');
      expect(issue.fields.labels).toEqual(expect.arrayContaining(['mcas', 'rulelabel']));
      expect(issue.fields.labels).not.toContain('');
    }
  });

  it('strips hostile text in every field of an alert built by the domain factory', () => {
    const issue = buildIssueCreate({
      alert: hostileAlert(),
      findings: [publicFinding({ isp: 'ISP\u0000' })],
      target: target({ fields: everyField('adf') }),
      triage: triage({ labels: ['x\u0000y'] }),
      tenantName: 'Contoso',
    });
    expectJiraSafe(issue);
    expect(emptyTextNodes(issue)).toBe(0);
    expect(JSON.stringify(issue)).toContain('https://example.com/ab');
  });

  it('gives a summary to an alert whose title is nothing but control characters', () => {
    const issue = buildIssueCreate({
      alert: alert({ title: '\u0000\u0007\u001b' }),
      findings: [],
      target: target(),
      triage: triage(),
      tenantName: 'Contoso',
    });
    expect(issue.fields.summary).toBe('Untitled alert');
  });

  it('drops a text node left empty and a field left blank rather than sending them', () => {
    expect(textToAdf('\u0000\n\n\u0007')).toEqual(adfDoc([]));
    expect(adfDoc([paragraph([text('\u0007'), text('ok')])])).toEqual(
      adfDoc([paragraph([text('ok')])]),
    );
    const issue = buildIssueCreate({
      alert: alert({ description: '\u0000\u0007' }),
      findings: [],
      target: target({ fields: everyField('string') }),
      triage: triage(),
      tenantName: 'Contoso',
    });
    expect(issue.fields[everyField('string').alertDescription?.id ?? '']).toBeUndefined();
  });

  it('cleans the values written after the create: enrichment property and Reported IPs field', () => {
    const findings = [publicFinding({ isp: 'ISP\u0000\u0085', domain: '\uDBFFx' })];
    expectJiraSafe(buildEnrichmentProperty(hostileAlert(), findings, 'Contoso\u0007'));
    for (const kind of ['string', 'adf'] as const) {
      const value = reportedIpsFieldValue(findings, kind);
      expect(value).toBeDefined();
      expectJiraSafe(value);
    }
  });
});
