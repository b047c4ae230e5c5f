/**
 * The Logger port on the console, which Forge collects into the app's logs (`forge logs`). One
 * JSON object per line so lines can be filtered by field. Callers pass only non-secret fields.
 */
import type { LogFields, Logger } from '../ports';

function line(level: string, message: string, fields?: LogFields): string {
  return JSON.stringify({ level, message, ...fields });
}

export const consoleLogger: Logger = {
  info: (message, fields) => console.info(line('info', message, fields)),
  warn: (message, fields) => console.warn(line('warn', message, fields)),
  error: (message, fields) => console.error(line('error', message, fields)),
};
