import { randomUUID } from 'node:crypto';
import type { auth } from '@tillwire/contracts';
import { generatePassword, generatePin } from '../auth/generated-secrets';
import { hashSecret } from '../auth/secret-hash';
import { StoreDirectoryRepository } from '../auth/store-directory.repository';
import { UserRepository } from '../auth/user.repository';
import type { Database } from '../db/database';
import { columnsOf } from '../db/sql-executor';
import type { Log } from './database-setup';

const LOCATION = { code: 'MAIN', name: 'Main store' };

const DEPARTMENTS = [
  {
    code: 'GROCERY',
    name: 'Grocery',
    taxRateBp: 700,
    items: ['Apples 1 kg', 'Bananas', 'Whole milk 1 l', 'Sourdough loaf', 'Free-range eggs 6', 'Cheddar 200 g',
      'Espresso beans 500 g', 'Green tea 20 bags', 'Olive oil 500 ml', 'Basmati rice 1 kg', 'Spaghetti 500 g',
      'Tomato passata', 'Dark chocolate', 'Sparkling water 1.5 l', 'Orange juice 1 l', 'Greek yoghurt',
      'Butter 250 g', 'Porridge oats', 'Honey 340 g', 'Sea salt'],
  },
  {
    code: 'HOME',
    name: 'Home & Garden',
    taxRateBp: 2000,
    items: ['Ceramic mug', 'Tea towel set', 'Scented candle', 'Bath towel', 'Cotton pillowcase', 'Desk lamp',
      'Storage box', 'Picture frame', 'Watering can', 'Garden gloves', 'Plant pot 20 cm', 'Secateurs',
      'Doormat', 'Wall clock', 'Cushion cover', 'Glass tumbler 4', 'Chef knife', 'Chopping board',
      'Laundry basket', 'Batteries AA 8'],
  },
  {
    code: 'ELECTRONICS',
    name: 'Electronics',
    taxRateBp: 2000,
    items: ['USB-C cable 1 m', 'Wall charger 30 W', 'Wireless mouse', 'Keyboard', 'Earbuds', 'Bluetooth speaker',
      'Power bank 10000 mAh', 'HDMI cable 2 m', 'Memory card 64 GB', 'USB stick 128 GB', 'Phone case',
      'Screen protector', 'Webcam', 'Smart plug', 'LED bulb E27', 'Extension lead', 'Headphones',
      'Fitness band', 'Car charger', 'Laptop stand'],
  },
] as const;

const TERMINALS = [
  { id: 'T1', name: 'Grocery till 1', departmentCode: 'GROCERY', vendor: 'simulator' },
  { id: 'T2', name: 'Grocery till 2', departmentCode: 'GROCERY', vendor: 'nexo' },
  { id: 'T3', name: 'Home till 1', departmentCode: 'HOME', vendor: 'simulator' },
  { id: 'T4', name: 'Home till 2', departmentCode: 'HOME', vendor: 'nexo' },
  { id: 'T5', name: 'Electronics till 1', departmentCode: 'ELECTRONICS', vendor: 'simulator' },
  { id: 'T6', name: 'Electronics till 2', departmentCode: 'ELECTRONICS', vendor: 'nexo' },
] as const;

/** Operator of the shift each demo terminal is seeded with. */
const DEMO_OPERATOR = 'demo';

const MEMBERS = [
  { id: 'C-1001', name: 'Ada Lovelace', email: 'ada@example.com', balancePoints: 1_200n, tier: 'silver' },
  { id: 'C-1002', name: 'Alan Turing', email: 'alan@example.com', balancePoints: 350n, tier: 'bronze' },
  { id: 'C-1003', name: 'Grace Hopper', email: 'grace@example.com', balancePoints: 5_000n, tier: 'gold' },
  { id: 'C-1004', name: 'Edsger Dijkstra', email: 'edsger@example.com', balancePoints: 0n, tier: 'bronze' },
];

