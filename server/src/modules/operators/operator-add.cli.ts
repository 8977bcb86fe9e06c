// `pnpm operator:add --login NAME --name "显示名" --roles PARTNER_MANAGER[,…]`: creates an operator in
// the configured database (operators are never created by sign-up). The password is read from
// SHEBAO_OPERATOR_PASSWORD or asked on the terminal (not echoed); the otpauth URI for the
// authenticator app is printed once — the secret is stored only encrypted. With PGlite, stop the
// server first: one data folder must not be opened by two processes.
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import { Throttle } from '../../authz/throttle.js';
import { OPERATOR_ROLES, type OperatorRole } from '../../authz/principal.js';
import { ConfigError, loadConfig } from '../../config/config.js';
import { FieldCrypto } from '../../config/field-crypto.js';
import { loadSecrets } from '../../config/secrets.js';
import { openConfiguredDatabase } from '../../db/database.js';
import { newOperatorProblems, operatorsModule } from './index.js';

const USAGE = `Usage: pnpm operator:add --login NAME --name "DISPLAY NAME" --roles ROLE[,ROLE…]

  ROLE: ${OPERATOR_ROLES.join(', ')}
  The password (at least 12 characters) comes from SHEBAO_OPERATOR_PASSWORD or is asked for.
  Prints the otpauth:// URI to add to an authenticator app, once.`;

async function askHidden(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const output = rl as unknown as { _writeToOutput: (s: string) => void };
  let asked = false;
  output._writeToOutput = (s: string) => {
    if (!asked) process.stdout.write(s);
    asked = true;
  };
  try {
    return await new Promise((resolve) => rl.question(question, resolve));
  } finally {
    rl.close();
    process.stdout.write('\n');
  }
}

async function main(argv: string[]): Promise<number> {
  let values: { login?: string; name?: string; roles?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args: argv, options: { login: { type: 'string' }, name: { type: 'string' }, roles: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 64;
  }
  if (values.help || !values.login || !values.roles) {
    console.error(USAGE);
    return 64; // EX_USAGE
  }
  const roles = values.roles.split(',').map((r) => r.trim().toUpperCase()) as OperatorRole[];
  const password = process.env.SHEBAO_OPERATOR_PASSWORD ?? (await askHidden('Password: '));
  const input = { loginName: values.login, displayName: values.name ?? values.login, password, roles };
  const problems = newOperatorProblems(input);
  if (problems.length > 0) {
    console.error(`Invalid operator:\n  ${problems.join('\n  ')}`);
    return 65; // EX_DATAERR
  }
  const config = loadConfig();
  const secrets = await loadSecrets(config);
  const database = await openConfiguredDatabase(config);
  try {
    await database.migrate();
    const crypto = new FieldCrypto(secrets.dataKey, secrets.hashKey);
    const operators = operatorsModule.create({
      db: database.db,
      crypto,
      throttle: new Throttle(database.db, (value) => crypto.lookupHash(value)),
      limits: config.limits.operatorSignIn,
      production: config.production,
    });
    const created = await operators.services.operatorAccounts.create(input);
    console.log(`operator: ${input.loginName} (${roles.join(', ')})`);
    console.log(`otpauth URI (shown once; add it to an authenticator app, then discard):\n  ${created.otpauthUri}`);
    return 0;
  } catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code === '23505') {
      console.error('An operator with this login name already exists');
      return 65;
    }
    throw error;
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  },
);
