export { decideInWorkspace, decidePermission, readDeniedPredicate } from './decide';
export { suggestRule } from './suggest';
export { parseRule, type ParsedRule } from './rules';
export { READ_ONLY_PROGRAMS } from './read-only';
export type { DecideArgs, PermissionDecision, RefusalDecision } from './types';
