import { createHmac } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSigningKey, SIGNING_KEY_FILE } from './signing-key';

let dataDir: string;
const messages: string[] = [];
const logger = { info: (message: string) => void messages.push(message) };
const mac = (key: Awaited<ReturnType<typeof loadSigningKey>>) => createHmac('sha256', key).update('probe').digest('hex');

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'tw-jwt-key-'));
  messages.length = 0;
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

describe('loadSigningKey', () => {
  it('uses JWT_SECRET when set and writes nothing', async () => {
    const key = await loadSigningKey({ secret: 's'.repeat(32), dataDir, logger });
    expect(mac(key)).toBe(createHmac('sha256', 's'.repeat(32)).update('probe').digest('hex'));
    await expect(stat(path.join(dataDir, SIGNING_KEY_FILE))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('without one, generates a random key once into <dataDir>/jwt.key, readable by its owner only', async () => {
    const first = await loadSigningKey({ secret: undefined, dataDir, logger });
    const file = path.join(dataDir, SIGNING_KEY_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file, 'utf8')).trim()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(messages).toEqual([expect.stringContaining(`Generated the access-token signing key in ${file}`)]);
    const again = await loadSigningKey({ secret: undefined, dataDir, logger });
    expect(mac(again)).toBe(mac(first));
    expect(messages).toHaveLength(1);
  });

  it('gives processes starting together one key', async () => {
    const keys = await Promise.all(Array.from({ length: 8 }, () => loadSigningKey({ secret: undefined, dataDir, logger })));
    expect(new Set(keys.map(mac)).size).toBe(1);
    expect(messages).toHaveLength(1);
  });

  it('refuses a key file that holds too short a key, rather than signing with it', async () => {
    await writeFile(path.join(dataDir, SIGNING_KEY_FILE), 'short\n', { mode: 0o600 });
    await expect(loadSigningKey({ secret: undefined, dataDir, logger })).rejects.toThrow(/at least 32 characters/);
  });
});