/** EAN-13 with a valid check digit, from a 12-digit body. */
export function ean13(body: string): string {
  const sum = [...body].reduce((acc, digit, index) => acc + Number(digit) * (index % 2 === 0 ? 1 : 3), 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

/**
 * Demo store for the embedded platform, written once: a second start finds it and leaves it alone.
 * Its users are created the first time there are none.
 */
export async function seedDemoStore(db: Database, log: Log): Promise<void> {
  await seedStore(db, log);
  await seedDemoUsers(db, log);
}

async function seedStore(db: Database, log: Log): Promise<void> {
  const [seeded] = await db.sql.query<{ n: bigint }>('SELECT count(*) AS n FROM departments.departments');
  if (seeded && seeded.n > 0n) return;
  const products = DEPARTMENTS.flatMap((department, d) =>
    department.items.map((name, i) => ({
      sku: `${department.code.slice(0, 3)}-${String(i + 1).padStart(3, '0')}`,
      barcode: ean13(`400${d + 1}${String(i + 1).padStart(8, '0')}`),
      name,
      priceMinor: 99 + ((i * 137 + d * 311) % 40) * 50,
      taxRateBp: department.taxRateBp,
      departmentCode: department.code,
    })),
  );
  const stock = products.map((product, i) => ({ sku: product.sku, onHand: 20 + ((i * 53) % 180) }));
  await db.sql.transaction(async (tx) => {
    await tx.execute(
      'INSERT INTO departments.departments (code, name, updated_at) SELECT code, name, now() FROM unnest($1::varchar[], $2::varchar[]) AS d(code, name)',
      columnsOf(DEPARTMENTS, ['code', 'name'] as const),
    );
    await tx.execute('INSERT INTO inventory.locations (code, name) VALUES ($1, $2)', [LOCATION.code, LOCATION.name]);
    await tx.execute(
      `INSERT INTO inventory.products (sku, barcode, name, price_minor, tax_rate_bp, department_code, updated_at)
       SELECT p.*, now() FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::bigint[], $5::int[], $6::varchar[]) AS p`,
      columnsOf(products, ['sku', 'barcode', 'name', 'priceMinor', 'taxRateBp', 'departmentCode'] as const),
    );
    // The opening stock enters as receipts, so the stock levels match their movement ledger.
    await tx.execute(
      `WITH stock AS (SELECT * FROM unnest($1::varchar[], $2::int[]) AS s(sku, on_hand)),
            levels AS (INSERT INTO inventory.stock_levels (sku, location_code, on_hand, updated_at) SELECT sku, $3, on_hand, now() FROM stock)
       INSERT INTO inventory.stock_movements (sku, location_code, kind, on_hand_delta, reserved_delta, reason)
       SELECT sku, $3, 'receipt', on_hand, 0, 'Opening stock' FROM stock`,
      [...columnsOf(stock, ['sku', 'onHand'] as const), LOCATION.code],
    );
    await tx.execute(
      `INSERT INTO terminals.terminals (id, name, department_code, location_code, vendor, updated_at)
       SELECT t.id, t.name, t.department_code, $5, t.vendor::terminals.terminal_vendor, now()
         FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::text[]) AS t(id, name, department_code, vendor)`,
      [...columnsOf(TERMINALS, ['id', 'name', 'departmentCode', 'vendor'] as const), LOCATION.code],
    );
    // The demo tills are ready to sell: each has an open cashier shift (operator `demo`, no float).
    await tx.execute(
      `INSERT INTO transactions.shifts (id, terminal_id, operator_id, shift_number, opening_float_minor)
       SELECT gen_random_uuid(), t.id, $2, 1, 0 FROM unnest($1::varchar[]) AS t(id)`,
      [TERMINALS.map((t) => t.id), DEMO_OPERATOR],
    );
    await tx.execute(
      `INSERT INTO loyalty.accounts (id, name, email, balance_points, lifetime_points, tier, updated_at)
       SELECT m.id, m.name, m.email, m.points, m.points, m.tier, now()
         FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::bigint[], $5::varchar[]) AS m(id, name, email, points, tier)`,
      columnsOf(MEMBERS, ['id', 'name', 'email', 'balancePoints', 'tier'] as const),
    );
  });
  log.info(
    `Seeded demo store: ${DEPARTMENTS.length} departments, ${TERMINALS.length} terminals (each with an open shift), ` +
      `${products.length} products, ${MEMBERS.length} loyalty members`,
  );
}

interface DemoUser {
  username: string;
  displayName: string;
  roles: auth.Role[];
  departmentCode: string | null;
  password?: string;
  pin?: string;
}

/**
 * When there are no users yet: an admin and a finance user with passwords, and a supervisor and an
 * operator with PINs per department, all with random secrets printed here once (no default
 * credentials exist). Only what this call stored is printed.
 */
export async function seedDemoUsers(db: Database, log: Log): Promise<void> {
  const users = new UserRepository();
  if ((await users.count(db.sql)) > 0) return;
  const departments = await new StoreDirectoryRepository().departmentCodes(db.sql);
  const demo: DemoUser[] = [
    { username: 'admin', displayName: 'Demo admin', roles: ['admin'], departmentCode: null, password: generatePassword() },
    { username: 'finance', displayName: 'Demo finance', roles: ['finance'], departmentCode: null, password: generatePassword() },
    ...departments.flatMap((code): DemoUser[] =>
      (['supervisor', 'operator'] as const).map((role) => ({
        username: `${role}-${code.toLowerCase()}`,
        displayName: `${code.charAt(0)}${code.slice(1).toLowerCase()} ${role}`,
        roles: [role],
        departmentCode: code,
        pin: generatePin(),
      })),
    ),
  ];
  const hashed = await Promise.all(
    demo.map(async (user) => ({
      ...user,
      passwordHash: user.password === undefined ? null : await hashSecret(user.password),
      pinHash: user.pin === undefined ? null : await hashSecret(user.pin),
    })),
  );
  const created = await db.sql.transaction(async (tx) => {
    const stored: DemoUser[] = [];
    const now = new Date();
    for (const user of hashed) {
      if (await users.insert(tx, { id: randomUUID(), ...user }, now)) stored.push(user);
    }
    return stored;
  });
  if (created.length === 0) return;
  const width = Math.max(...created.map((user) => user.username.length));
  log.info('Created demo users; their secrets are shown this once and stored only as hashes:');
  for (const user of created) {
    const secret = user.password === undefined ? `PIN ${user.pin ?? ''}  (terminals of ${user.departmentCode ?? ''})` : `password ${user.password}`;
    log.info(`  ${user.username.padEnd(width)}  ${user.roles.join(',').padEnd(10)}  ${secret}`);
  }
  log.info('  Reset one with `npm run cli -- users set-password <username>` or `… users set-pin <username>`; list them with `… users list`.');
}
