/** One IP address of the issue: its AbuseIPDB verdict, why it has none yet, or why it never will. */
import Button from '@atlaskit/button/new';
import Lozenge from '@atlaskit/lozenge';
import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';
import type { IpFinding, IpRange, IpVerdict } from '../../../src/contract/domain';
import { formatTime } from '../../shared/format';

const RANGE_WORDS: Record<IpRange, string> = {
  public: 'public',
  private: 'private range',
  loopback: 'loopback range',
  linkLocal: 'link-local range',
  carrierGradeNat: 'carrier-grade NAT range',
  documentation: 'documentation range',
  multicast: 'multicast range',
  unspecified: 'unspecified address',
  broadcast: 'broadcast address',
  reserved: 'reserved range',
  uniqueLocal: 'unique-local range',
  benchmarking: 'benchmarking range',
  ipv4Mapped: 'IPv4-mapped range',
  translation: 'translation range',
  other: 'special-purpose range',
};

/** AbuseIPDB's own reading of the score: 0 clean, up to 25 low, up to 75 suspicious, above bad. */
export function scoreAppearance(score: number): 'success' | 'moved' | 'removed' | 'default' {
  if (score === 0) return 'success';
  if (score < 25) return 'default';
  if (score < 75) return 'moved';
  return 'removed';
}

const BAR_COLOURS = {
  success: token('color.background.success.bold'),
  default: token('color.background.neutral.bold'),
  moved: token('color.background.warning.bold'),
  removed: token('color.background.danger.bold'),
};

function ScoreBar({ score }: { score: number }) {
  return (
    <div
      role="meter"
      aria-label="Abuse confidence score"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={score}
      style={{
        height: 6,
        borderRadius: 3,
        background: token('color.background.neutral'),
        marginBlock: 6,
      }}
    >
      <div
        style={{
          width: `${score}%`,
          height: '100%',
          borderRadius: 3,
          background: BAR_COLOURS[scoreAppearance(score)],
        }}
      />
    </div>
  );
}

function yesNo(value: boolean | null): string {
  if (value === null) return 'unknown';
  return value ? 'yes' : 'no';
}

/** A Tor exit node is a finding in itself: a lozenge that stands out, not plain text. */
function torValue(isTor: boolean | null): ReactNode {
  return isTor === true ? (
    <Lozenge
      appearance="removed"
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- bold is the look today; Lozenge turns bold by default in its next major.
      isBold
      testId="ip-tor"
    >
      yes
    </Lozenge>
  ) : (
    yesNo(isTor)
  );
}

const REGION_NAMES =
  typeof Intl.DisplayNames === 'function'
    ? new Intl.DisplayNames(['en'], { type: 'region' })
    : undefined;

/** "Netherlands (NL)": the name an analyst reads, with the code rules and reports use. */
export function countryText(
  name: string | null | undefined,
  code: string | null | undefined,
): string {
  let known = name ?? undefined;
  if (known === undefined && code != null) {
    try {
      known = REGION_NAMES?.of(code.toUpperCase());
    } catch {
      // Not a region code Intl knows: the code alone is all there is to show.
    }
  }
  if (code == null) return known ?? 'unknown';
  return known !== undefined && known.toUpperCase() !== code.toUpperCase()
    ? `${known} (${code.toUpperCase()})`
    : code.toUpperCase();
}

/** A host name may wrap only after its dots, never inside a label. */
function hostName(domain: string): ReactNode {
  const labels = domain.split('.');
  return labels.map((label, index) => (
    <span key={index}>
      {label}
      {index < labels.length - 1 ? (
        <>
          .<wbr />
        </>
      ) : null}
    </span>
  ));
}

function VerdictDetails({ verdict }: { verdict: IpVerdict }) {
  const rows: Array<[string, ReactNode]> = [
    ['Reports', `${verdict.totalReports} in the last ${verdict.maxAgeInDays} days`],
    ['Distinct reporters', String(verdict.numDistinctUsers)],
    [
      'Last reported',
      verdict.lastReportedAt === null ? 'never' : formatTime(Date.parse(verdict.lastReportedAt)),
    ],
    ['Country', countryText(verdict.countryName, verdict.countryCode)],
    ['Usage type', verdict.usageType ?? 'unknown'],
    ['ISP', verdict.isp ?? 'unknown'],
    ['Domain', verdict.domain === null ? 'unknown' : hostName(verdict.domain)],
    ['Tor exit node', torValue(verdict.isTor)],
    ['Whitelisted', yesNo(verdict.isWhitelisted)],
    ['Checked', formatTime(verdict.fetchedAt)],
  ];
  return (
    <dl
      style={{
        display: 'grid',
        gridTemplateColumns: 'max-content 1fr',
        gap: '2px 12px',
        margin: 0,
        padding: 0,
      }}
    >
      {rows.map(([term, value]) => (
        <div key={term} style={{ display: 'contents' }}>
          <dt style={{ color: token('color.text.subtle') }}>{term}</dt>
          {/* break-word: a long value wraps between words, and inside one only if it must. */}
          <dd style={{ margin: 0, minWidth: 0, overflowWrap: 'break-word' }}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export interface IpCardProps {
  finding: IpFinding;
  /** Absent: no re-check action (e.g. no key, or a finding that is never looked up). */
  onRecheck?: (() => void) | undefined;
  recheckLabel?: string;
  busy?: boolean;
  disabled?: boolean;
}

export function IpCard({
  finding,
  onRecheck,
  recheckLabel = 'Re-check',
  busy,
  disabled,
}: IpCardProps) {
  const lookedUp = finding.range === 'public';
  return (
    <article
      aria-label={`IP ${finding.ip}`}
      data-testid="ip-card"
      style={{
        border: `1px solid ${token('color.border')}`,
        borderRadius: 6,
        padding: 12,
        background: token('elevation.surface.raised'),
      }}
    >
      <header
        style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 8 }}
      >
        <code style={{ fontWeight: 600 }}>{finding.ip}</code>
        {finding.verdict !== undefined && lookedUp ? (
          <Lozenge
            appearance={scoreAppearance(finding.verdict.abuseConfidenceScore)}
            // eslint-disable-next-line @typescript-eslint/no-deprecated -- bold is the look today; Lozenge turns bold by default in its next major.
            isBold
            testId="ip-score"
          >
            {`score ${finding.verdict.abuseConfidenceScore}`}
          </Lozenge>
        ) : null}
      </header>
      {!lookedUp ? (
        <p>not looked up ({RANGE_WORDS[finding.range]})</p>
      ) : finding.verdict === undefined || finding.pending === true ? (
        <p>
          {finding.pending === true
            ? 'pending: AbuseIPDB was not asked yet (daily quota or outage); the next sync fills it in.'
            : 'not checked yet.'}
        </p>
      ) : (
        <>
          <ScoreBar score={finding.verdict.abuseConfidenceScore} />
          <VerdictDetails verdict={finding.verdict} />
        </>
      )}
      {lookedUp && onRecheck !== undefined ? (
        <div style={{ marginBlockStart: 8 }}>
          <Button
            onClick={onRecheck}
            isLoading={busy === true}
            isDisabled={disabled === true && busy !== true}
            aria-label={`${recheckLabel} ${finding.ip}`}
          >
            {recheckLabel}
          </Button>
        </div>
      ) : null}
    </article>
  );
}
