import { extractEmails, isEmailAddress, usableUserValue } from '../../src/core/users';

describe('extractEmails', () => {
  it('lower-cases and de-duplicates case-insensitively, keeping the first-seen order', () => {
    expect(
      extractEmails(
        'Jane@Contoso.com, bob@fabrikam.co.uk and JANE@contoso.COM; again bob@Fabrikam.co.uk.',
      ),
    ).toEqual(['jane@contoso.com', 'bob@fabrikam.co.uk']);
  });

  it('leaves trailing punctuation and brackets out', () => {
    expect(extractEmails('(<first.last+tag@sub.example.org>). Then "x_y@example.io"!')).toEqual([
      'first.last+tag@sub.example.org',
      'x_y@example.io',
    ]);
  });

  it('ignores "null" and things that only look like addresses', () => {
    expect(extractEmails('null user@localhost @contoso.com a@b.c')).toEqual([]);
  });
});

describe('isEmailAddress', () => {
  it('accepts one whole address only', () => {
    expect(isEmailAddress('dev@demistodev.onmicrosoft.com')).toBe(true);
    expect(isEmailAddress('6204bdaf-ad46-4e99-a25d-374a0532c666')).toBe(false);
    expect(isEmailAddress('a@b.com and c@d.com')).toBe(false);
  });
});

describe('usableUserValue', () => {
  it('drops MCAS "null" strings and blanks, lower-cases the rest', () => {
    expect(usableUserValue('null')).toBeUndefined();
    expect(usableUserValue(' ')).toBeUndefined();
    expect(usableUserValue(42)).toBeUndefined();
    expect(usableUserValue(' User1@Contoso.com ')).toBe('user1@contoso.com');
  });
});
