/**
 * The domain vocabulary the Custom UIs share with the server, re-exported so `static/` imports
 * only `src/contract` (docs/architecture.md, "Layers"). The contract's schemas are built from
 * these core models already; the UIs also need a few pure helpers whose words must match what
 * the server writes (rule descriptions, field labels, the built-in rules, the report CSV).
 * Pure code only: core imports nothing with I/O, so the bundles stay free of Node and Forge.
 */
export type {
  FieldMap,
  FieldMapKey,
  PriorityMap,
  ProjectConfig,
  Schedule,
  TenantAuthMode,
  TenantSource,
} from '../core/config';
export { FIELD_MAP_KEYS, FIELD_MAP_LABELS, GRAPH_BASE_URL, isMcasApiUrl } from '../core/config';
export type { IpFinding, IpRange, IpVerdict, RunSummary, Severity } from '../core/model';
export { SEVERITIES } from '../core/model';
export { reportCsv } from '../core/reports/csv';
export type { Segment, StackDimension, TopRow } from '../core/reports/model';
export { STACK_DIMENSIONS } from '../core/reports/model';
export type { ReportPeriod } from '../core/reports/period';
export { BUILTIN_RULES } from '../core/rules/builtin';
export { describeCategory, describeCondition, describeGrouping } from '../core/rules/describe';
export { ruleWarnings } from '../core/rules/rule-warnings';
export type { GroupRepeats, NistCategory, RuleCondition, UserList } from '../core/rules/schema';
export {
  DEFAULT_GROUP_WINDOW_HOURS,
  GROUP_BY,
  NIST_CATEGORIES,
  NIST_CATEGORY_LABELS,
  Rule,
} from '../core/rules/schema';
export {
  CLOSURE_KINDS,
  CLOSURE_WORDS,
  DEFAULT_RESOLUTION_CLOSURES,
  DEFAULT_WRITE_BACK,
  MCAS_REASONS,
  MCAS_REASON_WORDS,
} from '../core/write-back';
export type { ClosureKind, ResolutionClosure, WriteBackSettings } from '../core/write-back';
