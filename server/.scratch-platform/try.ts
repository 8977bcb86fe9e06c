import { generatePerson } from '/work/main/server/src/seed/synthetic-person.js';
const p = generatePerson('DEMO00001', { cardNumber: 'DEMO00001', years: 10, asOfMonth: '2026-11', birthYears: [1980, 1992] });
console.log(JSON.stringify({ ...p, contributions: p.contributions.filter((c, i) => i < 10 || c.status !== 'PAID').slice(0, 40), medicalRecords: p.medicalRecords.slice(-8) }, null, 1));
console.log('contribs', p.contributions.length, 'medical', p.medicalRecords.length, p.medicalRecords.filter(r=>r.kind==='INPATIENT').length);
const emps = new Set(p.contributions.map(c => c.employer)); console.log([...emps]);
let t = Date.now(); let rows = 0, med = 0;
for (let i = 0; i < 100000; i++) { const q = generatePerson(`bench|${i}`, { asOfMonth: '2026-11' }); rows += q.contributions.length; med += q.medicalRecords.length; }
console.log('100k', Date.now() - t, 'ms', rows, med);
