/**
 * The table every chart comes with: the chart's numbers for screen readers and for copying. The
 * first column names the row (a day, a week, an address) and is a row header; the figures are
 * right-aligned so that digits line up.
 */
import type { ReactNode } from 'react';

export interface FiguresRow {
  key: string;
  label: ReactNode;
  cells: ReactNode[];
}

const cell = { padding: '2px 8px', textAlign: 'right' as const };
const headCell = { ...cell, fontWeight: 600 };
const labelCell = { ...cell, textAlign: 'left' as const };

export function FiguresTable(props: {
  caption: ReactNode;
  /** The headings: the rows' own column first, then one per figure. */
  columns: ReactNode[];
  rows: FiguresRow[];
  testId?: string;
  minWidth?: number;
  /** Shown as the only row when there are none. */
  empty?: string;
}) {
  const [first, ...figures] = props.columns;
  return (
    <table
      data-testid={props.testId}
      style={{
        borderCollapse: 'collapse',
        ...(props.minWidth ? { minWidth: props.minWidth } : {}),
      }}
    >
      {/* css-reset draws a caption as large as a heading; here it labels the table. */}
      <caption style={{ textAlign: 'left', fontSize: 14, fontWeight: 600, paddingBlock: 4 }}>
        {props.caption}
      </caption>
      <thead>
        <tr>
          <th scope="col" style={{ ...headCell, textAlign: 'left' }}>
            {first}
          </th>
          {figures.map((heading, index) => (
            <th scope="col" style={headCell} key={index}>
              {heading}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr key={row.key}>
            <th scope="row" style={{ ...labelCell, fontWeight: 400, wordBreak: 'break-all' }}>
              {row.label}
            </th>
            {row.cells.map((value, index) => (
              <td style={cell} key={index}>
                {value}
              </td>
            ))}
          </tr>
        ))}
        {props.rows.length === 0 && props.empty !== undefined ? (
          <tr>
            <td style={labelCell} colSpan={props.columns.length}>
              {props.empty}
            </td>
          </tr>
        ) : null}
      </tbody>
    </table>
  );
}
