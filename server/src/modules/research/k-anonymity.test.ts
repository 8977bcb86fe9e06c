import { describe, expect, it } from 'vitest';
import {
  findBridge,
  protectTable,
  protectVector,
  suppressionPattern,
  type Aggregate,
  type ProtectedTable,
  type ProtectedValue,
  type TableInput,
} from './k-anonymity.js';

const K = 10;

/** The table as the researcher sees it: an (R+1) × (C+1) grid with the totals in the last row and column. */
function publishedGrid(table: ProtectedTable): ProtectedValue[][] {
  const C = table.columns.length;
  const grid: ProtectedValue[][] = table.rows.map((_, i) => [...table.cells.slice(i * C, (i + 1) * C), table.rowTotals[i]!]);
  grid.push([...table.columnTotals, table.grandTotal]);
  return grid;
}

type Line = { entries: ProtectedValue[]; label: string };

/** Every row and column of the grid; in each, the last entry is the sum of the others. */
function linesOf(grid: ProtectedValue[][]): Line[] {
  const lines: Line[] = grid.map((entries, i) => ({ entries, label: `row ${i}` }));
  for (let j = 0; j < grid[0]!.length; j += 1) lines.push({ entries: grid.map((line) => line[j]!), label: `column ${j}` });
  return lines;
}

/**
 * The differencing attack: in each line, every other entry is published, so a single hidden entry
 * is `total - others` (or, when the total is the hidden one, the sum of the cells).
 * Returns the entries recovered this way.
 */
function differencingAttack(table: ProtectedTable): { line: string; recovered: number }[] {
  const found: { line: string; recovered: number }[] = [];
  for (const { entries, label } of linesOf(publishedGrid(table))) {
    const hidden = entries.filter((e) => e.suppressed);
    if (hidden.length !== 1) continue;
    const total = entries[entries.length - 1]!;
    const cells = entries.slice(0, -1);
    const recovered = total.suppressed
      ? cells.reduce((s, e) => s + e.people!, 0)
      : total.people! - cells.filter((e) => !e.suppressed).reduce((s, e) => s + e.people!, 0);
    found.push({ line: label, recovered });
  }
  return found;
}

/**
 * Stronger than single subtractions: whether any hidden entry is fixed by any combination of the
 * line equations. Entry u is determined exactly when e_u lies in the row space of the system.
 */
function determinedEntries(hidden: boolean[][]): string[] {
  const height = hidden.length;
  const width = hidden[0]!.length;
  const unknowns: [number, number][] = [];
  hidden.forEach((line, i) => line.forEach((h, j) => h && unknowns.push([i, j])));
  const equations: number[][] = [];
  for (let i = 0; i < height; i += 1) equations.push(unknowns.map(([a, b]) => (a === i ? (b === width - 1 ? -1 : 1) : 0)));
  for (let j = 0; j < width; j += 1) equations.push(unknowns.map(([a, b]) => (b === j ? (a === height - 1 ? -1 : 1) : 0)));
  const base = rank(equations);
  return unknowns
    .filter((_, u) => rank([...equations, unknowns.map((__, v) => (v === u ? 1 : 0))]) === base)
    .map(([i, j]) => `${i},${j}`);
}

function rank(matrix: number[][]): number {
  const m = matrix.map((row) => [...row]);
  let r = 0;
  const columns = m[0]?.length ?? 0;
  for (let c = 0; c < columns && r < m.length; c += 1) {
    const pivot = m.findIndex((row, n) => n >= r && Math.abs(row[c]!) > 1e-9);
    if (pivot === -1) continue;
    [m[r], m[pivot]] = [m[pivot]!, m[r]!];
    for (let n = 0; n < m.length; n += 1) {
      if (n === r) continue;
      const f = m[n]![c]! / m[r]![c]!;
      if (f !== 0) m[n] = m[n]!.map((v, x) => v - f * m[r]![x]!);
    }
    r += 1;
  }
  return r;
}

const hiddenOf = (table: ProtectedTable) => publishedGrid(table).map((line) => line.map((e) => e.suppressed));

