// What an access record says. Authorization decides when one is due (every read of personal data
// by anyone but the person); the audit module stores them, hash-chained, behind this port.
import type { DataCategory, Purpose } from '@shebao/vocabulary';
import type { Executor } from '../db/database.js';

export type AccessRecordInput = {
  subjectId: string;
  principalType: 'PERSON' | 'PARTNER' | 'RESEARCHER' | 'PLATFORM' | 'OPERATOR' | 'AUTHORITY';
  principalId: string;
  partnerId: string | null;
  categories: DataCategory[];
  purpose: Purpose;
  operationName: string | null;
  requestId: string;
};

export interface AccessRecorder {
  /**
   * Resolves once the record is committed (the caller fails closed when it rejects); with
   * `transaction`, once it is written in it (atomic with the caller's writes).
   */
  append(input: AccessRecordInput, transaction?: Executor): Promise<void>;
}
