import type { departments } from '@tillwire/contracts';
import type { SqlExecutor } from '@tillwire/platform';

export type Department = departments.Department;

export interface DepartmentsRepository {
  list(db: SqlExecutor): Promise<Department[]>;
  get(db: SqlExecutor, code: string): Promise<Department | undefined>;
  /** False when a department with this code already exists. */
  insert(db: SqlExecutor, department: Department): Promise<boolean>;
  /** Undefined when there is no department with this code. */
  rename(db: SqlExecutor, department: Department): Promise<Department | undefined>;
  /** False when there is no department with this code. */
  remove(db: SqlExecutor, code: string): Promise<boolean>;
}

export const departmentsRepository: DepartmentsRepository = {
  list: (db) => db.query<Department>('SELECT code, name FROM departments.departments ORDER BY code'),

  async get(db, code) {
    const [row] = await db.query<Department>('SELECT code, name FROM departments.departments WHERE code = $1', [code]);
    return row;
  },

  async insert(db, { code, name }) {
    const inserted = await db.execute(
      `INSERT INTO departments.departments (code, name, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (code) DO NOTHING`,
      [code, name],
    );
    return inserted === 1;
  },

  async rename(db, { code, name }) {
    const updated = await db.execute('UPDATE departments.departments SET name = $2, updated_at = now() WHERE code = $1', [
      code,
      name,
    ]);
    return updated === 1 ? { code, name } : undefined;
  },

  async remove(db, code) {
    return (await db.execute('DELETE FROM departments.departments WHERE code = $1', [code])) === 1;
  },
};
