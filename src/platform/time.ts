/** A zone's UTC offset in minutes at an instant (+540 for Asia/Seoul), from Intl's `longOffset` name. */
export function zoneOffsetMinutes(instant: number, timeZone: string): number {
  const name =
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(instant)
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  // "GMT" alone is UTC; "GMT+09:00" / "GMT-03:30" otherwise.
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/** Whether Intl knows `tz` as a time zone (an IANA name such as Asia/Seoul). */
export function isValidTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
