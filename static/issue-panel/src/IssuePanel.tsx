/**
 * The issue panel: for an issue the app created, the alert's facts and one card per IP with
 * "Re-check"; for any other issue, the IPs in its text with "Look up", which writes nothing.
 */
import Button from '@atlaskit/button/new';
import EmptyState from '@atlaskit/empty-state';
import Lozenge from '@atlaskit/lozenge';
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import { token } from '@atlaskit/tokens';
import { useCallback, useEffect, useState } from 'react';
import type { QuotaView } from '../../../src/contract/common';
import type { IssueView } from '../../../src/contract/panel';
import type { IpFinding } from '../../../src/contract/domain';
import { messageOf } from '../../shared/client';
import { formatTime } from '../../shared/format';
import { IpCard } from './IpCard';
import type { PanelClient } from './panel-client';
import { P, createPanelClient } from './panel-client';
import type { Problem } from './problem';
import { NO_KEY, problemOf } from './problem';

type Loaded =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; view: IssueView };

function QuotaNote({ quota }: { quota: QuotaView | undefined }) {
  if (quota === undefined || quota.remaining === null) return null;
  return (
    <p data-testid="quota" style={{ color: token('color.text.subtle') }}>
      {quota.remaining}
      {quota.limit === null ? '' : ` of ${quota.limit}`} AbuseIPDB checks left today
      {quota.resetsAt === null ? '' : ` (resets ${formatTime(quota.resetsAt)})`}.
    </p>
  );
}

function ProblemMessage({ problem }: { problem: Problem }) {
  return (
    <div role="alert" style={{ marginBlock: 8 }}>
      <SectionMessage appearance="warning" title={problem.title}>
        <p>{problem.message}</p>
      </SectionMessage>
    </div>
  );
}

