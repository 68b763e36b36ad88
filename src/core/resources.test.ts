import { describe, expect, it } from 'vitest';
import { boundingBox, distanceMiles, isOpenAt, isOvernight, localWeekTime, resourceCreateInput, resourceSearchQuery, type OpeningHours } from './resources.ts';

const weekdays9to5: OpeningHours[] = (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({ day, opens: '09:00', closes: '17:00' }));

describe('open now', () => {
  // Monday 2 March 2026, 15:00 UTC = 09:00 in Chicago (CST, UTC-6) and 10:00 in New York.
  const mondayMorning = new Date('2026-03-02T15:00:00Z');

  it('reads the hours in the location’s own time zone', () => {
    expect(localWeekTime(mondayMorning, 'America/Chicago')).toEqual({ day: 'mon', minute: 9 * 60 });
    expect(isOpenAt(weekdays9to5, 'America/Chicago', mondayMorning)).toBe(true);
    // The same instant is 07:00 in Los Angeles: not open yet.
    expect(isOpenAt(weekdays9to5, 'America/Los_Angeles', mondayMorning)).toBe(false);
    // A minute before nine in Chicago.
    expect(isOpenAt(weekdays9to5, 'America/Chicago', new Date('2026-03-02T14:59:00Z'))).toBe(false);
  });

  it('closes at the closing minute, not after it', () => {
    expect(isOpenAt(weekdays9to5, 'America/Chicago', new Date('2026-03-02T22:59:00Z'))).toBe(true);
    expect(isOpenAt(weekdays9to5, 'America/Chicago', new Date('2026-03-02T23:00:00Z'))).toBe(false);
  });

  it('follows daylight saving time (Chicago is UTC-5 in July)', () => {
    const julyMonday = new Date('2026-07-06T14:00:00Z'); // 09:00 CDT
    expect(isOpenAt(weekdays9to5, 'America/Chicago', julyMonday)).toBe(true);
    expect(isOpenAt(weekdays9to5, 'America/Chicago', new Date('2026-07-06T13:59:00Z'))).toBe(false);
  });

  it('counts overnight hours on the day after they open', () => {
    const friday: OpeningHours = { day: 'fri', opens: '22:00', closes: '06:00' };
    const fridayNight = [friday];
    expect(isOvernight(friday)).toBe(true);
    // Friday 6 March 2026 23:30 in Chicago = Saturday 05:30 UTC.
    expect(isOpenAt(fridayNight, 'America/Chicago', new Date('2026-03-07T05:30:00Z'))).toBe(true);
    // Saturday 05:59 in Chicago: still open; 06:00: closed.
    expect(isOpenAt(fridayNight, 'America/Chicago', new Date('2026-03-07T11:59:00Z'))).toBe(true);
    expect(isOpenAt(fridayNight, 'America/Chicago', new Date('2026-03-07T12:00:00Z'))).toBe(false);
    // Friday 21:59: not yet; and Thursday night is not covered.
    expect(isOpenAt(fridayNight, 'America/Chicago', new Date('2026-03-07T03:59:00Z'))).toBe(false);
    expect(isOpenAt(fridayNight, 'America/Chicago', new Date('2026-03-06T05:00:00Z'))).toBe(false);
  });

  it('wraps Sunday night into Monday morning', () => {
    const sundayNight: OpeningHours[] = [{ day: 'sun', opens: '20:00', closes: '02:00' }];
    // Monday 01:00 in New York = 06:00 UTC.
    expect(isOpenAt(sundayNight, 'America/New_York', new Date('2026-03-02T06:00:00Z'))).toBe(true);
  });

  it('treats 00:00–24:00 as all day and no hours as unknown', () => {
    const monday: OpeningHours = { day: 'mon', opens: '00:00', closes: '24:00' };
    const allDay = [monday];
    expect(isOvernight(monday)).toBe(false);
    expect(isOpenAt(allDay, 'America/Chicago', new Date('2026-03-02T06:00:00Z'))).toBe(true); // Monday 00:00 CST
    expect(isOpenAt(allDay, 'America/Chicago', new Date('2026-03-03T05:59:00Z'))).toBe(true); // Monday 23:59 CST
    expect(isOpenAt([], 'America/Chicago', mondayMorning)).toBeNull();
  });
});

