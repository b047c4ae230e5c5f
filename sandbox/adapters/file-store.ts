/**
 * The Store port persisted in a directory, for the CLI: linear in the number of writes and safe
 * against a kill at any moment.
 *
 * Values live in `state.journal`, an append-only journal: one JSON line per write (`["s", key,
 * value, expiresAt?]` or `["d", key]`), appended with one write(2) before the write's promise
 * resolves. A process killed at any point loses nothing it was told was stored: the kernel holds
 * every completed write(2) whatever happens to the process. At worst the kill lands inside the
 * last append, and the torn line (no final newline) is dropped when the journal is next opened —
 * that write never resolved, so no caller relied on it. The journal is fsync'd at most once a
 * second (and on close) rather than per write: an fsync per claim costs milliseconds each, which
 * for 20,000 alerts is minutes, and it guards only against a power cut or a kernel crash, where
 * the claims lost in the last second are reconciled by the next run's search of the indexed
 * `mcas.alert` property like any other claim whose outcome is unknown.
 *
 * On open the journal is replayed into memory (the same maps the memory store uses) and, when it
 * holds more than twice the lines it needs, compacted: the live entries are written to a
 * temporary file, fsync'd, and renamed over the journal, so a kill mid-compaction leaves the old
 * journal whole. A `state.json` of the earlier whole-file format is imported once.
 *
 * Secrets stay in `secrets.json` (mode 0600), rewritten atomically when one changes (they are
 * few, written once per run at most). A secret whose value is the value of an environment
 * variable is kept in memory only: the CLI reads it from the environment on every run, so it has
 * no business on disk.
 *
 * A directory that cannot be used (a file, or not writable) is an `UnusableStateDirError` with a
 * plain message, raised when the store is created, before any sync starts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Clock } from '../../src/ports';
import { systemClock } from '../../src/ports';
import type { InspectableStore, StoreChange, StoreState, StoredItem } from './state-store';
import { createStateStore } from './state-store';

export const JOURNAL_FILE = 'state.journal';
export const SECRETS_FILE = 'secrets.json';
/** The whole-file format of earlier versions, imported once. */
export const LEGACY_STATE_FILE = 'state.json';

/** A journal shorter than this is never compacted: replaying it costs nothing. */
const COMPACT_MIN_LINES = 1_000;
const FSYNC_INTERVAL_MS = 1_000;
/** Environment values shorter than this are too common to say a secret came from them. */
const MIN_ENV_SECRET_LENGTH = 8;

const LegacyStateFile = z.object({
  version: z.literal(1),
  entries: z.record(z.string(), z.object({ value: z.unknown(), expiresAt: z.number().optional() })),
});
const SecretsFile = z.object({ version: z.literal(1), secrets: z.record(z.string(), z.string()) });
const JournalLine = z.union([
  z.tuple([z.literal('s'), z.string(), z.unknown()]),
  z.tuple([z.literal('s'), z.string(), z.unknown(), z.number()]),
  z.tuple([z.literal('d'), z.string()]),
]);

/** The state directory is a file, cannot be created, or cannot be written. */
export class UnusableStateDirError extends Error {
  constructor(dir: string, why: string) {
    super(
      `The state directory ${dir} cannot be used: ${why}. Set state.dir in the config file to a ` +
        'directory this user can write to (it is created if missing).',
    );
    this.name = 'UnusableStateDirError';
  }
}

/** The journal holds a line that is not a store write and is not a torn last line. */
export class CorruptStateError extends Error {
  constructor(file: string, line: number) {
    super(
      `${file} line ${line} is not a state journal entry: the state was changed by something ` +
        'other than this app. Move the file away to start from empty state (alerts already ' +
        'turned into issues are then found again through Jira).',
    );
    this.name = 'CorruptStateError';
  }
}

function journalLine(change: Exclude<StoreChange, { kind: 'secret' }>): string {
  const entry =
    change.kind === 'delete'
      ? ['d', change.key]
      : change.item.expiresAt === undefined
        ? ['s', change.key, change.item.value]
        : ['s', change.key, change.item.value, change.item.expiresAt];
  return `${JSON.stringify(entry)}\n`;
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'EEXIST':
    case 'ENOTDIR':
      return 'it is a file, not a directory';
    case 'EACCES':
    case 'EPERM':
      return 'this user may not write there';
    case 'EROFS':
      return 'it is on a read-only file system';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** Creates the directory and proves it writable, or says in plain words why not. */
function openDirectory(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!fs.statSync(dir).isDirectory()) throw Object.assign(new Error(), { code: 'ENOTDIR' });
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (error) {
    throw new UnusableStateDirError(dir, describeFsError(error));
  }
}

interface Replayed {
  entries: Map<string, StoredItem>;
  lines: number;
  /** Bytes up to the end of the last whole line: where appends continue. */
  goodBytes: number;
  torn: boolean;
}

function replay(file: string): Replayed {
  const entries = new Map<string, StoredItem>();
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { entries, lines: 0, goodBytes: 0, torn: false };
    throw error;
  }
  const end = text.lastIndexOf('\n') + 1;
  const lines = end === 0 ? [] : text.slice(0, end - 1).split('\n');
  lines.forEach((line, index) => {
    let parsed: z.infer<typeof JournalLine>;
    try {
      parsed = JournalLine.parse(JSON.parse(line));
    } catch {
      throw new CorruptStateError(file, index + 1);
    }
    if (parsed[0] === 'd') entries.delete(parsed[1]);
    else {
      const item: StoredItem = { value: parsed[2] };
      if (parsed[3] !== undefined) item.expiresAt = parsed[3];
      entries.set(parsed[1], item);
    }
  });
  return {
    entries,
    lines: lines.length,
    goodBytes: Buffer.byteLength(text.slice(0, end)),
    torn: end < text.length,
  };
}

