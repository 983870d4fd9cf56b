/**
 * Secret redaction: a pure function over text and JSON that masks credentials
 * (cloud keys, API tokens, private keys, JWTs, passwords in URLs, secret
 * `KEY=VALUE` pairs) and registered known secret values in their encoded
 * forms, without touching ordinary identifiers (container ids, digests,
 * UUIDs, git SHAs). Use it as the last step before any external sink or log.
 *
 * @example
 * ```ts
 * import { createRedactor } from '@agentos/policy';
 * const redactor = createRedactor({ knownSecrets: [dbPassword] });
 * const safe = redactor.text(logs).value;
 * ```
 * @module
 */
export {
  RedactionRuleSchema,
  RedactorOptionsSchema,
  RedactionConfigError,
  RedactionInputError,
  type RedactionRule,
  type RedactorOptions,
  type RedactionFinding,
  type RedactionResult,
  type Redactor,
  type RuleAccept,
  type RuleMatchContext,
} from './types.js';
export { DEFAULT_REDACTION_RULES } from './rules.js';
export { isSecretKey } from './secret-keys.js';
export { MIN_KNOWN_SECRET_LENGTH, knownSecretVariants } from './known-secrets.js';
export { createRedactor, redactText, redactJson, defaultReplacement, KNOWN_SECRET_RULE } from './redactor.js';
