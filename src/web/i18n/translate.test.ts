import { describe, expect, it } from 'vitest';
import { pickLocale } from './catalogues.ts';
import { en } from './en.ts';
import { interpolate, translate } from './translate.ts';

describe('translate', () => {
  it('fills {placeholders} with the parameters', () => {
    expect(translate([en], 'en', 'participant.editTitle', { name: 'Sam Okafor' })).toBe('Edit Sam Okafor');
    expect(interpolate('{a} and {b}', { a: 1, b: 'two' })).toBe('1 and two');
  });

  it('leaves an unknown placeholder visible rather than printing "undefined"', () => {
    expect(interpolate('Hello {name}', {})).toBe('Hello {name}');
  });

  it('chooses the plural form from count', () => {
    expect(translate([en], 'en', 'caseload.shown', { count: 1 })).toBe('1 participant');
    expect(translate([en], 'en', 'caseload.shown', { count: 3 })).toBe('3 participants');
    expect(translate([en], 'en', 'ui.errorSummaryTitle', { count: 1 })).toBe('There is a problem');
    expect(translate([en], 'en', 'ui.errorSummaryTitle', { count: 2 })).toBe('There are 2 problems');
  });

  it('falls back to the next catalogue, then to the key itself', () => {
    const es = { 'ui.cancel': 'Cancelar' };
    expect(translate([es, en], 'es', 'ui.cancel')).toBe('Cancelar');
    expect(translate([es, en], 'es', 'ui.edit')).toBe('Edit');
    expect(translate([es, en], 'es', 'no.such.key')).toBe('no.such.key');
  });

  it('labels every value of the shared vocabularies', () => {
    expect(translate([en], 'en', 'siteType.jail')).toBe('Jail');
    expect(translate([en], 'en', 'role.coach')).toBe('Peer recovery coach');
  });
});

describe('pickLocale', () => {
  it('takes the first preferred language we have, by base language, else English', () => {
    expect(pickLocale(['es-MX', 'en-US'], ['en', 'es'])).toBe('es');
    expect(pickLocale(['fr-FR', 'en-GB'], ['en', 'es'])).toBe('en');
    expect(pickLocale(['fr-FR'], ['en', 'es'])).toBe('en');
  });

  it('keeps the interface in English for a Spanish browser until the interface is translated', () => {
    expect(pickLocale(['es-MX'])).toBe('en');
  });
});
