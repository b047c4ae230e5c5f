/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { IssueView } from '../../src/contract/panel';
import { PANEL_RESOLVERS as P } from '../../src/contract/panel';
import type { IpVerdict } from '../../src/core/model';
import { IssuePanel } from '../../static/issue-panel/src/IssuePanel';
import { installFakeBridge, ok } from './fake-bridge';

function verdict(overrides: Partial<IpVerdict> = {}): IpVerdict {
  return {
    ip: '150.129.8.24',
    abuseConfidenceScore: 87,
    totalReports: 261,
    numDistinctUsers: 58,
    countryCode: 'NL',
    countryName: 'Netherlands',
    usageType: 'Data Center/Web Hosting/Transit',
    isp: 'Tor exit provider',
    domain: 'example.nl',
    isTor: true,
    isWhitelisted: false,
    lastReportedAt: '2026-11-27T10:00:00+00:00',
    maxAgeInDays: 90,
    fetchedAt: Date.UTC(2026, 10, 28, 8, 0),
    ...overrides,
  };
}

const ALERT_VIEW: IssueView = {
  kind: 'alert',
  issueKey: 'SEC-1',
  alert: {
    alertId: 'a1',
    tenantId: 'contoso',
    severity: 'high',
    timestamp: Date.UTC(2026, 10, 27),
  },
  tenantName: 'Contoso EU',
  alertUrl: 'https://contoso.portal.cloudappsecurity.com/#/alerts/a1',
  users: ['megan@contoso.test'],
  findings: [
    { ip: '150.129.8.24', range: 'public', verdict: verdict() },
    { ip: '203.0.113.9', range: 'public', pending: true },
    { ip: '10.1.2.3', range: 'private' },
  ],
  keyConfigured: true,
  reportedIpsMapped: true,
};

function card(ip: string) {
  return screen.getByRole('article', { name: `IP ${ip}` });
}

describe('issue panel', () => {
  it('renders a verdict, a pending address and a private address each for what it is', async () => {
    installFakeBridge({ [P.getIssueView]: ok(ALERT_VIEW) });
    render(<IssuePanel />);
    await screen.findByRole('article', { name: 'IP 150.129.8.24' });

    expect(within(card('150.129.8.24')).getByText('score 87')).toBeInTheDocument();
    expect(within(card('150.129.8.24')).getByText('261 in the last 90 days')).toBeInTheDocument();
    expect(within(card('150.129.8.24')).getByRole('meter')).toHaveAttribute('aria-valuenow', '87');
    expect(within(card('203.0.113.9')).getByText(/pending/)).toBeInTheDocument();
    expect(within(card('10.1.2.3')).getByText('not looked up (private range)')).toBeInTheDocument();
    expect(within(card('10.1.2.3')).queryByRole('button')).toBeNull();
    expect(screen.getByText('Contoso EU')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Open the alert' })).toHaveAttribute(
      'href',
      ALERT_VIEW.alertUrl,
    );
  });

  it('shows an alert address on another host as text with a warning, not as a link (issue 13)', async () => {
    const { alertUrl: _linked, ...rest } = ALERT_VIEW;
    installFakeBridge({
      [P.getIssueView]: ok({ ...rest, unverifiedAlertUrl: 'https://phish.example/login' }),
    });
    render(<IssuePanel />);
    const warning = await screen.findByTestId('unverified-alert-url');
    expect(within(warning).getByText('https://phish.example/login')).toBeInTheDocument();
    expect(within(warning).getByText(/not a Microsoft Defender address/)).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Open the alert' })).toBeNull();
    expect(
      screen.queryAllByRole('link').some((a) => a.getAttribute('href')?.includes('phish')),
    ).toBe(false);
  });

  it('says who can fix a missing AbuseIPDB key and offers no re-check', async () => {
    installFakeBridge({ [P.getIssueView]: ok({ ...ALERT_VIEW, keyConfigured: false }) });
    render(<IssuePanel />);
    expect(await screen.findByText('No AbuseIPDB key is configured')).toBeInTheDocument();
    expect(screen.getByText(/A Jira project admin can add one/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Re-check 150.129.8.24' })).toBeNull();
  });

  it('says when the quota resets when AbuseIPDB has no checks left', async () => {
    installFakeBridge({
      [P.getIssueView]: ok(ALERT_VIEW),
      [P.recheck]: () => ({
        ok: false,
        error: { code: 'RATE_LIMITED', message: 'quota spent', retryAt: Date.UTC(2026, 10, 29) },
      }),
    });
    const user = userEvent.setup({ delay: null });
    render(<IssuePanel />);
    await user.click(await screen.findByRole('button', { name: 'Re-check 150.129.8.24' }));
    expect(await screen.findByText('The AbuseIPDB daily quota is used up')).toBeInTheDocument();
    expect(screen.getByText(/It resets/)).toBeInTheDocument();
  });

  it('lists the IPs of an issue the app did not create, with "Look up"', async () => {
    installFakeBridge({
      [P.getIssueView]: ok({
        kind: 'other',
        issueKey: 'SEC-9',
        ips: [
          { ip: '198.51.100.20', range: 'documentation', lookupable: false },
          { ip: '8.8.8.8', range: 'public', lookupable: true },
        ],
        keyConfigured: true,
      }),
    });
    render(<IssuePanel />);
    expect(await screen.findByRole('button', { name: 'Look up 8.8.8.8' })).toBeInTheDocument();
    expect(
      within(card('198.51.100.20')).getByText('not looked up (documentation range)'),
    ).toBeInTheDocument();
  });

  it('shows the country by name with its code, and a Tor exit node as a lozenge', async () => {
    installFakeBridge({
      [P.getIssueView]: ok({
        ...ALERT_VIEW,
        findings: [
          { ip: '150.129.8.24', range: 'public', verdict: verdict() },
          {
            ip: '185.220.101.4',
            range: 'public',
            verdict: verdict({
              ip: '185.220.101.4',
              countryName: null,
              countryCode: 'DE',
              isTor: false,
            }),
          },
        ],
      }),
    });
    render(<IssuePanel />);
    await screen.findByRole('article', { name: 'IP 150.129.8.24' });
    expect(within(card('150.129.8.24')).getByText('Netherlands (NL)')).toBeInTheDocument();
    expect(within(card('150.129.8.24')).getByTestId('ip-tor')).toHaveTextContent('yes');
    expect(within(card('185.220.101.4')).getByText('Germany (DE)')).toBeInTheDocument();
    expect(within(card('185.220.101.4')).queryByTestId('ip-tor')).toBeNull();
  });

  it('says why "Re-check all" is off when every address is private', async () => {
    installFakeBridge({
      [P.getIssueView]: ok({ ...ALERT_VIEW, findings: [{ ip: '10.1.2.3', range: 'private' }] }),
    });
    render(<IssuePanel />);
    expect(await screen.findByRole('button', { name: 'Re-check all' })).toBeDisabled();
    expect(screen.getByTestId('recheck-all-reason')).toHaveTextContent(
      'every address here is private or special-purpose',
    );
  });
});
