/**
 * The CLI's file store as an append-only journal: linear (one line per write, never a rewrite of
 * the whole state), tolerant of a torn last line, compacted on open, safe against SIGKILL at any
 * moment, importing the earlier whole-file format, and keeping secrets from the environment off
 * the disk. An unusable directory is refused with a plain message.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import {
  CorruptStateError,
  UnusableStateDirError,
  createFileStore,
} from '../../sandbox/adapters/file-store';
import type { Clock } from '../../src/ports';

const Value = z.looseObject({ n: z.number().optional() });

function fakeClock(start = 1_000_000): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    sleep: () => Promise.resolve(),
    advance: (ms) => {
      now += ms;
    },
  };
}

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'journal-'));
const journalOf = (dir: string) => fs.readFileSync(path.join(dir, 'state.journal'), 'utf8');

describe('file store journal', () => {
  it('appends one line per write: the file grows with the writes, not with the state', async () => {
    const dir = tempDir();
    const store = createFileStore(dir, fakeClock(), { environment: {} });
    for (let n = 0; n < 2000; n += 1) await store.set(`alert:t:${n}`, { n });
    const before = fs.statSync(path.join(dir, 'state.journal')).size;
    await store.set('checkpoint:t', { n: 1 });
    const after = fs.statSync(path.join(dir, 'state.journal')).size;
    // The 2,001st write added its own line only.
    expect(after - before).toBe(`${JSON.stringify(['s', 'checkpoint:t', { n: 1 }])}\n`.length);
    expect(journalOf(dir).split('\n')).toHaveLength(2002);
    store.close();
  });

  it('drops a torn last line (a kill inside an append) and appends after the last whole line', async () => {
    const dir = tempDir();
    const first = createFileStore(dir, fakeClock(), { environment: {} });
    await first.set('a', { n: 1 });
    await first.set('b', { n: 2 });
    first.close();
    fs.appendFileSync(path.join(dir, 'state.journal'), '["s","c",{"n":');

    const second = createFileStore(dir, fakeClock(), { environment: {} });
    expect(await second.get('a', Value)).toEqual({ n: 1 });
    expect(await second.get('b', Value)).toEqual({ n: 2 });
    expect(await second.get('c', Value)).toBeUndefined();
    await second.set('c', { n: 3 });
    second.close();
    const third = createFileStore(dir, fakeClock(), { environment: {} });
    expect(await third.get('c', Value)).toEqual({ n: 3 });
    third.close();
  });

  it('refuses a journal damaged in the middle with a plain message rather than losing state', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'state.journal'), '["s","a",1]\nnot json\n["s","b",2]\n');
    expect(() => createFileStore(dir, fakeClock())).toThrow(CorruptStateError);
    expect(() => createFileStore(dir, fakeClock())).toThrow('state.journal line 2');
  });

  it('compacts on open when the journal holds far more lines than live entries', async () => {
    const dir = tempDir();
    const clock = fakeClock();
    const first = createFileStore(dir, clock, { environment: {} });
    for (let n = 0; n < 3000; n += 1) await first.set('checkpoint:t', { n });
    await first.set('ip:1.1.1.1', { n: 0 }, { ttlSeconds: 10 });
    await first.set('alert:t:gone', { n: 0 });
    await first.delete('alert:t:gone');
    first.close();
    clock.advance(10_000);

    const second = createFileStore(dir, clock, { environment: {} });
    expect(journalOf(dir)).toBe(`${JSON.stringify(['s', 'checkpoint:t', { n: 2999 }])}\n`);
    expect(await second.get('checkpoint:t', Value)).toEqual({ n: 2999 });
    expect(await second.get('ip:1.1.1.1', Value)).toBeUndefined();
    second.close();
  });

  it('imports a state.json of the earlier whole-file format once', async () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, 'state.json'),
      JSON.stringify({ version: 1, entries: { 'checkpoint:t': { value: { n: 7 } } } }),
    );
    const store = createFileStore(dir, fakeClock(), { environment: {} });
    expect(await store.get('checkpoint:t', Value)).toEqual({ n: 7 });
    expect(fs.existsSync(path.join(dir, 'state.json'))).toBe(false);
    store.close();
    expect(await createFileStore(dir, fakeClock()).get('checkpoint:t', Value)).toEqual({ n: 7 });
  });

  it('keeps a secret that comes from the environment in memory only', async () => {
    const dir = tempDir();
    const environment = { MCAS_TOKEN_CONTOSO: 'env-token-0123456789' };
    // An earlier version wrote it to disk: it is taken out on open.
    fs.writeFileSync(
      path.join(dir, 'secrets.json'),
      JSON.stringify({ version: 1, secrets: { 'secret:tenant:old': 'env-token-0123456789' } }),
    );
    const store = createFileStore(dir, fakeClock(), { environment });
    expect(fs.readFileSync(path.join(dir, 'secrets.json'), 'utf8')).not.toContain('env-token');
    await store.setSecret('secret:tenant:contoso', 'env-token-0123456789');
    await store.setSecret('secret:abuseipdb:SEC', 'typed-in-the-settings-page');
    expect(await store.getSecret('secret:tenant:contoso')).toBe('env-token-0123456789');
    const onDisk = fs
      .readdirSync(dir)
      .map((name) => fs.readFileSync(path.join(dir, name), 'utf8'))
      .join('\n');
    expect(onDisk).not.toContain('env-token');
    expect(onDisk).toContain('typed-in-the-settings-page');
    store.close();
  });

  it('refuses a state directory that is a file, in plain words', () => {
    const file = path.join(tempDir(), 'state');
    fs.writeFileSync(file, 'not a directory');
    expect(() => createFileStore(file)).toThrow(UnusableStateDirError);
    expect(() => createFileStore(file)).toThrow(
      `The state directory ${file} cannot be used: it is a file, not a directory.`,
    );
    expect(() => createFileStore(path.join(file, 'nested'))).toThrow(
      'it is a file, not a directory',
    );
  });

  it('loses no acknowledged write when the process is killed at a random moment', async () => {
    const script = path.join(__dirname, 'fixtures', 'journal-writer.ts');
    for (let round = 0; round < 3; round += 1) {
      const dir = tempDir();
      const child = spawn(process.execPath, ['--import', 'tsx', script, dir], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const target = 200 + Math.floor(Math.random() * 400);
      let acknowledged = -1;
      let buffered = '';
      await new Promise<void>((resolve) => {
        child.stdout.on('data', (chunk: Buffer) => {
          buffered += chunk.toString();
          const lines = buffered.split('\n');
          buffered = lines.pop() ?? '';
          for (const line of lines) acknowledged = Math.max(acknowledged, Number(line));
          if (acknowledged >= target && !child.killed) child.kill('SIGKILL');
        });
        child.on('exit', () => resolve());
      });
      expect(acknowledged).toBeGreaterThanOrEqual(target);

      const store = createFileStore(dir, fakeClock(), { environment: {} });
      for (let n = 0; n <= acknowledged; n += 1)
        expect(await store.get(`alert:t:${n}`, Value)).toMatchObject({ n });
      expect((await store.get('checkpoint:t', Value))?.n).toBeGreaterThanOrEqual(acknowledged);
      store.close();
    }
  }, 60_000);
});
