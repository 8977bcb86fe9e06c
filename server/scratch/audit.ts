import { auditServer } from 'graphql-http';
const key = process.argv[3];
const fetchFn = (input: RequestInfo | URL, init: RequestInit = {}) => fetch(input, key ? { ...init, headers: { ...(init.headers as Record<string, string>), 'x-shebao-developer-key': key } } : init);
const results = await auditServer({ url: process.argv[2] ?? 'http://127.0.0.1:4555/graphql', fetchFn });
for (const r of results) if (r.status !== 'ok') console.log(r.status, r.id, r.name, 'reason' in r ? r.reason : '');
console.log('ok', results.filter((r) => r.status === 'ok').length, 'warn', results.filter((r) => r.status === 'warn').length, 'error', results.filter((r) => r.status === 'error').length);
