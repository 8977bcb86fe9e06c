import type { HttpPart } from '../http-options.js';

/** The public key that verifies consent receipts and partner tokens. */
export const jwks: HttpPart = async (app, { publicJwk }) => {
  app.get('/.well-known/jwks.json', async () => ({ keys: [publicJwk] }));
};
