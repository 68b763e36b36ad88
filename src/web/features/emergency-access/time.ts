/** The time of day of an instant, in the viewer's time zone ("15:42", "3:42 PM"). */
export function formatTime(instant: string, locale: string): string {
  const d = new Date(instant);
  if (Number.isNaN(d.getTime())) return instant;
  return new Intl.DateTimeFormat(locale, { timeStyle: 'short' }).format(d);
}
