import type { AuditEvent } from '../../../core/schemas.ts';

/**
 * How many records a list's row names: a list is audited as one row per read with the ids it
 * showed (`contactIds`, `referralIds`…), so its action can read "Listed 20 contacts". Rows that
 * name no such list (and a list's older rows, one per record) count as one.
 */
export function listedCount(details: AuditEvent['details']): number {
  const lists = Object.entries(details ?? {}).filter(([key, value]) => key.endsWith('Ids') && Array.isArray(value));
  return lists.length === 1 ? (lists[0]?.[1] as unknown[]).length : 1;
}
