/**
 * Imported first by every UI entry, before any module that builds a zod schema. Jira serves Custom
 * UI under a content security policy without 'unsafe-eval'; zod 4 otherwise probes `new
 * Function('')` (and compiles object parsers with it), which the browser reports as a CSP
 * violation on every page even though zod catches the throw. With `jitless` zod skips both the
 * probe and the compiler and parses with its interpreter. Object schemas read this setting when
 * they are constructed, hence a module of its own that runs before the contract is evaluated.
 */
import { z } from 'zod';

z.config({ jitless: true });