describe('distance', () => {
  const cookJail = { latitude: 41.8378, longitude: -87.6957 };
  it('is zero to itself and symmetric', () => {
    expect(distanceMiles(cookJail, cookJail)).toBe(0);
    const joliet = { latitude: 41.525, longitude: -88.0817 };
    expect(distanceMiles(cookJail, joliet)).toBeCloseTo(distanceMiles(joliet, cookJail), 10);
  });

  it('matches known distances (Chicago to Springfield IL is about 185 miles as the crow flies)', () => {
    const springfield = { latitude: 39.7817, longitude: -89.6501 };
    expect(distanceMiles(cookJail, springfield)).toBeGreaterThan(170);
    expect(distanceMiles(cookJail, springfield)).toBeLessThan(185);
    // One degree of latitude is about 69 miles.
    expect(distanceMiles({ latitude: 40, longitude: -88 }, { latitude: 41, longitude: -88 })).toBeCloseTo(69.1, 0);
  });

  it('has a bounding box that holds every point within the radius', () => {
    const box = boundingBox(cookJail, 10);
    for (const bearing of [0, 45, 90, 135, 180, 225, 270, 315]) {
      // A point ~9.9 miles away in each direction.
      const rad = (bearing * Math.PI) / 180;
      const p = { latitude: cookJail.latitude + (9.9 / 69) * Math.cos(rad), longitude: cookJail.longitude + (9.9 / (69.17 * Math.cos((cookJail.latitude * Math.PI) / 180))) * Math.sin(rad) };
      expect(distanceMiles(cookJail, p)).toBeLessThan(10);
      expect(p.latitude).toBeGreaterThanOrEqual(box.minLat);
      expect(p.latitude).toBeLessThanOrEqual(box.maxLat);
      expect(p.longitude).toBeGreaterThanOrEqual(box.minLng);
      expect(p.longitude).toBeLessThanOrEqual(box.maxLng);
    }
  });
});

describe('resource input', () => {
  const location = { timeZone: 'America/Chicago', latitude: 41.8, longitude: -87.7 };
  it('names the field that is wrong', () => {
    const paths = (v: unknown) => {
      const r = resourceCreateInput.safeParse(v);
      return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
    };
    expect(paths({ name: '' })).toEqual(['name']);
    expect(paths({ name: 'X', locations: [{ ...location, latitude: 91 }] })).toEqual(['locations.0.latitude']);
    expect(paths({ name: 'X', locations: [{ ...location, longitude: null }] })).toEqual(['locations.0.longitude']);
    expect(paths({ name: 'X', locations: [{ ...location, timeZone: 'Mars/Base' }] })).toEqual(['locations.0.timeZone']);
    expect(paths({ name: 'X', locations: [{ ...location, hours: [{ day: 'mon', opens: '9am', closes: '17:00' }] }] })).toEqual(['locations.0.hours.0.opens']);
    expect(paths({ name: 'X', services: [{ name: 'S', categories: ['moud'], atLocations: [0] }] })).toEqual(['services.0.atLocations.0']);
    expect(paths({ name: 'X', services: [{ name: 'S', categories: ['food'], medications: ['buprenorphine'] }] })).toEqual(['services.0.categories']);
    expect(paths({ name: 'X', website: 'not a url' })).toEqual(['website']);
  });

  it('keeps each list value once', () => {
    const parsed = resourceCreateInput.parse({ name: 'X', services: [{ name: 'S', categories: ['moud', 'moud'], languages: ['ES', 'es'] }] });
    expect(parsed.services[0]).toMatchObject({ categories: ['moud'], languages: ['es'] });
  });

  it('reads search filters from the query string', () => {
    expect(resourceSearchQuery.parse({ medication: 'buprenorphine', insurance: 'medicaid,medicare', lat: '41.8', lng: '-87.7', openNow: 'true' })).toMatchObject({
      medication: ['buprenorphine'],
      insurance: ['medicaid', 'medicare'],
      lat: 41.8,
      lng: -87.7,
      openNow: true,
      limit: 25,
    });
    const paths = (v: unknown) => {
      const r = resourceSearchQuery.safeParse(v);
      return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
    };
    expect(paths({ medication: 'heroin' })).toEqual(['medication.0']);
    expect(paths({ lat: '41.8' })).toEqual(['lng']);
    expect(paths({ lat: '41.8', lng: 'west' })).toEqual(['lng']);
    expect(paths({ zip: '6060' })).toEqual(['zip']);
    expect(paths({ zip: '60608', lat: '41.8', lng: '-87.7' })).toEqual(['zip']);
  });
});
