/**
 * The weekly scheduled trigger of Atlassian's personal-data lifecycle: `privacy.reportPersonalData`
 * reports the account ids the app stores and answers which were closed
 * (https://developer.atlassian.com/platform/forge/user-privacy-guidelines/). The answer is
 * parsed before the app acts on it; a failure throws, and the next week's run reports again.
 */
import { privacy } from '@forge/api';
import { z } from 'zod';
import type { PersonalDataReporter } from '../ports';
import { systemClock } from '../ports';
import { reportPersonalData } from '../sync/personal-data-report';
import { createKvsStore } from './kvs-store';
import { consoleLogger } from './logger';

const Answers = z.array(
  z.object({ accountId: z.string().min(1), status: z.enum(['updated', 'closed']) }),
);

export const forgePersonalDataReporter: PersonalDataReporter = {
  async report(accounts) {
    // `@forge/api` rejects with the raw Response on a status other than 200/204.
    const answers = await privacy.reportPersonalData(accounts).catch((failure: unknown) => {
      if (failure instanceof Error) throw failure;
      const status = (failure as { status?: unknown } | null)?.status;
      const answer = typeof status === 'number' ? String(status) : 'an error';
      throw new Error(`The personal-data reporting API answered ${answer}`);
    });
    return Answers.parse(answers);
  },
};

export async function personalData(): Promise<void> {
  await reportPersonalData({
    store: createKvsStore(),
    reporter: forgePersonalDataReporter,
    clock: systemClock,
    logger: consoleLogger,
  });
}
