/** The US time zones programs most often run in; any other IANA zone can be typed in. */
export const COMMON_TIME_ZONES = [
  'America/New_York',
  'America/Detroit',
  'America/Indiana/Indianapolis',
  'America/Kentucky/Louisville',
  'America/Chicago',
  'America/Denver',
  'America/Boise',
  'America/Phoenix',
  'America/Los_Angeles',
  'America/Anchorage',
  'Pacific/Honolulu',
  'America/Puerto_Rico',
  'Pacific/Guam',
] as const;

export const OTHER_TIME_ZONE = 'other';

export function isCommonTimeZone(zone: string): boolean {
  return (COMMON_TIME_ZONES as readonly string[]).includes(zone);
}

export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return '';
  }
}

/** "America/Chicago (Central Time)" style label, in the viewer's language. */
export function timeZoneLabel(zone: string, locale: string): string {
  try {
    const parts = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'longGeneric' }).formatToParts(new Date());
    const name = parts.find((p) => p.type === 'timeZoneName')?.value;
    return name ? `${zone.replace(/_/g, ' ')} — ${name}` : zone;
  } catch {
    return zone;
  }
}
