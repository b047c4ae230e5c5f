/**
 * Long values (URLs, directory and client ids, tokens and secrets) are entered the way an admin
 * enters them: pasted into the field, one input event. `user.type` re-renders the settings page
 * once per character (36 renders for a directory id), which made the tenant dialogs the slowest
 * suites of `npm run test:unit` (issue 11). Short input whose keystrokes matter (a name, a regular
 * expression being written) is still typed.
 */
import type userEvent from '@testing-library/user-event';

type User = ReturnType<typeof userEvent.setup>;

export async function paste(user: User, field: HTMLElement, value: string): Promise<void> {
  await user.click(field);
  await user.paste(value);
}
