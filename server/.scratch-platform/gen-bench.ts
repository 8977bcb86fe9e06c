import { generatePerson } from '../src/seed/synthetic-person.js';
let t = Date.now(); let rows = 0, med = 0;
for (let i = 0; i < Number(process.env.N ?? 100000); i++) { const q = generatePerson(`bench|${i}`, { asOfMonth: '2026-11' }); rows += q.contributions.length; med += q.medicalRecords.length; }
console.log('100k', Date.now() - t, 'ms', rows, med);
