/**
 * The Store port persisted in a directory, for the CLI: `state.json` holds values (with their
 * expiry), `secrets.json` (mode 0600) holds secrets apart. Each change rewrites the file it
 * touched atomically (write a temporary file, then rename), so a crash leaves the old or the new
 * state, never half of one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Clock } from '../../src/ports';
import type { InspectableStore, StoreState } from './state-store';
import { createStateStore } from './state-store';

export const STATE_FILE = 'state.json';
export const SECRETS_FILE = 'secrets.json';

const StateFile = z.object({
  version: z.literal(1),
  entries: z.record(z.string(), z.object({ value: z.unknown(), expiresAt: z.number().optional() })),
});
const SecretsFile = z.object({ version: z.literal(1), secrets: z.record(z.string(), z.string()) });

function readJson<T>(file: string, schema: z.ZodType<T>): T | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = schema.safeParse(JSON.parse(text));
  if (!parsed.success)
    throw new Error(`${file} is not a sandbox store file: ${parsed.error.message}`);
  return parsed.data;
}

function writeAtomically(file: string, content: unknown, mode: number): void {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode });
  fs.chmodSync(temporary, mode);
  fs.renameSync(temporary, file);
}

function load(dir: string): StoreState {
  const state = readJson(path.join(dir, STATE_FILE), StateFile);
  const secrets = readJson(path.join(dir, SECRETS_FILE), SecretsFile);
  return {
    entries: new Map(Object.entries(state?.entries ?? {})),
    secrets: new Map(Object.entries(secrets?.secrets ?? {})),
  };
}

export function createFileStore(dir: string, clock?: Clock): InspectableStore {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const state = load(dir);
  const save = (changed: 'values' | 'secrets') => {
    if (changed === 'values')
      writeAtomically(
        path.join(dir, STATE_FILE),
        { version: 1, entries: Object.fromEntries(state.entries) },
        0o644,
      );
    else
      writeAtomically(
        path.join(dir, SECRETS_FILE),
        { version: 1, secrets: Object.fromEntries(state.secrets) },
        0o600,
      );
  };
  return createStateStore(state, clock, save);
}
