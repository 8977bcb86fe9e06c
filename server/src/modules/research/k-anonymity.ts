// Small-group suppression for the aggregate tables researchers read. Pure: the same table always
// gives the same answer, which matters because the same cells appear in many queries.
//
// Why not just hide the small cells (primary suppression)? Because a table is published with its
// row, column and grand totals, and those are sums of the cells. If a row has one hidden cell and
// a published total, the hidden value is `total - (sum of the other cells)`: a differencing attack
// that undoes the suppression with one subtraction. So every line (row or column, totals included)
// that hides anything must hide at least two entries, and more generally no hidden entry may be
// pinned down by any combination of the line equations (complementary suppression).
//
// Model: the table with its margins is an (R+1) × (C+1) grid; the last row holds the column totals,
// the last column the row totals, the corner the grand total. Every row and every column of that
// grid is a "line": its entries add up (interior cells to the line's total). Hidden entries are the
// edges of a bipartite graph between row lines and column lines; a hidden entry can be solved from
// the published ones exactly when it is a bridge of that graph (it lies on no cycle of hidden
// entries). Hence: (1) no line holds exactly one hidden entry, and (2) no hidden entry is a bridge.
// (1) is the classic rule; (2) also catches two hidden rectangles joined by a single cell.
//
// Margins that count distinct people (one person in several months) are not sums of the cells'
// counts, but their money sums are; treating every line as additive is the safe assumption.
//
// Suppression depends on counts only, never on the measure, so the same table of people hides the
// same cells whichever amount (cost, fund paid, ...) is asked for: answers cannot be combined.
//
// Not covered here: differences between answers over time (people grant and withdraw between two
// queries), interval bounds from non-negativity, and dominance of one large value in a cell.

/** The default threshold: groups of fewer than 10 people are never shown (see the privacy notice). */
export const K_ANONYMITY_THRESHOLD = 10;

/** What was measured over one group: how many people, and the sum of some amount over them. */
export type Aggregate = { count: number; sum: number };

export type TableInput = {
  rows: readonly string[];
  columns: readonly string[];
  /** Cells not listed are empty (count 0, sum 0). */
  cells: ReadonlyArray<Aggregate & { row: string; column: string }>;
  /**
   * Totals as computed by the caller (distinct people may differ from the sum of the cells).
   * When omitted, the totals are the sums of the cells; a missing key is an empty total.
   */
  margins?: {
    rows: ReadonlyMap<string, Aggregate>;
    columns: ReadonlyMap<string, Aggregate>;
    grand: Aggregate;
  };
};

/** A published value: numbers are null when `suppressed`, so nothing hidden leaves this module. */
export type ProtectedValue = { people: number | null; sum: number | null; mean: number | null; suppressed: boolean };
export type ProtectedCell = ProtectedValue & { row: string; column: string };
export type ProtectedTotal = ProtectedValue & { key: string };

export type ProtectedTable = {
  k: number;
  rows: string[];
  columns: string[];
  /** Row-major: every row × column pair, in the order of `rows` and `columns`. */
  cells: ProtectedCell[];
  rowTotals: ProtectedTotal[];
  columnTotals: ProtectedTotal[];
  grandTotal: ProtectedValue;
};

export type ProtectedVector = {
  k: number;
  entries: ProtectedTotal[];
  total: ProtectedValue | null;
};

const EMPTY: Aggregate = { count: 0, sum: 0 };

/** Primary suppression: a non-empty group smaller than k. An empty group reveals nobody. */
function isSmallGroup(count: number, k: number): boolean {
  return count > 0 && count < k;
}

