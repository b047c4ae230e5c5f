import { canonicalIp, classifyIp, extractIps, isLookupable } from '../../src/core/ip';
import type { IpRange } from '../../src/core/model';

describe('canonicalIp', () => {
  it.each([
    ['1.2.3.4', '1.2.3.4'],
    [' 8.8.8.8 ', '8.8.8.8'],
    ['0.0.0.0', '0.0.0.0'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['2001:0db8:0000:0000:0001:0000:0000:0001', '2001:db8::1:0:0:1'],
    ['::ffff:150.129.8.24', '150.129.8.24'],
    ['::FFFF:9681:818', '150.129.8.24'],
    ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
    ['fe80::1%eth0', 'fe80::1'],
    ['::', '::'],
  ])('%s → %s', (input, expected) => {
    expect(canonicalIp(input)).toBe(expected);
  });

  it.each([
    '999.1.1.1',
    '256.0.0.1',
    '01.2.3.4',
    '1.2.3.04',
    '1.2.3',
    '1.2.3.4.5',
    '0x7f.0.0.1',
    'null',
    '',
    '2001:db8::1::2',
    '12:30:45',
    '::ffff:01.2.3.4',
    '2001:db8::g',
    '1.2.3.4/24',
  ])('refuses %j', (input) => {
    expect(canonicalIp(input)).toBeUndefined();
  });
});

describe('classifyIp', () => {
  const cases: [string, IpRange][] = [
    ['150.129.8.24', 'public'],
    ['8.8.8.8', 'public'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['10.0.0.5', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['100.127.255.254', 'carrierGradeNat'],
    ['100.128.0.1', 'public'],
    ['127.0.0.1', 'loopback'],
    ['169.254.169.254', 'linkLocal'],
    ['192.0.0.9', 'reserved'],
    ['192.0.2.10', 'documentation'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.200', 'documentation'],
    ['198.18.0.1', 'benchmarking'],
    ['198.19.255.255', 'benchmarking'],
    ['198.20.0.1', 'public'],
    ['192.88.99.1', 'other'],
    ['192.175.48.1', 'other'],
    ['224.0.0.251', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'broadcast'],
    ['2a00:1450:4001:80b::200e', 'public'],
    ['2606:4700:4700::1111', 'public'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['::ffff:10.0.0.1', 'ipv4Mapped'],
    ['64:ff9b::808:808', 'translation'],
    ['64:ff9b:1::1', 'translation'],
    ['100::1', 'reserved'],
    ['2001::1', 'other'],
    ['2001:2::1', 'benchmarking'],
    ['2001:10::1', 'reserved'],
    ['2001:db8::1', 'documentation'],
    ['3fff::1', 'documentation'],
    ['2002:c000:204::1', 'other'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['fe80::1', 'linkLocal'],
    ['fec0::1', 'reserved'],
    ['ff02::1', 'multicast'],
    ['4000::1', 'reserved'],
    ['::1.2.3.4', 'reserved'],
    ['not an ip', 'other'],
  ];

  it.each(cases)('%s is %s', (ip, range) => {
    expect(classifyIp(ip)).toBe(range);
  });

  it('only lets public unicast addresses through to AbuseIPDB', () => {
    const lookupable = cases.filter(([ip]) => isLookupable(ip)).map(([ip]) => ip);
    expect(lookupable).toEqual(cases.filter(([, range]) => range === 'public').map(([ip]) => ip));
    expect(lookupable.length).toBeGreaterThan(3);
  });
});

describe('extractIps', () => {
  it('finds IPv4 and IPv6 addresses in order, canonical and de-duplicated', () => {
    const text =
      'Sign-in from 150.129.8.24 and 2001:DB8::1, then again from 150.129.8.24 and 2001:db8:0::1.';
    expect(extractIps(text)).toEqual(['150.129.8.24', '2001:db8::1']);
  });

  it('takes addresses out of URLs, key=value pairs, brackets and ports', () => {
    expect(
      extractIps(
        'ip=10.0.0.1, see http://198.51.100.7/x and [2001:db8::2]:443 or 203.0.113.9:8080',
      ),
    ).toEqual(['10.0.0.1', '198.51.100.7', '2001:db8::2', '203.0.113.9']);
  });

  it('reads IPv6 with an embedded IPv4 part as one address', () => {
    expect(extractIps('via ::ffff:192.0.2.1 and 64:ff9b::198.51.100.1.')).toEqual([
      '192.0.2.1',
      '64:ff9b::c633:6401',
    ]);
  });

  it('handles trailing punctuation and zone ids', () => {
    expect(extractIps('Blocked: fe80::1%eth0; also ::1.')).toEqual(['fe80::1', '::1']);
  });

  it.each([
    ['version numbers', 'Agent 1.2.3.4.5 and build 10.0.19041.1'],
    ['a longer digit run', 'Ticket 1111.2.3.4 and 1.2.3.45678'],
    ['times', 'At 12:30:45 on 2021-05-13T14:02:34.904Z'],
    ['MAC addresses', 'NIC 00:1a:2b:3c:4d:5e and 00:1a:2b:3c:4d:5e:6f:70'],
    ['invalid octets', '999.1.1.1 and 01.2.3.4'],
    ['words glued to dots', 'file v1.2.3.4 and x.1.2.3.4'],
    ['code and colons', 'std::vector and Note:: and a:b'],
    ['the string "null"', 'null'],
  ])('ignores %s', (_what, text) => {
    expect(extractIps(text)).toEqual([]);
  });
});
