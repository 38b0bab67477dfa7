/** The wall-clock parts of `at` in `timeZone`. */
function localParts(at: Date, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return { year: part('year'), month: part('month'), day: part('day'), hour: part('hour'), minute: part('minute') };
}

/** The instant the wall clock of `timeZone` shows the given local time (the later reading when a DST change skips it). */
function instantOf(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): Date {
  const wanted = Date.UTC(year, month - 1, day, hour, minute);
  let guess = wanted;
  for (let i = 0; i < 3; i++) {
    const shown = localParts(new Date(guess), timeZone);
    const shownUtc = Date.UTC(shown.year, shown.month - 1, shown.day, shown.hour, shown.minute);
    if (shownUtc === wanted) break;
    guess += wanted - shownUtc;
  }
  return new Date(guess);
}

/** The next instant after `now` at which the store's clock reads `time` ("HH:MM"). */
export function nextRunAt(now: Date, time: string, timeZone: string): Date {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const today = localParts(now, timeZone);
  for (let offset = 0; offset < 3; offset++) {
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day + offset));
    const candidate = instantOf(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), hour, minute, timeZone);
    if (candidate > now) return candidate;
  }
  throw new Error(`No next run for ${time} in ${timeZone}`);
}

/** The business day before the one `at` falls on in `timeZone`, "YYYY-MM-DD". */
export function previousBusinessDate(at: Date, timeZone: string): string {
  const { year, month, day } = localParts(at, timeZone);
  return new Date(Date.UTC(year, month - 1, day - 1)).toISOString().slice(0, 10);
}
