/** Calendar dates as the people at a site live them. Pure: the caller passes the instant. */

// Building a DateTimeFormat costs far more than using one: keep one per zone (a program has a handful).
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone: 23:30 in Chicago is still that day there, though it is tomorrow in UTC. */
export function isoDateIn(instant: Date, timeZone: string): string {
  return formatterFor(timeZone).format(instant);
}
