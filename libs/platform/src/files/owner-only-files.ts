import { randomBytes } from 'node:crypto';
import { link, readFile, rename, unlink, writeFile } from 'node:fs/promises';

/**
 * Files only their owner may read (mode 0600) that several processes starting together may try to
 * create: each writes a temporary file of its own and links it into place, so exactly one wins and
 * nobody ever reads a half-written file.
 */
export async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Writes `text` to `file` unless it exists; false when another process created it first. */
export async function publishOnce(file: string, text: string): Promise<boolean> {
  const temporary = await writeTemporary(file, text);
  try {
    await link(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temporary);
  }
}

/** Replaces `file` with `text` in one rename. */
export async function replaceFile(file: string, text: string): Promise<void> {
  await rename(await writeTemporary(file, text), file);
}

async function writeTemporary(file: string, text: string): Promise<string> {
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, text, { mode: 0o600, flag: 'wx' });
  return temporary;
}
