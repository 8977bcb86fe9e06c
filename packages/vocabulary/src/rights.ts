// Requests people make about their data (PIPL Arts. 44–50): the kinds, the states a person sees,
// and the support-access choices. Shared by the server and the PWA.

export const DATA_REQUEST_KINDS = ['EXPORT', 'TRANSFER', 'CORRECTION', 'RESTRICTION', 'DELETION', 'CLOSURE'] as const;
export type DataRequestKind = (typeof DATA_REQUEST_KINDS)[number];

export const DATA_REQUEST_STATUSES = ['RECEIVED', 'IN_PROGRESS', 'COMPLETED', 'REJECTED'] as const;
export type DataRequestStatus = (typeof DATA_REQUEST_STATUSES)[number];

/** How a request stands against its deadline; null once it is answered. */
export const DEADLINE_FLAGS = ['ON_TIME', 'DUE_SOON', 'OVERDUE'] as const;
export type DeadlineFlag = (typeof DEADLINE_FLAGS)[number];

/** A request is DUE_SOON from this many working days before its deadline. */
export const DUE_SOON_WORKING_DAYS = 3;

/** The longest a person may let support see their data. */
export const SUPPORT_ACCESS_MAX_HOURS = 72;

/** The most a correction or other note may say. */
export const REQUEST_NOTE_MAX_CHARS = 1000;

/** The machine-readable formats of a copy (docs/data-transfer-format.md). */
export const EXPORT_FORMAT = 'shebao-export/1';
export const TRANSFER_FORMAT = 'shebao-transfer/1';
