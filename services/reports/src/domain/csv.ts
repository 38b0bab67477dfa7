/** RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled; CRLF line ends. */
export function csvField(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  // A leading =, +, - or @ would run as a formula in a spreadsheet: a text cell keeps it inert.
  const safe = typeof value === 'string' && /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvRow(fields: ReadonlyArray<string | number | null | undefined>): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

/** The file in chunks of `size` bytes, split anywhere (a chunk may end inside a row, even inside a character). */
export function* csvChunks(header: readonly string[], rows: Iterable<ReadonlyArray<string | number | null | undefined>>, size = 64 * 1024) {
  let pending = Buffer.from(csvRow(header));
  for (const row of rows) {
    pending = Buffer.concat([pending, Buffer.from(csvRow(row))]);
    while (pending.length >= size) {
      yield pending.subarray(0, size);
      pending = pending.subarray(size);
    }
  }
  if (pending.length > 0) yield pending;
}
