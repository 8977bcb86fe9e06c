import { sql } from 'drizzle-orm';
import { openDatabase, rowsOf } from '../src/db/database.js';
import { FieldCrypto } from '../src/config/field-crypto.js';
import { seedDemo } from '../src/seed/demo.js';
import { SimulatedPlatform } from '../src/platform/simulated-platform.js';
import { hashPassword } from '../src/modules/accounts/credentials.js';
const kind = process.argv[2] as 'pglite' | 'postgres';
const h = await openDatabase(kind === 'postgres' ? { kind, url: process.argv[3]! } : { kind: 'pglite' });
await h.migrate();
const crypto = new FieldCrypto(Buffer.alloc(32, 1), Buffer.alloc(32, 2));
let t = Date.now();
const r = await seedDemo(h.db, { crypto, hashPassword, platform: new SimulatedPlatform() });
console.log('seeded', r, Date.now() - t);
console.log(await seedDemo(h.db, { crypto, hashPassword, platform: new SimulatedPlatform() }));
for (const tb of ['accounts', 'partners', 'contributions', 'medical_records', 'participations', 'balances', 'devices', 'location_samples']) {
  console.log(tb, rowsOf<any>(await h.db.execute(sql.raw(`select count(*)::int n from ${tb}`)))[0].n);
}
console.log(rowsOf(await h.db.execute(sql`select * from participations`)));
console.log(rowsOf(await h.db.execute(sql`select * from balances`)));
console.log(rowsOf(await h.db.execute(sql`select real_name, gender, ethnicity, birthday, city, employer from insurance_profiles`)));
await h.close();
