import { parse, type GraphQLSchema } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGatewaySchema } from '../schema/schema.js';
import { liftRedundantChecks, redundantChecks } from './field-authorization.js';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildGatewaySchema();
});

/** The coordinates (`Type.field`) of the checks an operation makes redundant. */
const lifted = (source: string, operationName: string | null = null) =>
  redundantChecks(schema, parse(source), operationName)
    .map((field) => `${schema.getTypeMap()[typeOf(field)]!.name}.${field.name}`)
    .sort();
const typeOf = (field: object) =>
  Object.values(schema.getTypeMap()).find((type) => 'getFields' in type && Object.values(type.getFields()).includes(field as never))!.name;

describe('checks an operation makes redundant', () => {
  it('lifts a field checked for the category its ancestor was checked for, and nothing else', () => {
    expect(lifted('{ me { id contributions(last: 3) { id month base } balances { amount } profile { displayName } } }')).toEqual([
      'Balance.amount',
      'Contribution.base',
      'Contribution.month',
      'Profile.displayName',
    ]);
  });

  it('keeps a check the operation also reaches without such an ancestor: node(id), another category', () => {
    const direct = '{ node(id: "x") { ... on Contribution { month } } }';
    expect(lifted(direct)).toEqual([]);
    expect(lifted(`{ me { contributions { month base } } a: node(id: "x") { ... on Contribution { month } } }`)).toEqual(['Contribution.base']);
    // A device's installations are `app.instance` below `device.info`: checked, and their fields lifted.
    expect(lifted('{ me { devices { model installations { appVersion } } } }')).toEqual(['AppInstallation.appVersion', 'Device.model']);
  });

  it('follows aliases, named and inline fragments, and interfaces', () => {
    expect(
      lifted(`
        query Q { me { a: contributions { ...C } activity { ... on DeviceEvent { kind } ... on SearchLogEntry { query } } medicalRecords(first: 2) { totalCount nodes { date ... on InpatientStay { dischargeDate } ...P } } } }
        fragment C on Contribution { m: month ... on Contribution { status } }
        fragment P on PharmacyPurchase { itemCount }`),
    ).toEqual([
      'Contribution.month',
      'Contribution.status',
      'DeviceEvent.kind',
      'InpatientStay.date',
      'InpatientStay.dischargeDate',
      'MedicalRecordConnection.totalCount',
      'OutpatientVisit.date',
      'PharmacyPurchase.date',
      'PharmacyPurchase.itemCount',
      'SearchLogEntry.query',
    ]);
  });

  it('reads the operation asked for; none for an unknown name or an ambiguous document', () => {
    const document = 'query A { me { contributions { month } } } query B { me { balances { amount } } }';
    expect(lifted(document, 'B')).toEqual(['Balance.amount']);
    expect(lifted(document, 'C')).toEqual([]);
    expect(lifted(document)).toEqual([]);
  });

  it('takes the checks out only while compiling, and puts every one back', () => {
    const [month] = redundantChecks(schema, parse('{ me { contributions { month } } }'), null);
    const checked = month!.resolve;
    const seen = liftRedundantChecks(schema, parse('{ me { contributions { month } } }'), null, () => month!.resolve);
    expect(seen).not.toBe(checked);
    expect(month!.resolve).toBe(checked);
    expect(() => liftRedundantChecks(schema, parse('{ me { contributions { month } } }'), null, () => {
      throw new Error('compilation failed');
    })).toThrow('compilation failed');
    expect(month!.resolve).toBe(checked);
  });
});
