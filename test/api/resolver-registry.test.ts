/**
 * The resolver registry (`defineResolvers`, src/api/handler.ts): one handler per contract name,
 * each parsing its request and answering through the one error mapping. Its types are the point:
 * the `@ts-expect-error` lines below are checked by `npm run typecheck` (tsconfig.json includes
 * test/), so a handler that answers the wrong shape, or a contract name left without a handler,
 * is a compile error.
 */
import { z } from 'zod';
import { defineResolvers } from '../../src/api/handler';
import { resolverSpec } from '../../src/contract/result';
import { NotFoundError } from '../../src/core/errors';
import { silentLogger, systemClock } from '../../src/ports';

const contract = {
  'probe.count': resolverSpec(
    z.object({ of: z.string().max(10) }).strict(),
    z.object({ count: z.number().int() }).strict(),
  ),
  'probe.missing': resolverSpec(z.object({}).strict(), z.object({ found: z.boolean() }).strict()),
};
const ports = { clock: systemClock, logger: silentLogger };
const caller = { accountId: 'probe-0001' };
const anyone = () => Promise.resolve({ who: 'anyone' });

const handlers = defineResolvers(contract, ports, anyone, {
  'probe.count': ({ of }, access) => Promise.resolve({ count: of.length + access.who.length }),
  'probe.missing': () => Promise.reject(new NotFoundError('There is no such thing.')),
});

describe('defineResolvers', () => {
  it('defines one handler per contract name that parses, authorises and answers', async () => {
    expect(Object.keys(handlers).sort()).toEqual(['probe.count', 'probe.missing']);
    expect(await handlers['probe.count']({ of: 'abc' }, caller)).toEqual({
      ok: true,
      data: { count: 9 },
    });
  });

  it('answers a payload its request schema refuses with INVALID_INPUT and the field', async () => {
    const answer = await handlers['probe.count']({ of: 'far too long a word' }, caller);
    expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(!answer.ok && Object.keys(answer.error.fieldErrors ?? {})).toEqual(['of']);
  });

  it('maps a domain error through the one mapping (NotFoundError → NOT_FOUND)', async () => {
    expect(await handlers['probe.missing']({}, caller)).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'There is no such thing.' },
    });
  });

  it('does not compile a wrong answer or a missing handler (checked by npm run typecheck)', () => {
    const wrongAnswer = () =>
      defineResolvers(contract, ports, anyone, {
        // @ts-expect-error the contract answers a number, not a string
        'probe.count': () => Promise.resolve({ count: 'three' }),
        'probe.missing': () => Promise.resolve({ found: true }),
      });
    // An extra field is no compile error (TypeScript types are open); the strict response
    // schemas catch it when test/forge/resolver-contract.test.ts parses every answer.
    const missing = () =>
      // @ts-expect-error every name of the contract needs its handler
      defineResolvers(contract, ports, anyone, {
        'probe.count': () => Promise.resolve({ count: 3 }),
      });
    expect([wrongAnswer, missing].every((f) => typeof f === 'function')).toBe(true);
  });
});