function table(rows: string[], columns: string[], counts: number[][], amount = 100): TableInput {
  return {
    rows,
    columns,
    cells: rows.flatMap((row, i) => columns.map((column, j) => ({ row, column, count: counts[i]![j]!, sum: counts[i]![j]! * amount + i + j }))),
  };
}

describe('protectTable', () => {
  const cities = ['北京', '上海', '广州'];
  const bands = ['<30', '30-39', '40-49'];

  it('hides a group of 9, and no subtraction of published totals recovers it', () => {
    const result = protectTable(
      table(cities, bands, [
        [9, 40, 55],
        [31, 12, 80],
        [25, 60, 18],
      ]),
    );
    const nine = result.cells.find((c) => c.row === '北京' && c.column === '<30')!;
    expect(nine).toEqual({ row: '北京', column: '<30', people: null, sum: null, mean: null, suppressed: true });
    // Every total is still published: the protection comes from complements, not from hiding totals.
    expect([...result.rowTotals, ...result.columnTotals, result.grandTotal].every((t) => !t.suppressed)).toBe(true);
    expect(differencingAttack(result)).toEqual([]);
    expect(determinedEntries(hiddenOf(result))).toEqual([]);
    // Complements: the smallest group in the 9's row (40) and column (25), then the cell that closes
    // both of their lines at once (60) rather than the smaller 12, which would open a new row.
    expect(result.cells.filter((c) => c.suppressed).map((c) => `${c.row}/${c.column}`)).toEqual(['北京/<30', '北京/30-39', '广州/<30', '广州/30-39']);
  });

  it('would leak the 9 by subtraction with primary suppression alone', () => {
    const counts = [
      [9, 40, 55],
      [31, 12, 80],
      [25, 60, 18],
    ];
    const grid = [...counts.map((line) => [...line, line.reduce((a, b) => a + b)])];
    grid.push([0, 1, 2, 3].map((j) => grid.reduce((s, line) => s + line[j]!, 0)));
    const primaryOnly = grid.map((line) => line.map((n) => n > 0 && n < K));
    expect(determinedEntries(primaryOnly)).toEqual(['0,0']);
    // The row total minus the published cells gives the hidden group exactly.
    expect(grid[0]![3]! - grid[0]![1]! - grid[0]![2]!).toBe(9);
  });

  it('shows groups of exactly 10', () => {
    const result = protectTable(
      table(cities, bands, [
        [10, 10, 10],
        [10, 11, 10],
        [10, 10, 10],
      ]),
    );
    expect(result.cells.every((c) => !c.suppressed)).toBe(true);
    expect(result.cells[0]).toEqual({ row: '北京', column: '<30', people: 10, sum: 1000, mean: 100, suppressed: false });
    expect(result.grandTotal).toEqual({ people: 91, sum: 9100 + 18, mean: 100.2, suppressed: false });
  });

  it('shows empty cells as zero and never hides them first', () => {
    const result = protectTable(
      table(cities, bands, [
        [0, 40, 55],
        [31, 0, 80],
        [25, 60, 0],
      ]),
    );
    expect(result.cells.every((c) => !c.suppressed)).toBe(true);
    expect(result.cells[0]).toMatchObject({ people: 0, sum: 0, mean: null });
  });

  it('hides a total smaller than k, and a second one so it cannot be recovered from the grand total', () => {
    const result = protectTable(
      table(['a', 'b', 'c'], ['x', 'y'], [
        [3, 4],
        [30, 40],
        [50, 60],
      ]),
    );
    expect(result.rowTotals[0]).toMatchObject({ key: 'a', suppressed: true });
    expect(result.rowTotals.filter((t) => t.suppressed).length).toBeGreaterThanOrEqual(2);
    expect(differencingAttack(result)).toEqual([]);
    expect(determinedEntries(hiddenOf(result))).toEqual([]);
  });

  it('protects a cell that only joins two hidden rectangles (a bridge)', () => {
    // Two 2×2 blocks of small groups joined by one small group at (0,2): every line holds two or
    // more hidden cells, yet (0,2) equals a combination of the equations of rows 0–1 and columns 0–1.
    const counts = [
      [5, 6, 7, 50, 60],
      [4, 3, 90, 40, 70],
      [80, 90, 2, 8, 50],
      [70, 60, 6, 5, 40],
      [50, 40, 30, 20, 10],
    ];
    const R = counts.length;
    const C = counts[0]!.length;
    const grid = counts.map((line) => [...line, line.reduce((a, b) => a + b)]);
    grid.push(Array.from({ length: C + 1 }, (_, j) => grid.reduce((s, line) => s + line[j]!, 0)));
    const primary = grid.map((line) => line.map((n) => n > 0 && n < K));
    expect(findBridge(primary)).toEqual({ i: 0, j: 2 });
    expect(determinedEntries(primary)).toEqual(['0,2']);

    const rows = Array.from({ length: R }, (_, i) => `r${i}`);
    const columns = Array.from({ length: C }, (_, j) => `c${j}`);
    const result = protectTable(table(rows, columns, counts));
    expect(findBridge(hiddenOf(result))).toBeUndefined();
    expect(determinedEntries(hiddenOf(result))).toEqual([]);
    expect(differencingAttack(result)).toEqual([]);
  });

  it('uses the given margins (distinct people) and hides by count only, whatever the amounts', () => {
    const input: TableInput = {
      rows: ['a', 'b'],
      columns: ['2024-01', '2024-02', '2024-03'],
      cells: [
        { row: 'a', column: '2024-01', count: 8, sum: 800 },
        { row: 'a', column: '2024-02', count: 20, sum: 5000 },
        { row: 'a', column: '2024-03', count: 30, sum: 1 },
        { row: 'b', column: '2024-01', count: 15, sum: 150 },
        { row: 'b', column: '2024-02', count: 16, sum: 99999 },
        { row: 'b', column: '2024-03', count: 40, sum: 4 },
      ],
      margins: {
        rows: new Map([
          ['a', { count: 35, sum: 5801 }],
          ['b', { count: 45, sum: 100153 }],
        ]),
        columns: new Map([
          ['2024-01', { count: 23, sum: 950 }],
          ['2024-02', { count: 36, sum: 104999 }],
          ['2024-03', { count: 70, sum: 5 }],
        ]),
        grand: { count: 60, sum: 105954 },
      },
    };
    const result = protectTable(input);
    expect(result.rowTotals[0]).toMatchObject({ people: 35, suppressed: false });
    expect(differencingAttack(result)).toEqual([]);
    const otherAmounts = protectTable({ ...input, cells: input.cells.map((c) => ({ ...c, sum: c.count * 7 })) });
    expect(hiddenOf(otherAmounts)).toEqual(hiddenOf(result));
  });

  it('rejects malformed input', () => {
    expect(() => protectTable(table(['a'], ['x'], [[1]]), 1)).toThrow();
    expect(() => protectTable({ rows: ['a'], columns: ['x'], cells: [{ row: 'z', column: 'x', count: 1, sum: 1 }] })).toThrow();
    expect(() => protectTable({ rows: ['a'], columns: ['x'], cells: [{ row: 'a', column: 'x', count: -1, sum: 1 }] })).toThrow();
    expect(() => protectTable({ rows: ['a', 'a'], columns: ['x'], cells: [] })).toThrow();
  });
});