/** Hidden entries in a grid of (R+1) × (C+1) values; the last row and column are the totals. */
export function suppressionPattern(counts: readonly (readonly number[])[], k: number): boolean[][] {
  assertThreshold(k);
  const height = counts.length;
  const width = counts[0]?.length ?? 0;
  const hidden = counts.map((line) => line.map((count) => isSmallGroup(count, k)));
  // A table without rows or without columns has nothing to add up (and no people in it).
  if (height < 2 || width < 2) return hidden;

  const countAt = (i: number, j: number) => counts[i]![j]!;
  const rowHidden = (i: number) => hidden[i]!.reduce((n, h) => n + (h ? 1 : 0), 0);
  const columnHidden = (j: number) => hidden.reduce((n, line) => n + (line[j] ? 1 : 0), 0);

  // Lower rank = better complement: a non-empty group before an empty one (hiding a zero protects
  // little: in a sparse table an attacker may well guess it), an interior cell before a total
  // (totals carry the most information), one that also closes another line with a single hidden
  // entry (no cascade), then the smallest count.
  const rank = (i: number, j: number, crossHidden: number): number[] => [
    countAt(i, j) === 0 ? 1 : 0,
    i === height - 1 || j === width - 1 ? 1 : 0,
    crossHidden === 1 ? 0 : 1,
    countAt(i, j),
    i,
    j,
  ];
  const better = (a: number[], b: number[]) => {
    for (let n = 0; n < a.length; n += 1) if (a[n] !== b[n]) return a[n]! < b[n]!;
    return false;
  };

  for (;;) {
    let changed = false;
    // (1) A line with exactly one hidden entry: hide its best other entry.
    for (let i = 0; i < height; i += 1) {
      if (rowHidden(i) !== 1) continue;
      let best: { j: number; rank: number[] } | undefined;
      for (let j = 0; j < width; j += 1) {
        if (hidden[i]![j]) continue;
        const r = rank(i, j, columnHidden(j));
        if (!best || better(r, best.rank)) best = { j, rank: r };
      }
      if (best) {
        hidden[i]![best.j] = true;
        changed = true;
      }
    }
    for (let j = 0; j < width; j += 1) {
      if (columnHidden(j) !== 1) continue;
      let best: { i: number; rank: number[] } | undefined;
      for (let i = 0; i < height; i += 1) {
        if (hidden[i]![j]) continue;
        const r = rank(i, j, rowHidden(i));
        if (!best || better(r, best.rank)) best = { i, rank: r };
      }
      if (best) {
        hidden[best.i]![j] = true;
        changed = true;
      }
    }
    if (changed) continue;

    // (2) A hidden entry that is a bridge: join its two sides with one more hidden entry.
    const bridge = findBridge(hidden);
    if (!bridge) return hidden;
    const [rowSide, columnSide] = sidesOfBridge(hidden, bridge);
    let best: { i: number; j: number; rank: number[] } | undefined;
    for (let i = 0; i < height; i += 1) {
      for (let j = 0; j < width; j += 1) {
        if (hidden[i]![j]) continue;
        const crosses = (rowSide.rows.has(i) && columnSide.columns.has(j)) || (columnSide.rows.has(i) && rowSide.columns.has(j));
        if (!crosses) continue;
        const r = rank(i, j, 0);
        if (!best || better(r, best.rank)) best = { i, j, rank: r };
      }
    }
    // With (1) holding, both sides hold a row and a column, so a crossing entry always exists.
    if (!best) throw new Error('No complement found for a bridge');
    hidden[best.i]![best.j] = true;
  }
}

type Entry = { i: number; j: number };

