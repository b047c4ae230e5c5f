// Lints in-memory files with the project's ESLint config through the `ESLint` class, running only
// the layer-boundary rule. A child process because jest cannot load ESM configs in-process.
// stdin: [{ filePath, code }]; stdout: [{ filePath, messages: ["rule: message"] }].
import { ESLint } from 'eslint';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const files = JSON.parse(await new Response(process.stdin).text());
const eslint = new ESLint({
  cwd: root,
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
  ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
});
const out = [];
for (const { filePath, code } of files) {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  out.push({
    filePath,
    messages: result.messages.map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`),
  });
}
process.stdout.write(JSON.stringify(out));
