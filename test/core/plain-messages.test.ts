import { z } from 'zod';
import { fieldErrorsOf } from '../../src/contract/result';

function errorsOf(schema: z.ZodType, value: unknown): Record<string, string> {
  const parsed = schema.safeParse(value);
  if (parsed.success) throw new Error('expected a failure');
  return fieldErrorsOf(parsed.error);
}

describe('field messages in plain words', () => {
  const form = z.object({
    name: z.string().trim().min(1).max(5),
    days: z.number().int().min(1).max(90),
    mode: z.enum(['token', 'entra']),
    url: z.url(),
    pattern: z.string().refine(() => false, { error: 'is not a valid regular expression' }),
  });

  it('rewrites zod defaults into what to fix, and keeps a schema’s own message', () => {
    expect(
      errorsOf(form, { name: '', days: Number.NaN, mode: 'x', url: 'nope', pattern: '(' }),
    ).toEqual({
      name: 'is required',
      days: 'must be a number',
      mode: 'must be one of: token, entra',
      url: 'must be a web address (https://…)',
      pattern: 'is not a valid regular expression',
    });
    expect(errorsOf(form.pick({ name: true, days: true }), { name: 'toolong', days: 91 })).toEqual({
      name: 'must be at most 5 characters',
      days: 'must be 90 or less',
    });
    expect(errorsOf(form.pick({ days: true }), {})).toEqual({ days: 'is required' });
  });
});
