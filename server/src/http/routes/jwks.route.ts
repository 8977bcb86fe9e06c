import type { HttpPart } from '../http-options.js';

/**
 * The public keys that verify consent receipts and tokens: the current one first, then every
 * older one (rotation keeps them, so receipts signed before it still verify). Read per request:
 * a rotation reloads the keyring.
 */
export const jwks: HttpPart = async (app, { signing }) => {
  app.get('/.well-known/jwks.json', async () => ({ keys: signing.publicJwks() }));
};
