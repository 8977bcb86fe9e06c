import { loadConfig } from '../src/config/config.js';
const c = loadConfig({});
console.log(JSON.stringify(c.limits), c.http);
console.log(JSON.stringify(loadConfig({ SHEBAO_LIMITS: '{"requests":{"perAddress":5},"signIn":{"perNumber":{"free":2}}}', SHEBAO_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).limits.signIn), loadConfig({SHEBAO_TRUST_PROXY: '10.0.0.1'}).http);
for (const bad of ['{"requests":{"perAdress":5}}', 'nope', '{"requests":{"perAddress":0}}']) { try { loadConfig({ SHEBAO_LIMITS: bad }); } catch (e) { console.log((e as Error).message); } }
try { loadConfig({ SHEBAO_TRUST_PROXY: 'true' }); } catch (e) { console.log((e as Error).message); }
