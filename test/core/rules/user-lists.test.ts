import type { UserList } from '../../../src/core/rules/schema';
import { userInList } from '../../../src/core/rules/user-lists';

function list(...entries: string[]): UserList {
  return { name: 'List', entries };
}

describe('userInList', () => {
  it('matches an e-mail address ignoring case and surrounding spaces', () => {
    const vips = list(' Megan.Bowen@Contoso.com ');
    expect(userInList('megan.bowen@contoso.com', vips)).toBe(true);
    expect(userInList('MEGAN.BOWEN@CONTOSO.COM', vips)).toBe(true);
  });

  it('does not match another address at the same domain', () => {
    expect(userInList('alex.wilber@contoso.com', list('megan.bowen@contoso.com'))).toBe(false);
  });

  it('matches a whole domain written as "example.com"', () => {
    const staff = list('Contoso.com');
    expect(userInList('alex.wilber@contoso.com', staff)).toBe(true);
    expect(userInList('megan.bowen@CONTOSO.COM', staff)).toBe(true);
  });

  it('matches a whole domain written as "@example.com"', () => {
    expect(userInList('alex.wilber@contoso.com', list('@contoso.com'))).toBe(true);
  });

  it('does not confuse a domain with one that merely ends the same way', () => {
    expect(userInList('eve@badcontoso.com', list('contoso.com'))).toBe(false);
    expect(userInList('eve@badcontoso.com', list('@contoso.com'))).toBe(false);
    expect(userInList('eve@contoso.com.evil.net', list('contoso.com'))).toBe(false);
  });

  it('keeps a domain entry to that exact domain, not its subdomains', () => {
    expect(userInList('chair@board.contoso.com', list('contoso.com'))).toBe(false);
  });

  it('compares principal names without "@" as a whole', () => {
    const accounts = list('svc-backup');
    expect(userInList('SVC-Backup', accounts)).toBe(true);
    expect(userInList('svc-backup2', accounts)).toBe(false);
    expect(userInList('old-svc-backup', accounts)).toBe(false);
  });

  it('does not treat a principal-name entry as a domain of a bare user name', () => {
    expect(userInList('contoso.com', list('@contoso.com'))).toBe(false);
  });

  it('never matches an empty user or an empty list', () => {
    expect(userInList('', list('@contoso.com', 'contoso.com'))).toBe(false);
    expect(userInList('alex.wilber@contoso.com', list())).toBe(false);
  });
});
