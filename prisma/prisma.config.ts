import { defineConfig } from 'prisma/config';

// Migrations are produced and applied by Tillwire's own tooling (npm run db:diff / db:migrate);
// the layout is Prisma's, so `prisma migrate deploy` on a connected machine sees the same history.
export default defineConfig({
  schema: 'schema',
  migrations: { path: 'migrations' },
});
