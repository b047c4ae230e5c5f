import { normaliseGraphAlert } from '../../src/core/normalise-graph';
import type { NormaliseResult } from '../../src/core/normalise-mcas';
import type { Alert } from '../../src/core/model';
import { payload } from './fixtures/mcas';

function expectAlert(result: NormaliseResult): { alert: Alert; warnings: string[] } {
  if (!result.ok) throw new Error(`expected an alert, got: ${result.reason}`);
  return result;
}

function listed(): Record<string, unknown> {
  const body = payload('graph-alerts-v2.response.json') as {
    value: Array<Record<string, unknown>>;
  };
  const [first] = body.value;
  if (!first) throw new Error('the payload lists no alert');
  return first;
}

/** A Defender for Cloud Apps alert as alerts_v2 lists it, on top of the real payload's shape. */
function mdaAlert(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...listed(),
    id: 'caB6D2E1F0A9C84E3D7F5B1A2C9E8D4F60',
    providerAlertId: '6745a1f3c9e2b4d8a1f0e7c3',
    serviceSource: 'microsoftDefenderForCloudApps',
    title: 'Impossible travel activity',
    description:
      'The user adele.vance@contoso.com signed in from 91.198.174.192 and 2a03:2880:f12f:83:face:b00c:0:25de.',
    evidence: [
      {
        '@odata.type': '#microsoft.graph.security.userEvidence',
        userAccount: {
          accountName: 'adele.vance',
          domainName: 'contoso.com',
          userPrincipalName: 'Adele.Vance@contoso.com',
          displayName: 'Adele Vance',
        },
      },
      {
        '@odata.type': '#microsoft.graph.security.ipEvidence',
        ipAddress: '150.129.8.24',
        countryLetterCode: 'NL',
      },
      {
        '@odata.type': '#microsoft.graph.security.mailboxEvidence',
        primaryAddress: 'Megan.Bowen@contoso.com',
      },
    ],
    ...overrides,
  };
}

describe('normaliseGraphAlert on the real payload', () => {
  it('normalises the alerts_v2 example: its time in ms, its evidence IP, its web URL, its incident', () => {
    const { alert, warnings } = expectAlert(normaliseGraphAlert(listed(), 'woodgrove'));
    expect(warnings).toEqual([]);
    expect(alert).toEqual({
      id: 'da637551227677560813_-961444813',
      tenantId: 'woodgrove',
      timestamp: Date.UTC(2021, 3, 27, 12, 19, 27, 721),
      title: 'Suspicious execution of hidden file',
      description: 'A hidden file has been launched. ...',
      url: 'https://security.microsoft.com/alerts/da637551227677560813_-961444813?tid=b3c1b5fc-828c-45fa-a1e1-10d74f6d6e9c',
      severity: 'low',
      resolutionStatus: 0,
      policy: {
        id: 'e0da400f-affd-43ef-b1d5-afc2eb6f2756',
        label: 'Suspicious execution of hidden file',
      },
      users: [],
      groupTags: [],
      ips: ['203.0.113.5'],
      // The Defender incident, for rule "group repeats" by incident.
      incidentId: '28282',
    });
  });
});

describe('normaliseGraphAlert', () => {
  it('keys the alert by providerAlertId, the MCAS id, so both sources name it alike', () => {
    const { alert } = expectAlert(normaliseGraphAlert(mdaAlert(), 'contoso'));
    expect(alert.id).toBe('6745a1f3c9e2b4d8a1f0e7c3');
  });

  it("falls back to Graph's id when the provider id is missing or unusable", () => {
    for (const providerAlertId of [undefined, null, '', 'null', 'has spaces/and slashes']) {
      const { alert } = expectAlert(normaliseGraphAlert(mdaAlert({ providerAlertId }), 'contoso'));
      expect(alert.id).toBe('caB6D2E1F0A9C84E3D7F5B1A2C9E8D4F60');
    }
  });

  it('takes users from user and mailbox evidence and the text, IPs from evidence and the text', () => {
    const { alert } = expectAlert(normaliseGraphAlert(mdaAlert(), 'contoso'));
    expect(alert.users).toEqual(['adele.vance@contoso.com', 'megan.bowen@contoso.com']);
    expect(alert.ips).toEqual([
      '150.129.8.24',
      '91.198.174.192',
      '2a03:2880:f12f:83:face:b00c:0:25de',
    ]);
  });

  it.each([
    ['new', undefined, 0],
    ['inProgress', undefined, 0],
    ['resolved', 'falsePositive', 3],
    ['resolved', 'informationalExpectedActivity', 4],
    ['resolved', 'truePositive', 5],
    ['resolved', 'unknown', 2],
  ])(
    'puts status %s / classification %s on the MCAS resolution scale as %i',
    (status, classification, expected) => {
      const { alert } = expectAlert(
        normaliseGraphAlert(mdaAlert({ status, classification }), 'contoso'),
      );
      expect(alert.resolutionStatus).toBe(expected);
    },
  );

  it.each([
    ['informational', 'informational'],
    ['low', 'low'],
    ['medium', 'medium'],
    ['high', 'high'],
  ])('maps severity %s', (severity, expected) => {
    expect(expectAlert(normaliseGraphAlert(mdaAlert({ severity }), 'c')).alert.severity).toBe(
      expected,
    );
  });

  it('uses medium, with a warning, for a severity it does not know', () => {
    const { alert, warnings } = expectAlert(
      normaliseGraphAlert(mdaAlert({ severity: 'unknownFutureValue' }), 'c'),
    );
    expect(alert.severity).toBe('medium');
    expect(warnings).toEqual([expect.stringContaining('"unknownFutureValue"')]);
  });

  it('tolerates nulls and odd evidence, reporting what it dropped', () => {
    const { alert, warnings } = expectAlert(
      normaliseGraphAlert(
        mdaAlert({
          title: null,
          description: null,
          alertWebUrl: 'http://security.microsoft.com/alerts/1',
          detectorId: null,
          evidence: [
            { '@odata.type': '#microsoft.graph.security.ipEvidence', ipAddress: 'not-an-ip' },
            { '@odata.type': '#microsoft.graph.security.userEvidence', userAccount: null },
            'garbage',
          ],
        }),
        'c',
      ),
    );
    expect(alert.title).toBe('Untitled Defender for Cloud Apps alert');
    expect(alert.description).toBe('');
    expect(alert.url).toBeUndefined();
    expect(alert.policy).toBeUndefined();
    expect(alert.users).toEqual([]);
    expect(alert.ips).toEqual([]);
    expect(warnings).toEqual([
      expect.stringContaining('not https'),
      expect.stringContaining('skipped 1 malformed evidence'),
      expect.stringContaining('"not-an-ip" is not an IP address'),
    ]);
  });

  it('refuses only what cannot become an issue: no id, no creation time', () => {
    expect(normaliseGraphAlert('text', 'c')).toEqual({
      ok: false,
      reason: 'alert is not an object',
    });
    expect(normaliseGraphAlert(mdaAlert({ id: null, providerAlertId: null }), 'c')).toEqual({
      ok: false,
      reason: 'alert has no usable id',
    });
    for (const createdDateTime of [undefined, null, 'yesterday', 1700000000000]) {
      expect(normaliseGraphAlert(mdaAlert({ createdDateTime }), 'c')).toEqual({
        ok: false,
        alertId: '6745a1f3c9e2b4d8a1f0e7c3',
        reason: 'alert 6745a1f3c9e2b4d8a1f0e7c3 has no createdDateTime',
      });
    }
  });
});
