import { describe, expect, it } from 'vitest';
import { en } from '../../i18n/en.ts';
import { translate } from '../../i18n/translate.ts';
import { listedCount } from './listedCount.ts';

const ID = '11111111-1111-4111-8111-111111111111';

describe('an access history row of a list', () => {
  it('counts the records the one list of ids names', () => {
    expect(listedCount({ contactIds: [ID, ID, ID] })).toBe(3);
    expect(listedCount({ contactIds: [] })).toBe(0);
    expect(listedCount({ referralIds: [ID], note: 'x' })).toBe(1);
  });

  it('counts one for a row that names no list, or more than one', () => {
    expect(listedCount(null)).toBe(1);
    expect(listedCount({ fields: ['note', 'mode'] })).toBe(1);
    expect(listedCount({ contactIds: [ID, ID], referralIds: [ID, ID] })).toBe(1);
  });

  it('reads a contacts page as one action with its size', () => {
    const action = (details: Record<string, unknown> | null) =>
      translate([en], 'en', 'audit.actions.contact.list', { count: listedCount(details) });
    expect(action({ contactIds: Array.from({ length: 20 }, () => ID) })).toBe('Listed 20 contacts');
    expect(action({ contactIds: [] })).toBe('Listed contacts (none to show)');
    // A row written before lists were audited as one row per read names one contact.
    expect(action(null)).toBe('Listed a contact');
  });
});
