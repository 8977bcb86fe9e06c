// The partner consent screen's protocol: what the server's interaction backend
// (/oauth/interaction/<uid>/details) answers and the PWA's consent page reads.
import type { DataCategory } from './categories.js';
import type { Purpose } from './purposes.js';

type Localized = { zh: string; en: string };

export type InteractionDetails = {
  uid: string;
  /** Whether the PWA session identifies a person; the page signs them in first when not. */
  signedIn: boolean;
  partner: {
    clientId: string;
    name: Localized;
    description: Localized;
    contact: string | null;
    purposes: Localized[];
  };
  purpose: Purpose;
  requestedCategories: { category: DataCategory; sensitive: boolean }[];
  /** The longest grant the partner may ask for; the person may choose fewer days. */
  maxDays: number;
};

/** The person's answer: a subset of the requested categories and at most `maxDays` days. */
export type InteractionConsent = { categories: DataCategory[]; days: number };
