import { openDatabase } from './src/db/database.js';
const t=Date.now();
const h = await openDatabase({kind:'pglite'});
console.log('open', Date.now()-t);
await h.migrate(); console.log('migrated', Date.now()-t, await h.isMigrated());
const blob = await h.dumpDataDir!(); console.log('dump', blob.size, Date.now()-t);
const t2=Date.now(); const h2 = await openDatabase({kind:'pglite', loadDataDir: blob}); console.log('load', Date.now()-t2, await h2.isMigrated());
const h3 = await openDatabase({kind:'postgres', url:'postgres://postgres@127.0.0.1:5432/test'}); await h3.migrate(); console.log('pg', await h3.isMigrated()); await h3.close();