export function IssuePanel({ client: given }: { client?: PanelClient }) {
  const [client] = useState(() => given ?? createPanelClient());
  const [state, setState] = useState<Loaded>({ status: 'loading' });
  const [busy, setBusy] = useState<string | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const [quota, setQuota] = useState<QuotaView | undefined>();
  const [changes, setChanges] = useState<{ lines: string[]; commentAdded: boolean } | undefined>();
  const [lookups, setLookups] = useState<IpFinding[] | undefined>();

  const load = useCallback(async () => {
    try {
      setState({ status: 'ready', view: await client.call(P.getIssueView, {}) });
    } catch (error) {
      setState({ status: 'failed', message: messageOf(error) });
    }
  }, [client]);

  useEffect(() => {
    void load();
  }, [load]);

  async function recheck(ip: string | undefined) {
    setBusy(ip ?? 'all');
    setProblem(undefined);
    try {
      const result = await client.call(P.recheck, ip === undefined ? {} : { ip });
      setQuota(result.quota);
      setChanges({ lines: result.changes, commentAdded: result.commentAdded });
      setState((previous) =>
        previous.status === 'ready' && previous.view.kind === 'alert'
          ? { status: 'ready', view: { ...previous.view, findings: result.findings } }
          : previous,
      );
    } catch (error) {
      setProblem(problemOf(error));
    }
    setBusy(undefined);
  }

  async function lookup(ip: string | undefined) {
    setBusy(ip ?? 'all');
    setProblem(undefined);
    try {
      const result = await client.call(P.lookup, ip === undefined ? {} : { ips: [ip] });
      setQuota(result.quota);
      setLookups((previous) => {
        const merged = new Map((previous ?? []).map((f) => [f.ip, f]));
        for (const finding of result.findings) merged.set(finding.ip, finding);
        return [...merged.values()];
      });
    } catch (error) {
      setProblem(problemOf(error));
    }
    setBusy(undefined);
  }

  if (state.status === 'loading') return <Spinner label="Loading the IP verdicts" />;
  if (state.status === 'failed') {
    return (
      <SectionMessage appearance="error" title="The panel could not be loaded">
        <p>{state.message}</p>
        <Button onClick={() => void load()}>Try again</Button>
      </SectionMessage>
    );
  }

  const { view } = state;
  const cards = 'repeat(auto-fill, minmax(260px, 1fr))';

  if (view.kind === 'other') {
    if (view.ips.length === 0) {
      return (
        <EmptyState
          header="No IP addresses in this issue"
          description="The panel looks for IPv4 and IPv6 addresses in the summary and description."
        />
      );
    }
    const shown = new Map((lookups ?? []).map((f) => [f.ip, f]));
    return (
      <div style={{ padding: 8 }}>
        <p>
          IP addresses found in this issue. Looking them up asks AbuseIPDB and writes nothing to the
          issue.
        </p>
        {!view.keyConfigured ? <ProblemMessage problem={NO_KEY} /> : null}
        {problem !== undefined ? <ProblemMessage problem={problem} /> : null}
        <QuotaNote quota={quota} />
        <Button
          appearance="primary"
          isDisabled={!view.keyConfigured || busy !== undefined}
          isLoading={busy === 'all'}
          onClick={() => void lookup(undefined)}
        >
          Look up all
        </Button>
        <div style={{ display: 'grid', gridTemplateColumns: cards, gap: 8, marginBlockStart: 8 }}>
          {view.ips.map((found) => (
            <IpCard
              key={found.ip}
              finding={shown.get(found.ip) ?? { ip: found.ip, range: found.range }}
              recheckLabel="Look up"
              busy={busy === found.ip}
              disabled={busy !== undefined}
              onRecheck={
                view.keyConfigured && found.lookupable ? () => void lookup(found.ip) : undefined
              }
            />
          ))}
        </div>
      </div>
    );
  }

  const { alert } = view;
  const anyPublic = view.findings.some((f) => f.range === 'public');
  return (
    <div style={{ padding: 8 }}>
      <dl
        style={{
          display: 'grid',
          gridTemplateColumns: 'max-content 1fr',
          gap: '2px 12px',
          margin: 0,
          padding: 0,
        }}
      >
        <dt>Tenant</dt>
        <dd style={{ margin: 0 }}>{view.tenantName ?? alert.tenantId}</dd>
        <dt>Severity</dt>
        <dd style={{ margin: 0 }}>
          <Lozenge
            appearance={
              alert.severity === 'high'
                ? 'removed'
                : alert.severity === 'medium'
                  ? 'moved'
                  : 'default'
            }
          >
            {alert.severity}
          </Lozenge>
        </dd>
        <dt>Alert time</dt>
        <dd style={{ margin: 0 }}>{formatTime(alert.timestamp)}</dd>
        <dt>Affected users</dt>
        <dd style={{ margin: 0 }}>
          {view.users.length === 0 ? 'none named' : view.users.join(', ')}
        </dd>
      </dl>
      {view.alertUrl !== undefined ? (
        <p>
          <a href={view.alertUrl} target="_blank" rel="noreferrer">
            {/* MCAS portal or Microsoft Defender portal, whichever source the alert came from. */}
            Open the alert
          </a>
        </p>
      ) : null}
      {view.unverifiedAlertUrl !== undefined ? (
        <div data-testid="unverified-alert-url" style={{ marginBlock: 8 }}>
          <SectionMessage appearance="warning" title="This alert address is not Defender's">
            {/* Issue properties can be edited by anyone who can edit the issue: a link to any
                host but Defender's own is shown as text, never as "Open the alert". */}
            <p>
              The issue names <code>{view.unverifiedAlertUrl}</code> as its alert. It is not a
              Microsoft Defender address, so it is not linked. Find the alert in the Defender portal
              instead.
            </p>
          </SectionMessage>
        </div>
      ) : null}
      {!view.keyConfigured ? <ProblemMessage problem={NO_KEY} /> : null}
      {problem !== undefined ? <ProblemMessage problem={problem} /> : null}
      {changes !== undefined ? (
        <div role="status" data-testid="recheck-result" style={{ marginBlock: 8 }}>
          <SectionMessage appearance={changes.lines.length > 0 ? 'information' : 'success'}>
            {changes.lines.length === 0 ? (
              <p>Nothing changed since the last check; no comment was added.</p>
            ) : (
              <>
                <ul>
                  {changes.lines.map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
                <p>{changes.commentAdded ? 'A comment on the issue records the change.' : ''}</p>
              </>
            )}
          </SectionMessage>
        </div>
      ) : null}
      <div
        style={{
          display: 'flex',
          alignItems: 'center',
          flexWrap: 'wrap',
          gap: 12,
          marginBlock: 8,
        }}
      >
        <Button
          appearance="primary"
          isDisabled={!view.keyConfigured || busy !== undefined || !anyPublic}
          isLoading={busy === 'all'}
          onClick={() => void recheck(undefined)}
        >
          Re-check all
        </Button>
        {view.findings.length > 0 && !anyPublic ? (
          <p
            data-testid="recheck-all-reason"
            style={{ margin: 0, color: token('color.text.subtle') }}
          >
            Nothing to re-check: every address here is private or special-purpose, and AbuseIPDB
            only knows public ones.
          </p>
        ) : null}
        <QuotaNote quota={quota} />
      </div>
      {view.findings.length === 0 ? (
        <p>This alert names no IP addresses.</p>
      ) : (
        <div style={{ display: 'grid', gridTemplateColumns: cards, gap: 8 }}>
          {view.findings.map((finding) => (
            <IpCard
              key={finding.ip}
              finding={finding}
              busy={busy === finding.ip}
              disabled={busy !== undefined}
              onRecheck={view.keyConfigured ? () => void recheck(finding.ip) : undefined}
            />
          ))}
        </div>
      )}
    </div>
  );
}
