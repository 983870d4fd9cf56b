/**
 * Secret redaction: a pure function over text and JSON that masks credentials
 * and registered known secret values, without touching ordinary identifiers.
 * Use it as the last step before any external sink and in every log.
 *
 * What is masked (see `DEFAULT_REDACTION_RULES` for the full table and sources):
 * - token formats: AWS, GCP, Azure, GitHub, GitLab, Slack, Stripe, OpenAI,
 *   Anthropic, npm, PyPI, Docker Hub, Hugging Face, SendGrid, Twilio, …;
 *   JWTs; PEM private keys; Basic/Bearer/Authorization credentials;
 *   webhook URLs; presigned-URL signatures;
 * - the password of `scheme://user:password@host`, and nothing else of the URL;
 * - the value (never the key) of `KEY=VALUE`, `key: value`, `"key": "value"`,
 *   `key => value`, `--key value` when the key looks secret (`DB_PASSWORD`,
 *   `apiKey`, `client_secret`, `x-api-key`, …);
 * - in JSON, whole values under secret-looking keys, and whole
 *   `NAME=value` strings such as docker `Config.Env` entries;
 * - known secrets, plain or base64 / hex / URL / JSON encoded.
 *
 * What is kept, by design:
 * - container ids, `sha256:` digests, UUIDs, git SHAs, timestamps, IPs, paths;
 * - a secret word without a value ("password reset email sent");
 * - metadata keys (`token_count`, `PASSWORD_FILE`, `auth_method`, `max_tokens`);
 * - under a secret-looking key: numbers of at most 5 digits (`token_count=42`,
 *   `token=42`: counts and limits, and too short to protect anything), values
 *   of 1–2 characters, booleans, placeholders (`***`, `${VAR}`, `<password>`),
 *   and `PWD=/some/dir`;
 * - prose of the form `word: word` ("invalid token: signature mismatch"):
 *   a bare `key: value` is masked only when the value looks machine-made
 *   (has a digit, a symbol or inner capitals) or stands alone on a YAML line;
 * - known secrets shorter than 6 characters are not registered.
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
