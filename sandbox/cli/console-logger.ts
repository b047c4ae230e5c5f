/** Structured log lines on stderr, so stdout stays the report (or the JSON of `--json`). */
import type { LogFields, Logger } from '../../src/ports';

export function createConsoleLogger(options: { verbose: boolean }): Logger {
  const write = (level: string, message: string, fields?: LogFields) => {
    const details = Object.entries(fields ?? {})
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${key}=${String(value)}`)
      .join(' ');
    process.stderr.write(`${level} ${message}${details ? ` ${details}` : ''}\n`);
  };
  return {
    info: (message, fields) => {
      if (options.verbose) write('info', message, fields);
    },
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
  };
}
