import { normaliseMcasAlert, type NormaliseResult } from '../../src/core/normalise-mcas';
import type { Alert } from '../../src/core/model';
import { listedAlerts, payload, rawAlert } from './fixtures/mcas';

function expectAlert(result: NormaliseResult): { alert: Alert; warnings: string[] } {
  if (!result.ok) throw new Error(`expected an alert, got: ${result.reason}`);
  return result;
}

describe('normaliseMcasAlert on the real payloads', () => {
  it('normalises the alert from the alerts list response', () => {
    const [raw] = listedAlerts();
    const { alert, warnings } = expectAlert(normaliseMcasAlert(raw, 'contoso'));
    expect(warnings).toEqual([]);
    expect(alert).toEqual({
      id: '603f704aaf7417985bbf3b22',
      tenantId: 'contoso',
      timestamp: 1621941916475,
      title: 'Honeytoken activity',
      description:
        'Contoso user performed 11 suspicious activities MITRE Technique used Account Discovery (T1087) and subtechnique used Domain Account (T1087.002)',
      url: 'https://contoso.portal.cloudappsecurity.com/#/alerts/603f704aaf7417985bbf3b22',
      severity: 'medium',
      resolutionStatus: 0,
      policy: { id: '5bfd18bfab73c36ba10d38ca', label: 'Honeytoken activity' },
      users: ['user1@contoso.com'],
      groupTags: ['All Users'],
      ips: [],
    });
  });

  it('normalises the file-policy alert: artefacts removed, "null" strings tolerated', () => {
    const { alert } = expectAlert(
      normaliseMcasAlert(payload('mcas-alert-file-policy.json'), 'demisto'),
    );
    expect(alert.description).toBe("File policy 'block png files' was matched by 'image (2).png'");
    expect(alert.severity).toBe('low');
    expect(alert.policy).toEqual({ id: '5f01dce13de79160fbec4150', label: 'block png files' });
    expect(alert.users).toEqual(['dev@demistodev.onmicrosoft.com']);
    expect(alert.resolutionStatus).toBeUndefined();
    expect(alert.url).toBe(
      'https://demistodev.portal.cloudappsecurity.com/#/alerts/5f06d71dba4289d0602ba5ac',
    );
  });
});

