/** The secret-binding rule lives in the domain (core/secret-binding.ts); the settings page shares it. */
export { SECRET_REBIND_MESSAGE, secretStillBound } from '../core/secret-binding';
export type { SecretEndpoint } from '../core/secret-binding';
