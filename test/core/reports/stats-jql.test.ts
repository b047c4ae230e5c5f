import { jqlString, jqlTime, titleClause } from '../../../src/core/reports/jql';
import { median, percentile } from '../../../src/core/reports/stats';

describe('percentile (nearest rank)', () => {
  it('gives the median and the 90th percentile of a sample', () => {
    const hours = [5, 1, 4, 2, 3, 10, 6, 7, 8, 9];
    expect(median(hours)).toBe(5);
    expect(percentile(hours, 90)).toBe(9);
    expect(percentile([42], 90)).toBe(42);
  });
  it('has no value for no sample', () => {
    expect(median([])).toBeUndefined();
  });
});

describe('JQL literals', () => {
  it('quotes and escapes strings', () => {
    expect(jqlString('a "b" \\ c')).toBe('"a \\"b\\" \\\\ c"');
  });
  it('writes UTC minutes in the format JQL dates accept', () => {
    expect(jqlTime(Date.parse('2026-11-01T00:00:00Z'))).toBe('"2026-11-01 00:00"');
  });
  it('searches a title as one phrase', () => {
    expect(titleClause('Risky sign-in: "anonymous" IP')).toBe(
      'summary ~ "\\"Risky sign-in:  anonymous  IP\\""',
    );
  });
});