/** One line, all of it: write(2) on a regular file may in principle take only part. */
function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text);
  let offset = 0;
  while (offset < bytes.length) offset += fs.writeSync(fd, bytes, offset);
}

function fsyncDirectory(dir: string): void {
  // A rename is durable once its directory is; some platforms cannot open a directory to sync it.
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Best effort: the rename itself is atomic either way.
  }
}

function writeAtomically(file: string, text: string, mode: number): void {
  const temporary = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(temporary, 'w', mode);
  try {
    writeAll(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.chmodSync(temporary, mode);
  fs.renameSync(temporary, file);
  fsyncDirectory(path.dirname(file));
}

/** The live entries as a journal of one line each. */
function snapshot(entries: Map<string, StoredItem>, now: number): string {
  let text = '';
  for (const [key, item] of entries) {
    if (item.expiresAt !== undefined && item.expiresAt <= now) continue;
    text += journalLine({ kind: 'set', key, item });
  }
  return text;
}

function readSecrets(file: string): Map<string, string> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw error;
  }
  const parsed = SecretsFile.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${file} is not a sandbox secrets file.`);
  return new Map(Object.entries(parsed.data.secrets));
}

function readLegacyState(file: string): Map<string, StoredItem> | undefined {
  if (!fs.existsSync(file)) return undefined;
  const parsed = LegacyStateFile.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} is not a sandbox store file.`);
  return new Map(Object.entries(parsed.data.entries));
}

export interface FileStore extends InspectableStore {
  /** Flushes the journal to disk and closes it; the store must not be used afterwards. */
  close(): void;
}

export function createFileStore(
  dir: string,
  clock: Clock = systemClock,
  options: { environment?: NodeJS.ProcessEnv } = {},
): FileStore {
  openDirectory(dir);
  const journalFile = path.join(dir, JOURNAL_FILE);
  const secretsFile = path.join(dir, SECRETS_FILE);
  const legacyFile = path.join(dir, LEGACY_STATE_FILE);
  const fromEnvironment = new Set(
    Object.values(options.environment ?? process.env).filter(
      (value): value is string => value !== undefined && value.length >= MIN_ENV_SECRET_LENGTH,
    ),
  );

  // A compaction killed before its rename leaves a temporary file behind: the journal is whole.
  for (const name of fs.readdirSync(dir)) {
    if (name.startsWith(`${JOURNAL_FILE}.`) && name.endsWith('.tmp'))
      fs.rmSync(path.join(dir, name), { force: true });
  }

  const replayed = replay(journalFile);
  const legacy = replayed.lines === 0 ? readLegacyState(legacyFile) : undefined;
  const entries = legacy ?? replayed.entries;
  const live = [...entries.values()].filter(
    (item) => item.expiresAt === undefined || item.expiresAt > clock.now(),
  ).length;
  if (legacy !== undefined || (replayed.lines > COMPACT_MIN_LINES && replayed.lines > 2 * live)) {
    writeAtomically(journalFile, snapshot(entries, clock.now()), 0o644);
    if (legacy !== undefined) fs.rmSync(legacyFile, { force: true });
  } else if (replayed.torn) {
    // The write a kill cut short never resolved: drop it, so appends start on a fresh line.
    fs.truncateSync(journalFile, replayed.goodBytes);
  }

  const storedSecrets = readSecrets(secretsFile);
  const state: StoreState = { entries, secrets: new Map(storedSecrets) };
  const persistedSecrets = () =>
    Object.fromEntries([...state.secrets].filter(([, value]) => !fromEnvironment.has(value)));
  const writeSecrets = (secrets: Record<string, string>) =>
    writeAtomically(secretsFile, `${JSON.stringify({ version: 1, secrets }, null, 2)}\n`, 0o600);
  // Secrets an earlier version wrote although they come from the environment are taken out.
  if ([...storedSecrets.values()].some((value) => fromEnvironment.has(value)))
    writeSecrets(persistedSecrets());

  let fd: number | undefined;
  try {
    fd = fs.openSync(journalFile, 'a', 0o644);
  } catch (error) {
    throw new UnusableStateDirError(dir, describeFsError(error));
  }
  let lastSync = clock.now();
  let dirty = false;
  const journal = (): number => {
    if (fd === undefined) throw new Error(`The state store in ${dir} is closed.`);
    return fd;
  };

  const save = (change: StoreChange) => {
    if (change.kind === 'secret') {
      const secrets = persistedSecrets();
      if (change.value === undefined || fromEnvironment.has(change.value))
        delete secrets[change.key];
      else secrets[change.key] = change.value;
      writeSecrets(secrets);
      return;
    }
    writeAll(journal(), journalLine(change));
    dirty = true;
    if (clock.now() - lastSync >= FSYNC_INTERVAL_MS) {
      fs.fsyncSync(journal());
      lastSync = clock.now();
      dirty = false;
    }
  };

  return {
    ...createStateStore(state, clock, save),
    close() {
      if (fd === undefined) return;
      if (dirty) fs.fsyncSync(fd);
      fs.closeSync(fd);
      fd = undefined;
    },
  };
}
