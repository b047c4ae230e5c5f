import { addressesToAsk } from '../../src/core/pending-order';

describe('addressesToAsk (the order owed verdicts are asked for)', () => {
  it('asks each address once, however many issues wait on it', () => {
    expect(
      addressesToAsk([
        { severity: 'low', ips: ['1.1.1.1', '2.2.2.2'] },
        { severity: 'low', ips: ['2.2.2.2', '2.2.2.2'] },
        { severity: 'low', ips: ['1.1.1.1'] },
      ]),
    ).toHaveLength(2);
  });

  it('asks the addresses of higher-severity alerts first, whatever order the issues came in', () => {
    expect(
      addressesToAsk([
        { severity: 'informational', ips: ['9.9.9.9'] },
        { severity: 'low', ips: ['1.1.1.1'] },
        { severity: 'high', ips: ['3.3.3.3', '4.4.4.4'] },
        { severity: 'medium', ips: ['2.2.2.2'] },
      ]),
    ).toEqual(['3.3.3.3', '4.4.4.4', '2.2.2.2', '1.1.1.1', '9.9.9.9']);
  });

  it('ranks an address by the most severe alert waiting on it', () => {
    expect(
      addressesToAsk([
        { severity: 'low', ips: ['1.1.1.1', '5.5.5.5'] },
        { severity: 'medium', ips: ['2.2.2.2'] },
        { severity: 'high', ips: ['5.5.5.5'] },
      ]),
    ).toEqual(['5.5.5.5', '2.2.2.2', '1.1.1.1']);
  });

  it('within one severity, asks first what most issues wait on, then the oldest owed', () => {
    expect(
      addressesToAsk([
        { severity: 'medium', ips: ['1.1.1.1'] },
        { severity: 'medium', ips: ['2.2.2.2'] },
        { severity: 'medium', ips: ['3.3.3.3', '2.2.2.2'] },
      ]),
    ).toEqual(['2.2.2.2', '1.1.1.1', '3.3.3.3']);
  });
});
