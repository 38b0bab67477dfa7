import type { departments } from '@tillwire/contracts';
import type { Db } from '@tillwire/platform';

export type Department = departments.Department;

export interface DepartmentsRepository {
  list(db: Db): Promise<Department[]>;
  get(db: Db, code: string): Promise<Department | undefined>;
  /** False when a department with this code already exists. */
  insert(db: Db, department: Department): Promise<boolean>;
  /** Undefined when there is no department with this code. */
  rename(db: Db, department: Department): Promise<Department | undefined>;
  /** The codes of `codes` that name no department. */
  missing(db: Db, codes: readonly string[]): Promise<string[]>;
}

const columns = { code: true, name: true } as const;

export const departmentsRepository: DepartmentsRepository = {
  list: (db) => db.department.findMany({ select: columns, orderBy: { code: 'asc' } }),

  async get(db, code) {
    return (await db.department.findUnique({ select: columns, where: { code } })) ?? undefined;
  },

  async insert(db, department) {
    const { count } = await db.department.createMany({ data: [department], skipDuplicates: true });
    return count === 1;
  },

  async rename(db, { code, name }) {
    const { count } = await db.department.updateMany({ where: { code }, data: { name } });
    return count === 1 ? { code, name } : undefined;
  },

  async missing(db, codes) {
    const unique = [...new Set(codes)];
    const found = await db.department.findMany({ select: { code: true }, where: { code: { in: unique } } });
    const known = new Set(found.map((d) => d.code));
    return unique.filter((code) => !known.has(code));
  },
};