/** A bridge of the bipartite graph: row lines 0..R, column lines R+1..R+1+C, hidden entries as edges. */
export function findBridge(hidden: readonly (readonly boolean[])[]): Entry | undefined {
  const height = hidden.length;
  const width = hidden[0]?.length ?? 0;
  const nodes = height + width;
  const adjacent: { to: number; edge: Entry }[][] = Array.from({ length: nodes }, () => []);
  for (let i = 0; i < height; i += 1) {
    for (let j = 0; j < width; j += 1) {
      if (!hidden[i]![j]) continue;
      adjacent[i]!.push({ to: height + j, edge: { i, j } });
      adjacent[height + j]!.push({ to: i, edge: { i, j } });
    }
  }
  // Tarjan's bridge search, iterative so a large table cannot overflow the stack.
  const order = new Array<number>(nodes).fill(-1);
  const low = new Array<number>(nodes).fill(0);
  let counter = 0;
  for (let start = 0; start < nodes; start += 1) {
    if (order[start] !== -1) continue;
    const stack: { node: number; via: Entry | null; next: number }[] = [{ node: start, via: null, next: 0 }];
    order[start] = low[start] = counter++;
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const edges = adjacent[frame.node]!;
      if (frame.next < edges.length) {
        const { to, edge } = edges[frame.next++]!;
        if (frame.via && frame.via.i === edge.i && frame.via.j === edge.j) continue;
        if (order[to] === -1) {
          order[to] = low[to] = counter++;
          stack.push({ node: to, via: edge, next: 0 });
        } else {
          low[frame.node] = Math.min(low[frame.node]!, order[to]!);
        }
        continue;
      }
      stack.pop();
      const parent = stack[stack.length - 1];
      if (!parent) continue;
      low[parent.node] = Math.min(low[parent.node]!, low[frame.node]!);
      if (low[frame.node]! > order[parent.node]!) return frame.via!;
    }
  }
  return undefined;
}

type Side = { rows: Set<number>; columns: Set<number> };

/** The two parts a bridge holds together: the one of its row line, the one of its column line. */
function sidesOfBridge(hidden: readonly (readonly boolean[])[], bridge: Entry): [Side, Side] {
  const height = hidden.length;
  const width = hidden[0]!.length;
  const reach = (fromRow: boolean, start: number): Side => {
    const side: Side = { rows: new Set(), columns: new Set() };
    const queue: [boolean, number][] = [[fromRow, start]];
    (fromRow ? side.rows : side.columns).add(start);
    while (queue.length > 0) {
      const [isRow, n] = queue.shift()!;
      const limit = isRow ? width : height;
      for (let m = 0; m < limit; m += 1) {
        const [i, j] = isRow ? [n, m] : [m, n];
        if (!hidden[i]![j] || (i === bridge.i && j === bridge.j)) continue;
        const seen = isRow ? side.columns : side.rows;
        if (seen.has(m)) continue;
        seen.add(m);
        queue.push([!isRow, m]);
      }
    }
    return side;
  };
  return [reach(true, bridge.i), reach(false, bridge.j)];
}

/** Applies primary and complementary suppression to a two-way table with its totals. */
export function protectTable(input: TableInput, k = K_ANONYMITY_THRESHOLD): ProtectedTable {
  assertThreshold(k);
  const rows = [...input.rows];
  const columns = [...input.columns];
  assertUnique(rows, 'row');
  assertUnique(columns, 'column');
  const rowIndex = new Map(rows.map((key, i) => [key, i]));
  const columnIndex = new Map(columns.map((key, j) => [key, j]));

  // grid[i][j]: interior for i < R, j < C; grid[i][C] row totals; grid[R][j] column totals.
  const grid: Aggregate[][] = Array.from({ length: rows.length + 1 }, () => Array.from({ length: columns.length + 1 }, () => EMPTY));
  for (const cell of input.cells) {
    const i = rowIndex.get(cell.row);
    const j = columnIndex.get(cell.column);
    if (i === undefined || j === undefined) throw new Error('A cell names a row or column the table does not have');
    if (grid[i]![j] !== EMPTY) throw new Error('A cell is listed twice');
    grid[i]![j] = checked(cell);
  }
  const R = rows.length;
  const C = columns.length;
  if (input.margins) {
    rows.forEach((key, i) => (grid[i]![C] = checked(input.margins!.rows.get(key) ?? EMPTY)));
    columns.forEach((key, j) => (grid[R]![j] = checked(input.margins!.columns.get(key) ?? EMPTY)));
    grid[R]![C] = checked(input.margins.grand);
  } else {
    for (let i = 0; i < R; i += 1) grid[i]![C] = add(grid[i]!.slice(0, C));
    for (let j = 0; j < C; j += 1) grid[R]![j] = add(grid.slice(0, R).map((line) => line[j]!));
    grid[R]![C] = add(grid[R]!.slice(0, C));
  }

  const hidden = suppressionPattern(
    grid.map((line) => line.map((value) => value.count)),
    k,
  );
  const publish = (i: number, j: number) => protectedValue(grid[i]![j]!, hidden[i]![j]!);
  return {
    k,
    rows,
    columns,
    cells: rows.flatMap((row, i) => columns.map((column, j) => ({ row, column, ...publish(i, j) }))),
    rowTotals: rows.map((key, i) => ({ key, ...publish(i, C) })),
    columnTotals: columns.map((key, j) => ({ key, ...publish(R, j) })),
    grandTotal: publish(R, C),
  };
}

