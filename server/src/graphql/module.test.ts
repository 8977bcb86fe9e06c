import { describe, expect, it } from 'vitest';
import { declarationsOf, type ModuleInstance } from './module.js';

describe('module declarations', () => {
  it('collect node sources, withdrawals and exports from every module, read when asked', async () => {
    const modules: Record<string, ModuleInstance> = {};
    const declarations = declarationsOf(() => Object.values(modules));
    expect(declarations.nodes()).toEqual([]);

    const load = async () => null;
    const erase = async () => {};
    modules.a = { services: {}, nodes: [{ type: 'A', category: null, load }], exportData: async () => ({ a: 1 }) };
    modules.b = { services: {}, nodes: [{ type: 'B', category: 'location', load }], withdrawal: { purpose: 'SERVICE', erase } };
    modules.c = { services: {} };

    // A module created after the declarations is seen: dispatch reads the complete list at request time.
    expect(declarations.nodes().map((n) => n.type)).toEqual(['A', 'B']);
    expect(declarations.withdrawals()).toEqual([{ purpose: 'SERVICE', erase }]);
    expect(await Promise.all(declarations.exports().map((part) => part('x')))).toEqual([{ a: 1 }]);
  });
});
