import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { OPERATOR_ROLES, type OperatorRole } from '../../authz/principal.js';
import { DateTimeScalar, JSONScalar } from '../../graphql/scalars.js';

export const OperatorRoleEnum = Object.fromEntries(OPERATOR_ROLES.map((role) => [role, role])) as { [R in OperatorRole]: R };
registerEnumType(OperatorRoleEnum, {
  name: 'OperatorRole',
  description: 'What an operator may do: each role is limited to its own operations.',
  valuesConfig: {
    SUPPORT: { description: 'Support requests the person opened, limited to what the person chose.' },
    PRIVACY_OFFICER: { description: 'Privacy notice versions, requests from people, disclosures to authorities.' },
    PARTNER_MANAGER: { description: 'The partner registry: register, edit, suspend, reinstate.' },
    SECURITY_OFFICER: { description: 'Breach notices, the operator audit log, key rotation.' },
  },
});

@ObjectType({ description: 'A member of staff: never a card holder, never created by sign-up.' })
export class OperatorProfile {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  loginName!: string;

  @Field(() => String)
  displayName!: string;

  @Field(() => [OperatorRoleEnum])
  roles!: OperatorRole[];
}

@ObjectType()
export class OperatorSignIn {
  @Field(() => OperatorProfile)
  operator!: OperatorProfile;

  @Field(() => DateTimeScalar, { description: 'The session ends then at the latest, however active.' })
  expiresAt!: Date;

  @Field(() => Int, { description: 'The session ends after this long without a request.' })
  idleTimeoutSeconds!: number;
}

@ObjectType({ description: 'One operator action, as the append-only, hash-chained audit log holds it.' })
export class OperatorAuditEntry {
  @Field(() => Int)
  seq!: number;

  @Field(() => ID, { nullable: true, description: 'Null for a sign-in attempt that named no operator.' })
  operatorId!: string | null;

  @Field(() => String)
  action!: string;

  @Field(() => String, { nullable: true })
  target!: string | null;

  @Field(() => JSONScalar)
  detail!: unknown;

  @Field(() => DateTimeScalar)
  at!: Date;

  @Field(() => String)
  hash!: string;
}

@ObjectType()
export class OperatorAuditChain {
  @Field(() => Boolean)
  ok!: boolean;

  @Field(() => Int)
  length!: number;

  @Field(() => Int, { nullable: true })
  brokenAtSeq!: number | null;

  @Field(() => String, { nullable: true, description: 'GAP, LINK_MISMATCH or HASH_MISMATCH.' })
  problem!: string | null;
}