describe('normaliseMcasAlert edge cases', () => {
  it('collects users from entities and text, lower-cased and de-duplicated', () => {
    const { alert } = expectAlert(
      normaliseMcasAlert(
        rawAlert({
          title: 'Leaked credentials for BOB@contoso.com',
          description: 'Accounts jane@contoso.com and <i>carol@contoso.com</i>',
          entities: [
            { type: 'account', em: 'Jane@Contoso.com', pa: 'null' },
            { type: 'user', id: 'Dave@Contoso.com', label: 'Dave' },
            { type: 'user', id: '2827c1e7-edb6-4529-b50d-25984e968637', pa: 'CONTOSO\\erin' },
          ],
        }),
        'contoso',
      ),
    );
    expect(alert.users).toEqual([
      'jane@contoso.com',
      'dave@contoso.com',
      'contoso\\erin',
      'bob@contoso.com',
      'carol@contoso.com',
    ]);
  });

  it('collects IPs from ip entities, title and description, canonical and de-duplicated', () => {
    const { alert, warnings } = expectAlert(
      normaliseMcasAlert(
        rawAlert({
          title: 'Activity from 2001:DB8::1',
          description: 'Sign-in from <b>150.129.8.24</b> and 10.0.0.5, agent 1.2.3.4.5',
          entities: [
            { type: 'ip', id: '150.129.8.24' },
            { type: 'ip', label: '::ffff:203.0.113.9' },
            { type: 'ip', id: 'null', label: 'not-an-ip' },
          ],
        }),
        'contoso',
      ),
    );
    expect(alert.ips).toEqual(['150.129.8.24', '203.0.113.9', '2001:db8::1', '10.0.0.5']);
    expect(warnings).toEqual([expect.stringContaining('"not-an-ip" is not an IP address')]);
  });

  it('skips junk entities and says so', () => {
    const { alert, warnings } = expectAlert(
      normaliseMcasAlert(
        rawAlert({
          entities: [null, 'x', 7, { label: 'no type' }, { type: 'groupTag', label: 'Staff' }],
        }),
        'contoso',
      ),
    );
    expect(alert.groupTags).toEqual(['Staff']);
    expect(warnings).toEqual([expect.stringContaining('skipped 4 malformed entities')]);
  });

  it('takes the policy from the policyRule entity when `policy` is missing', () => {
    const { alert } = expectAlert(normaliseMcasAlert(rawAlert({ policy: 'null' }), 'contoso'));
    expect(alert.policy).toEqual({ id: 'p1', label: 'Impossible travel' });
  });

  it('reduces HTML descriptions but keeps markdown descriptions as text', () => {
    const html = expectAlert(
      normaliseMcasAlert(rawAlert({ description: '<p>a &amp; b</p><p>c</p>' }), 't'),
    );
    expect(html.alert.description).toBe('a & b\n\nc');
    const markdown = expectAlert(
      normaliseMcasAlert(rawAlert({ description: '**a** & b\n\n- c', isMarkdown: true }), 't'),
    );
    expect(markdown.alert.description).toBe('**a** & b\n\n- c');
  });

  it('rejects an alert without a usable id', () => {
    for (const _id of [undefined, '', 'null', 'null?', 'a:b', 42, 'x'.repeat(201)]) {
      expect(normaliseMcasAlert(rawAlert({ _id }), 'contoso')).toEqual({
        ok: false,
        reason: 'alert has no usable id',
      });
    }
  });

  it('reads a timestamp sent as a string, numeric or ISO 8601, as the same epoch ms', () => {
    for (const timestamp of [
      '1621941916475',
      ' 1621941916475 ',
      '2021-05-25T11:25:16.475Z',
      '2021-05-25T13:25:16.475+02:00',
      '2021-05-25T11:25:16.475',
    ]) {
      const { alert } = expectAlert(normaliseMcasAlert(rawAlert({ timestamp }), 'contoso'));
      expect(alert.timestamp).toBe(1621941916475);
    }
  });

  it('rejects an alert without a timestamp, naming the alert', () => {
    for (const timestamp of [
      undefined,
      'null',
      '',
      'yesterday',
      '2021-13-45T99:00Z',
      -1,
      1.5,
      {},
    ]) {
      expect(normaliseMcasAlert(rawAlert({ timestamp }), 'contoso')).toEqual({
        ok: false,
        alertId: '603f704aaf7417985bbf3b22',
        reason: 'alert 603f704aaf7417985bbf3b22 has no timestamp',
      });
    }
  });

  it('tells a missing key from a bad value: no timestamp key names the alert, no severity key is medium', () => {
    const { timestamp: _t, ...withoutTimestamp } = rawAlert();
    expect(normaliseMcasAlert(withoutTimestamp, 'contoso')).toEqual({
      ok: false,
      alertId: '603f704aaf7417985bbf3b22',
      reason: 'alert 603f704aaf7417985bbf3b22 has no timestamp',
    });
    const { _id: _i, ...withoutId } = rawAlert();
    expect(normaliseMcasAlert(withoutId, 'contoso')).toEqual({
      ok: false,
      reason: 'alert has no usable id',
    });
    const { severityValue: _s, ...withoutSeverity } = rawAlert();
    const { alert, warnings } = expectAlert(normaliseMcasAlert(withoutSeverity, 'contoso'));
    expect(alert.severity).toBe('medium');
    expect(warnings).toEqual([expect.stringContaining('no valid severityValue (missing)')]);
  });

  it('rejects something that is not an alert object', () => {
    expect(normaliseMcasAlert(null, 'contoso').ok).toBe(false);
    expect(normaliseMcasAlert([1], 'contoso').ok).toBe(false);
  });

  it('defaults missing parts: title, severity (with a warning), url, users, ips', () => {
    const { alert, warnings } = expectAlert(
      normaliseMcasAlert(
        {
          _id: '5f06d71dba4289d0602ba5ac',
          timestamp: 1594283802753,
          title: 'null',
          description: 'null',
          URL: 'null',
          severityValue: 'high',
          entities: 'null',
        },
        'contoso',
      ),
    );
    expect(alert).toEqual({
      id: '5f06d71dba4289d0602ba5ac',
      tenantId: 'contoso',
      timestamp: 1594283802753,
      title: 'Untitled MCAS alert',
      description: '',
      severity: 'medium',
      users: [],
      groupTags: [],
      ips: [],
    });
    expect(warnings).toEqual([expect.stringContaining('using medium')]);
  });

  it.each([['http://contoso.portal.cloudappsecurity.com/#/alerts/1'], ['javascript:alert(1)']])(
    'drops a portal URL that is not https: %s',
    (URL) => {
      const { alert, warnings } = expectAlert(normaliseMcasAlert(rawAlert({ URL }), 'contoso'));
      expect(alert.url).toBeUndefined();
      expect(warnings).toEqual([expect.stringContaining('not https')]);
    },
  );

  it('maps every MCAS severity value', () => {
    const severities = [0, 1, 2, 3].map((severityValue) => {
      const result = normaliseMcasAlert(rawAlert({ severityValue }), 'contoso');
      return result.ok ? result.alert.severity : result.reason;
    });
    expect(severities).toEqual(['low', 'medium', 'high', 'informational']);
  });
});
