import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const GENERATED = 'libs/contracts/src/generated';
const buf = (...args: string[]) => promisify(execFile)(path.join(ROOT, 'node_modules/.bin/buf'), args, { cwd: ROOT });

let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'tw-proto-'));
});
afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

async function filesUnder(dir: string): Promise<Map<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
  return new Map(await Promise.all(files.map(async (file) => [path.relative(dir, file), await readFile(file, 'utf8')] as const)));
}

describe('the gRPC contracts', () => {
  it('pass buf lint', async () => {
    await expect(buf('lint')).resolves.toMatchObject({ stdout: '' });
  });

  it('are generated: regenerating proto/ gives exactly the committed code (run `npm run proto:gen`)', async () => {
    await buf('generate', '--template', 'buf.gen.yaml', '--output', scratch);
    const fresh = await filesUnder(path.join(scratch, GENERATED));
    const committed = await filesUnder(path.join(ROOT, GENERATED));
    expect([...committed.keys()].sort()).toEqual([...fresh.keys()].sort());
    for (const [file, text] of fresh) expect(committed.get(file), `${GENERATED}/${file} is out of date`).toBe(text);
  });
});
