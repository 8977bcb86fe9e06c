// `pnpm db:migrate`: applies the committed migrations to the configured database and exits.
// The server does the same at start; this is for deployments that migrate as a separate step.
import { ConfigError, loadConfig } from '../config/config.js';
import { openConfiguredDatabase } from '../index.js';

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
