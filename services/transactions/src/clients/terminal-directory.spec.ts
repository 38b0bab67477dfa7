import type { terminals } from '@tillwire/contracts';
import { describe, expect, it } from 'vitest';
import { TerminalDirectory } from './terminal-directory';

const terminal = (id: string, departmentCode: string): terminals.Terminal => ({
  id,
  name: id,
  departmentCode,
  locationCode: 'MAIN',
  vendor: 'simulator',
  status: 'online',
  lastSeenAt: null,
});

describe('TerminalDirectory', () => {
  it('asks once while an answer is fresh, again once it is evicted or old', async () => {
    let department = 'GROCERY';
    const asked: string[] = [];
    let now = 0;
    const directory = new TerminalDirectory(async (id) => (asked.push(id), terminal(id, department)), 1_000);
    const realNow = Date.now;
    Date.now = () => now;
    try {
      expect((await directory.get('T1')).departmentCode).toBe('GROCERY');
      department = 'HOME';
      expect((await directory.get('T1')).departmentCode).toBe('GROCERY');
      directory.evict('T1');
      expect((await directory.get('T1')).departmentCode).toBe('HOME');
      department = 'ELECTRONICS';
      now = 1_001;
      expect((await directory.get('T1')).departmentCode).toBe('ELECTRONICS');
      expect(asked).toEqual(['T1', 'T1', 'T1']);
    } finally {
      Date.now = realNow;
    }
  });

  it('does not keep a refusal: an unknown terminal is asked about again', async () => {
    let known = false;
    const directory = new TerminalDirectory(async (id) => {
      if (!known) throw Object.assign(new Error(`Terminal ${id} not found`), { type: 'not_found' });
      return terminal(id, 'GROCERY');
    });
    await expect(directory.get('T9')).rejects.toMatchObject({ type: 'not_found' });
    known = true;
    expect((await directory.get('T9')).id).toBe('T9');
  });
});
