import type { GroupRepeats, NistCategory } from './schema';

/**
 * What the triage rules decided for one alert. Single-valued actions come from the first matching
 * rule that sets them; labels add up; `suppressedBy` names the rule that said "no issue".
 */
export interface TriageOutcome {
  priority?: { value: string; rule: string };
  category?: { value: NistCategory; subCategory?: string; rule: string };
  assignee?: { value: string; rule: string };
  issueType?: { value: string; rule: string };
  labels: string[];
  suppressedBy?: string;
  /** The first matching rule that groups repeats: how, and for how long an issue takes them. */
  group?: { by: GroupRepeats['by']; windowHours: number; rule: string };
  /** One sentence per matching rule, e.g. "rule 'Staff leaked credentials' set priority Highest". */
  explanations: string[];
}

export const NO_TRIAGE: TriageOutcome = { labels: [], explanations: [] };
