import { describe, expect, it } from 'vitest';
import { digitsOnly, displayName, nameSounds, normalizeForSearch, soundex } from './names.ts';

describe('soundex', () => {
  it.each([
    ['Robert', 'R163'],
    ['Rupert', 'R163'],
    ['Rubin', 'R150'],
    ['Ashcraft', 'A261'], // h does not separate s and c
    ['Tymczak', 'T522'],
    ['Pfister', 'P236'], // the first letter's own code is not repeated
    ['Honeyman', 'H555'],
    ['Lee', 'L000'],
    ['Johnson', 'J525'],
    ['Jonson', 'J525'],
    ['Samuel', 'S540'],
    ['Samule', 'S540'],
    ['José', 'J200'],
    ["O'Brien", 'O165'],
  ])('%s → %s', (word, code) => {
    expect(soundex(word)).toBe(code);
  });

  it('gives nothing for a word without letters', () => {
    expect(soundex('')).toBe('');
    expect(soundex('1234')).toBe('');
  });
});

describe('normalizeForSearch', () => {
  it.each([
    ['José  Martínez', 'jose martinez'],
    ["O'Brien", 'obrien'],
    ['Mary-Kate', 'marykate'],
    ['  Ana   Reyes!! ', 'ana reyes'],
    ['Zoë Müller', 'zoe muller'],
    ['NGUYỄN Văn', 'nguyen van'],
    ['李 小龙', '李 小龙'],
    ['%_\\', ''],
  ])('%j → %j', (input, expected) => {
    expect(normalizeForSearch(input)).toBe(expected);
  });

  it('makes the stored name and the typed search meet', () => {
    expect(normalizeForSearch('JOSÉ')).toBe(normalizeForSearch('jose'));
  });
});

describe('nameSounds', () => {
  it('codes every word of every part once, skipping missing parts', () => {
    expect(nameSounds('Samuel', null, 'Johnson')).toBe('S540 J525');
    expect(nameSounds('Jon', 'John', undefined)).toBe('J500');
    expect(nameSounds('Mary Kate', "O'Brien")).toBe('M600 K300 O165');
    expect(nameSounds('', null)).toBe('');
  });
});

describe('digitsOnly and displayName', () => {
  it('keeps digits only', () => {
    expect(digitsOnly('+1 (312) 555-0142')).toBe('13125550142');
  });

  it('shows a preferred name only when it differs', () => {
    expect(displayName({ firstName: 'Samuel', lastName: 'Johnson', preferredName: 'Sonny' })).toBe('Samuel “Sonny” Johnson');
    expect(displayName({ firstName: 'Samuel', lastName: 'Johnson', preferredName: 'Samuel' })).toBe('Samuel Johnson');
    expect(displayName({ firstName: 'Samuel', lastName: 'Johnson', preferredName: null })).toBe('Samuel Johnson');
  });
});
