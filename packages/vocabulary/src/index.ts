// The public face of the shared vocabulary: import from '@shebao/vocabulary' only.
export * from './categories.js';
export * from './purposes.js';
export * from './errors.js';
export * from './input-rules.js';
export * from './oauth-interaction.js';
export * from './rights.js';
