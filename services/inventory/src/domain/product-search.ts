/** Escapes LIKE wildcards so a search for "50%" or "A_1" matches those characters literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** An empty or blank query means "no filter". */
export function searchTerm(q: string | undefined): string | undefined {
  const term = q?.trim();
  return term ? escapeLike(term) : undefined;
}
