/** Langflow's current-date text, for the Agent's `get_current_date` tool and the Current Date component. */
/**
 * Langflow's `get_current_date`: `Current date and time in Europe/Paris: 2026-12-05 09:30:00 CET`
 * (`%Y-%m-%d %H:%M:%S %Z`; the zone's short name as the platform's Intl gives it), and for an
 * unknown zone the error as text, as Langflow answers it.
 */
export function currentDateText(zone: string, now: Date): string {
  const format = (locale: string) =>
    new Intl.DateTimeFormat(locale, {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'short',
    }).formatToParts(now);
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = format('en-US');
  } catch {
    return `Error: 'No time zone found with key ${zone}'`;
  }
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  // Names like CET are British English's; American English says GMT+1 there (but EST where British says GMT-5).
  let zoneName = part('timeZoneName');
  if (/^GMT[+-]/.test(zoneName)) zoneName = format('en-GB').find((p) => p.type === 'timeZoneName')?.value ?? zoneName;
  return `Current date and time in ${zone}: ${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}:${part('second')} ${zoneName}`;
}
