/** How rules combine, in the words the README uses; shown next to the rule list and in the editor. */
import SectionMessage from '@atlaskit/section-message';

export function Semantics() {
  return (
    <SectionMessage title="How rules work">
      <ul>
        <li>Rules are tried in order, top to bottom; disabled rules are skipped.</li>
        <li>A rule matches when all its conditions hold (no conditions: every alert).</li>
        <li>
          For priority, category, assignee and issue type, the first matching rule that sets it
          wins.
        </li>
        <li>Labels from every matching rule are added.</li>
        <li>The severity → priority map applies only when no rule set a priority.</li>
        <li>
          Group repeats (first matching rule that sets it): while an open issue of the same tenant,
          alert title and affected users (or Defender incident) is younger than the window, a new
          matching alert becomes a comment on it instead of a new issue.
        </li>
        <li>
          Suppress wins over everything: no issue is created, and the alert is recorded as
          suppressed by that rule.
        </li>
      </ul>
    </SectionMessage>
  );
}
