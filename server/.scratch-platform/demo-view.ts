import { SimulatedPlatform } from '../src/platform/simulated-platform.js';
const r = await new SimulatedPlatform().fetchRecord(process.argv[2] ?? 'DEMO00001', '123456');
console.log(r.profile, r.balances);
let prev = '';
for (const c of r.contributions.filter((c) => c.insuranceType === 'PENSION')) {
  const k = `${c.employer} ${c.base} ${c.status}`;
  if (k !== prev) console.log(c.month, k);
  prev = k;
}
const kinds: Record<string, number> = {};
for (const m of r.medicalRecords) kinds[m.kind] = (kinds[m.kind] ?? 0) + 1;
console.log(kinds, r.medicalRecords.filter((m) => m.kind === 'INPATIENT'));
