import type { terminals } from '@tillwire/contracts';
import type { Db } from '@tillwire/platform';

export type Terminal = terminals.Terminal;
export type NewTerminal = Pick<Terminal, 'id' | 'name' | 'departmentCode' | 'locationCode' | 'vendor'>;
export type TerminalChanges = Partial<Pick<Terminal, 'name' | 'departmentCode'>>;

export interface TerminalsRepository {
  list(db: Db, filter: { departmentCode?: string }): Promise<Terminal[]>;
  get(db: Db, id: string): Promise<Terminal | undefined>;
  /** Undefined when a terminal with this id already exists. */
  insert(db: Db, terminal: NewTerminal): Promise<Terminal | undefined>;
  /** Undefined when there is no terminal with this id. */
  update(db: Db, id: string, changes: TerminalChanges): Promise<Terminal | undefined>;
}

const columns = {
  id: true,
  name: true,
  departmentCode: true,
  locationCode: true,
  vendor: true,
  status: true,
  lastSeenAt: true,
} as const;

export const terminalsRepository: TerminalsRepository = {
  async list(db, { departmentCode }) {
    const rows = await db.terminal.findMany({
      select: columns,
      where: departmentCode ? { departmentCode } : {},
      orderBy: { id: 'asc' },
    });
    return rows.map(toTerminal);
  },

  async get(db, id) {
    const row = await db.terminal.findUnique({ select: columns, where: { id } });
    return row ? toTerminal(row) : undefined;
  },

  async insert(db, terminal) {
    const [row] = await db.terminal.createManyAndReturn({ select: columns, data: [terminal], skipDuplicates: true });
    return row ? toTerminal(row) : undefined;
  },

  async update(db, id, changes) {
    const [row] = await db.terminal.updateManyAndReturn({ select: columns, where: { id }, data: changes });
    return row ? toTerminal(row) : undefined;
  },
};

type StoredTerminal = Omit<Terminal, 'lastSeenAt'> & { lastSeenAt: Date | null };

function toTerminal({ id, name, departmentCode, locationCode, vendor, status, lastSeenAt }: StoredTerminal): Terminal {
  return { id, name, departmentCode, locationCode, vendor, status, lastSeenAt: lastSeenAt?.toISOString() ?? null };
}
