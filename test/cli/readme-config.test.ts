/** The config example in the README is the one a new user copies: it must stay valid. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCliConfig } from '../../sandbox/cli/config';

it('the README example config parses with the CLI config schema', () => {
  const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
  const example = /```json\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(example).toBeDefined();
  const config = parseCliConfig(JSON.parse(example ?? '{}'));
  expect(config.tenants.length).toBeGreaterThan(0);
  expect(config.jira.fields.reportedIps).toMatch(/^customfield_/);
});
