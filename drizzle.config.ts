import { defineConfig } from 'drizzle-kit';

// Migrations are generated from the one schema and applied at start on PGlite and PostgreSQL alike.
export default defineConfig({
  dialect: 'postgresql',
  schema: './server/src/db/schema.ts',
  out: './server/drizzle',
});