/** mulberry32: a small seeded PRNG, so a failing case can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomTable(random: () => number): TableInput {
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const rows = Array.from({ length: int(1, 7) }, (_, i) => `r${i}`);
  const columns = Array.from({ length: int(1, 7) }, (_, j) => `c${j}`);
  const smallShare = random() * 0.6;
  const cells = rows.flatMap((row) =>
    columns.map((column) => {
      const roll = random();
      const count = roll < 0.15 ? 0 : roll < 0.15 + smallShare ? int(1, 9) : int(10, 300);
      return { row, column, count, sum: count * int(50, 5000) + int(0, 99) / 100 };
    }),
  );
  if (random() < 0.5) return { rows, columns, cells };
  // Distinct-people margins: up to a third of the people appear in more than one cell of a line.
  const distinct = (values: Aggregate[]) => {
    const count = values.reduce((s, v) => s + v.count, 0);
    return { count: Math.max(Math.max(0, ...values.map((v) => v.count)), count - Math.floor(count * random() * 0.33)), sum: values.reduce((s, v) => s + v.sum, 0) };
  };
  return {
    rows,
    columns,
    cells,
    margins: {
      rows: new Map(rows.map((row) => [row, distinct(cells.filter((c) => c.row === row))])),
      columns: new Map(columns.map((column) => [column, distinct(cells.filter((c) => c.column === column))])),
      grand: distinct(cells),
    },
  };
}

describe('protectTable on random tables', () => {
  it('never leaves a line with a published total and exactly one hidden entry', () => {
    for (let seed = 1; seed <= 500; seed += 1) {
      const input = randomTable(prng(seed));
      const result = protectTable(input, K);
      const context = `seed ${seed}`;
      expect(differencingAttack(result), context).toEqual([]);
      expect(determinedEntries(hiddenOf(result)), context).toEqual([]);
      for (const cell of result.cells) {
        const original = input.cells.find((c) => c.row === cell.row && c.column === cell.column)!;
        if (original.count > 0 && original.count < K) expect(cell.suppressed, context).toBe(true);
        expect(cell.suppressed ? [cell.people, cell.sum, cell.mean] : [], context).toEqual(cell.suppressed ? [null, null, null] : []);
        if (!cell.suppressed) expect(cell.people, context).toBe(original.count);
      }
      for (const total of [...result.rowTotals, ...result.columnTotals, result.grandTotal]) {
        if (total.people !== null) expect(total.people >= K || total.people === 0, context).toBe(true);
      }
      // Deterministic: the same table always hides the same entries.
      expect(hiddenOf(protectTable(input, K)), context).toEqual(hiddenOf(result));
    }
  });
});

describe('suppressionPattern', () => {
  it('leaves a table without small groups alone', () => {
    expect(
      suppressionPattern(
        [
          [10, 20, 30],
          [40, 50, 90],
        ],
        K,
      ),
    ).toEqual([
      [false, false, false],
      [false, false, false],
    ]);
  });
});

describe('protectVector', () => {
  const values = (entries: [string, number][]) => new Map(entries.map(([key, count]) => [key, { count, sum: count * 10 }]));

  it('hides a group of 9 and, with a published total, the next smallest group too', () => {
    const result = protectVector({
      keys: ['a', 'b', 'c', 'd'],
      values: values([
        ['a', 9],
        ['b', 50],
        ['c', 12],
        ['d', 0],
      ]),
      total: { count: 71, sum: 710 },
    });
    expect(result.entries.map((e) => e.suppressed)).toEqual([true, false, true, false]);
    expect(result.total).toEqual({ people: 71, sum: 710, mean: 10, suppressed: false });
    expect(result.entries[3]).toMatchObject({ people: 0, suppressed: false });
  });

  it('shows groups of exactly 10, and needs no complement without a total', () => {
    const result = protectVector({ keys: ['a', 'b'], values: values([['a', 10], ['b', 3]]) });
    expect(result.entries).toEqual([
      { key: 'a', people: 10, sum: 100, mean: 10, suppressed: false },
      { key: 'b', people: null, sum: null, mean: null, suppressed: true },
    ]);
    expect(result.total).toBeNull();
  });

  it('hides the total when it is the only entry left to pair with', () => {
    const result = protectVector({ keys: ['a'], values: values([['a', 4]]), total: { count: 40, sum: 400 } });
    expect(result.entries[0]!.suppressed).toBe(true);
    expect(result.total!.suppressed).toBe(true);
  });

  it('never leaves exactly one hidden entry next to a published total (random)', () => {
    for (let seed = 1; seed <= 300; seed += 1) {
      const random = prng(seed);
      const keys = Array.from({ length: 1 + Math.floor(random() * 6) }, (_, n) => `g${n}`);
      const map = new Map(keys.map((key) => [key, { count: random() < 0.4 ? Math.floor(random() * 10) : 10 + Math.floor(random() * 90), sum: 1 }]));
      const total = [...map.values()].reduce((t, v) => ({ count: t.count + v.count, sum: t.sum + v.sum }), { count: 0, sum: 0 });
      const result = protectVector({ keys, values: map, total });
      const hidden = [...result.entries, result.total!].filter((e) => e.suppressed).length;
      expect(hidden === 0 || hidden >= 2, `seed ${seed}`).toBe(true);
    }
  });
});
