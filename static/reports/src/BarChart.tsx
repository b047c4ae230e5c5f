/**
 * A bar chart in plain SVG: stacked or grouped series over the report's buckets. Colours are
 * Atlaskit chart tokens (CSS variables), so light and dark themes both read well. The chart is
 * one image for assistive technology; the table beside it holds the same numbers as links.
 */
import { token } from '@atlaskit/tokens';
import type { Segment } from '../../../src/core/reports/model';

export interface Series {
  key: string;
  label: string;
  /** One per bucket; undefined where the series has nothing in that bucket. */
  values: (Segment | undefined)[];
}

const PALETTE = [
  token('color.chart.categorical.1'),
  token('color.chart.categorical.2'),
  token('color.chart.categorical.3'),
  token('color.chart.categorical.4'),
  token('color.chart.categorical.5'),
  token('color.chart.categorical.6'),
  token('color.chart.categorical.7'),
  token('color.chart.categorical.8'),
];

export const seriesColour = (index: number) => PALETTE[index % PALETTE.length] ?? PALETTE[0];

const WIDTH = 720;
const HEIGHT = 220;
const LEFT = 36;
const BOTTOM = 24;
const TOP = 8;

export function BarChart(props: {
  id: string;
  title: string;
  labels: string[];
  series: Series[];
  mode: 'stacked' | 'grouped';
  onOpen: (jql: string) => void;
}) {
  const { labels, series, mode } = props;
  const totals = labels.map((_, i) =>
    mode === 'stacked'
      ? series.reduce((sum, s) => sum + (s.values[i]?.count ?? 0), 0)
      : Math.max(0, ...series.map((s) => s.values[i]?.count ?? 0)),
  );
  const max = Math.max(1, ...totals);
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const slot = (WIDTH - LEFT) / Math.max(1, labels.length);
  const barWidth = Math.max(2, slot * 0.7);
  const y = (count: number) => (count / max) * plotHeight;
  const labelEvery = Math.ceil(labels.length / 12);
  const text = token('color.text.subtle');
  const summary = `${props.title}: ${labels.length} bars, highest ${max}.`;

  return (
    <figure style={{ margin: 0 }}>
      <svg
        id={props.id}
        xmlns="http://www.w3.org/2000/svg"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        role="img"
        aria-label={summary}
        style={{ maxWidth: WIDTH, fontFamily: 'sans-serif' }}
      >
        <title>{props.title}</title>
        <line x1={LEFT} x2={WIDTH} y1={HEIGHT - BOTTOM} y2={HEIGHT - BOTTOM} stroke={text} />
        <text x={LEFT - 4} y={TOP + 8} fontSize="10" textAnchor="end" fill={text}>
          {max}
        </text>
        <text x={LEFT - 4} y={HEIGHT - BOTTOM} fontSize="10" textAnchor="end" fill={text}>
          0
        </text>
        {labels.map((label, i) => {
          const x = LEFT + i * slot + (slot - barWidth) / 2;
          let base = HEIGHT - BOTTOM;
          const width = mode === 'stacked' ? barWidth : barWidth / Math.max(1, series.length);
          return (
            <g key={label}>
              {series.map((s, k) => {
                const segment = s.values[i];
                if (!segment || segment.count === 0) return null;
                const height = y(segment.count);
                const rectY = mode === 'stacked' ? base - height : HEIGHT - BOTTOM - height;
                if (mode === 'stacked') base -= height;
                return (
                  <rect
                    key={s.key}
                    data-testid={`bar-${props.id}-${i}-${s.key}`}
                    data-jql={segment.jql}
                    x={mode === 'stacked' ? x : x + k * width}
                    y={rectY}
                    width={width}
                    height={height}
                    fill={seriesColour(k)}
                    // A segment without a search (e.g. suppressed alerts, which have no issue)
                    // is not a link.
                    style={{ cursor: segment.jql === '' ? 'default' : 'pointer' }}
                    onClick={() => {
                      if (segment.jql !== '') props.onOpen(segment.jql);
                    }}
                  >
                    <title>{`${label} · ${s.label}: ${segment.count}`}</title>
                  </rect>
                );
              })}
              {i % labelEvery === 0 ? (
                <text
                  x={x + barWidth / 2}
                  y={HEIGHT - 8}
                  fontSize="10"
                  textAnchor="middle"
                  fill={text}
                >
                  {label.slice(5)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul
          aria-label={`${props.title} legend`}
          style={{ display: 'flex', gap: 12, listStyle: 'none', padding: 0, flexWrap: 'wrap' }}
        >
          {series.map((s, k) => (
            <li key={s.key} style={{ display: 'flex', gap: 4, alignItems: 'center', margin: 0 }}>
              <span
                aria-hidden
                style={{
                  width: 10,
                  height: 10,
                  background: seriesColour(k),
                  display: 'inline-block',
                }}
              />
              {s.label}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
