import { Rule } from '../../../src/core/rules/schema';
import { aRule } from './factories';

describe('Rule schema', () => {
  it('refuses a title pattern that does not compile, naming the problem', () => {
    const result = Rule.safeParse(
      aRule({ conditions: [{ type: 'titleMatches', pattern: '(unclosed[' }] }),
    );
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toContain(
      'is not a valid regular expression',
    );
  });

  it('accepts a pattern that compiles', () => {
    const result = Rule.safeParse(
      aRule({ conditions: [{ type: 'titleMatches', pattern: '\\bleaked credentials?\\b' }] }),
    );
    expect(result.success).toBe(true);
  });
});
