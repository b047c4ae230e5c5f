/**
 * Where an admin fixes a field Jira refused at create time. The assignee, priority and issue
 * type an issue gets beyond the defaults come from the triage rules; every other refused field is
 * a mapped custom field.
 */
import { RULES_TAB_ADVICE, RULE_FIELDS } from '../core/triage-effects';

/** `refusal` is "<field id>: <Jira's message>", as the run summary lists it. */
export function refusedFieldAdvice(refusal: string): string {
  const field = refusal.slice(0, refusal.indexOf(':'));
  return Object.prototype.hasOwnProperty.call(RULE_FIELDS, field)
    ? `It was set by a triage rule: ${RULES_TAB_ADVICE.charAt(0).toLowerCase()}${RULES_TAB_ADVICE.slice(1)}`
    : 'Check the field mapping under Issue creation.';
}
