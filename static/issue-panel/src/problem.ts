/** What a failed re-check or look-up means for the person looking at the panel. */
import { ResolverCallError, messageOf } from '../../shared/client';
import { formatTime } from '../../shared/format';

export interface Problem {
  title: string;
  message: string;
}

export const NO_KEY: Problem = {
  title: 'No AbuseIPDB key is configured',
  message:
    'A Jira project admin can add one in the project settings, under Cloud App Alerts → AbuseIPDB.',
};

export function problemOf(error: unknown): Problem {
  if (error instanceof ResolverCallError) {
    const { code, retryAt } = error.error;
    if (code === 'NOT_CONFIGURED') return NO_KEY;
    if (code === 'RATE_LIMITED') {
      return {
        title: 'The AbuseIPDB daily quota is used up',
        message:
          retryAt === undefined
            ? error.message
            : `It resets ${formatTime(retryAt)}. The stored verdicts stay as they are until then.`,
      };
    }
    if (code === 'UNAVAILABLE') {
      return {
        title: 'AbuseIPDB could not be reached',
        message: `${error.message} Try again in a few minutes.`,
      };
    }
    if (code === 'FORBIDDEN') return { title: 'Not allowed', message: error.message };
  }
  return { title: 'The check failed', message: messageOf(error) };
}
