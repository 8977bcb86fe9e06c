// `pnpm db:migrate`: applies the committed migrations to the configured database and exits.
// The server does the same at start; this is for deployments that migrate as a separate step.
// It opens the database and nothing else: no secrets, no modules, no HTTP.
import { ConfigError, loadConfig } from '../config/config.js';
import { openConfiguredDatabase } from './database.js';

try {
  const config = loadConfig();
  const database = await openConfiguredDatabase(config);
  await database.migrate();
  console.log(`migrations applied (${database.kind})`);
  await database.close();
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
