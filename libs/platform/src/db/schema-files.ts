import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export interface SchemaFile {
  path: string;
  content: string;
}

/** The multi-file Prisma schema: every `.prisma` file of the directory, in name order. */
export async function readSchemaFiles(directory: string): Promise<SchemaFile[]> {
  const names = (await readdir(directory)).filter((name) => name.endsWith('.prisma')).sort();
  return Promise.all(
    names.map(async (name) => {
      const file = path.join(directory, name);
      return { path: file, content: await readFile(file, 'utf8') };
    }),
  );
}