/**
 * The one-way version: groups and, optionally, their published total. With a total, a single hidden
 * group would be `total - others`, so a second group (or the total itself) is hidden with it.
 * Without a total the groups are independent and primary suppression is enough.
 */
export function protectVector(
  input: { keys: readonly string[]; values: ReadonlyMap<string, Aggregate>; total?: Aggregate },
  k = K_ANONYMITY_THRESHOLD,
): ProtectedVector {
  assertThreshold(k);
  const keys = [...input.keys];
  assertUnique(keys, 'key');
  const values = keys.map((key) => checked(input.values.get(key) ?? EMPTY));
  if (!input.total) {
    return { k, entries: keys.map((key, n) => ({ key, ...protectedValue(values[n]!, isSmallGroup(values[n]!.count, k)) })), total: null };
  }
  // One line: the groups and their total. A single hidden entry would be recoverable by subtraction.
  const counts = [...values.map((v) => v.count), checked(input.total).count];
  const hidden = counts.map((count) => isSmallGroup(count, k));
  if (hidden.filter(Boolean).length === 1) {
    let best = -1;
    for (let n = 0; n < counts.length; n += 1) {
      if (!hidden[n] && (best === -1 || complementBefore(n, best, counts))) best = n;
    }
    if (best !== -1) hidden[best] = true;
  }
  const total = checked(input.total);
  return {
    k,
    entries: keys.map((key, n) => ({ key, ...protectedValue(values[n]!, hidden[n]!) })),
    total: protectedValue(total, hidden[keys.length]!),
  };
}

/** For the one-way case, as in the two-way one: non-empty before empty, groups before the total, then the smallest. */
function complementBefore(a: number, b: number, counts: readonly number[]): boolean {
  const last = counts.length - 1;
  const key = (n: number) => [counts[n] === 0 ? 1 : 0, n === last ? 1 : 0, counts[n]!, n];
  const [x, y] = [key(a), key(b)];
  for (let n = 0; n < x.length; n += 1) if (x[n] !== y[n]) return x[n]! < y[n]!;
  return false;
}

function protectedValue(value: Aggregate, suppressed: boolean): ProtectedValue {
  if (suppressed) return { people: null, sum: null, mean: null, suppressed: true };
  return { people: value.count, sum: round2(value.sum), mean: value.count > 0 ? round2(value.sum / value.count) : null, suppressed: false };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function add(values: readonly Aggregate[]): Aggregate {
  return values.reduce((total, v) => ({ count: total.count + v.count, sum: total.sum + v.sum }), EMPTY);
}

function checked(value: Aggregate): Aggregate {
  if (!Number.isInteger(value.count) || value.count < 0 || !Number.isFinite(value.sum)) {
    throw new Error('An aggregate needs a non-negative integer count and a finite sum');
  }
  return { count: value.count, sum: value.sum };
}

function assertThreshold(k: number): void {
  if (!Number.isInteger(k) || k < 2) throw new Error('k must be an integer of at least 2');
}

function assertUnique(keys: readonly string[], what: string): void {
  if (new Set(keys).size !== keys.length) throw new Error(`Duplicate ${what} key`);
}
