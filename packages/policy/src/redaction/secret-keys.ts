/**
 * Which keys name a secret (`DB_PASSWORD`, `apiKey`, `"client_secret"`) and
 * which values under such keys are worth masking. Used by the
 * `secret-assignment` rule on text and by the JSON walker on object keys.
 *
 * Choices, so a reader knows what to expect:
 * - A key is secret-looking when one of its words (split on `_ - . space` and
 *   camelCase) is a secret word: password, passwd, pass, pwd, passphrase,
 *   secret(s), token, credential(s), creds, auth, authorization; or contains
 *   one (`PGPASSWORD`, `authtoken`, `apikey`); or is `key`/`keys` right after a
 *   qualifier (`api_key`, `ACCESS_KEY`, `AccountKey`, `x-api-key`, `ssh_key`).
 * - Metadata about a secret is not a secret: a key whose last word is
 *   id, name, type, file, path, url, user, length, count, expiry, ttl, version,
 *   method, mode, … is ordinary (`token_count`, `PASSWORD_FILE`, `auth_method`).
 * - Plural `tokens` counts things (`max_tokens`, `prompt_tokens`): not secret.
 * - Bare `key` is not secret (label/sort/primary keys); `gpg`/`public` keys are public.
 * - Values kept even under a secret key: empty or 1–2 characters, numbers of
 *   at most 5 digits (`token_count=42`, `PASSWORD_MIN_LENGTH=8`: counts and
 *   limits; such a short number would not protect anything anyway), booleans
 *   and null-ish words (`true`, `none`, `off`), placeholders (`***`, `xxx`,
 *   `<password>`, `${DB_PASSWORD}`, `$DB_PASSWORD`, `{{ .Password }}`), bare
 *   auth-scheme words (`Bearer`, `Basic`), and a path under `PWD` (`PWD=/app`
 *   is the working directory, not a password).
 * @module
 */

const SECRET_WORDS = new Set([
  'password', 'passwords', 'passwd', 'pass', 'pwd', 'passphrase', 'secret', 'secrets', 'token',
  'credential', 'credentials', 'creds', 'auth', 'authorization',
]);

/** Substrings that make a single run-together word secret (`pgpassword`, `authtoken`). */
const SECRET_STEMS = [
  'password', 'passwd', 'passphrase', 'secret', 'credential', 'token',
  'apikey', 'accesskey', 'privatekey', 'secretkey', 'signingkey', 'masterkey', 'accountkey',
  'sharedkey', 'encryptionkey', 'authkey', 'sessionkey', 'clientkey', 'sshkey', 'licensekey', 'hmackey',
];

/** Words that contain a stem but are ordinary English or counters. */
const NOT_SECRET_WORDS = new Set([
  'secretary', 'secretaries', 'secretariat', 'tokenize', 'tokenizer', 'tokenizers', 'tokenized', 'tokenizing',
  'tokenization', 'tokenomics', 'author', 'authors', 'authority', 'authorities', 'authentication', 'authenticate',
  'authenticated', 'authenticator', 'passenger', 'passengers', 'passage', 'passive', 'passthrough', 'bypass', 'compass',
]);

/** `<qualifier> key` pairs that name a secret. */
const KEY_QUALIFIERS = new Set([
  'api', 'access', 'secret', 'private', 'signing', 'sign', 'encryption', 'encrypt', 'decryption', 'decrypt', 'master',
  'account', 'shared', 'client', 'ssh', 'license', 'licence', 'service', 'app', 'application', 'auth', 'session',
  'storage', 'admin', 'root', 'deploy', 'webhook', 'hmac', 'jwt', 'crypto', 'cipher', 'aes', 'rsa', 'subscription',
  'consumer', 'x', 'write', 'read', 'ingest', 'ingestion', 'management', 'mgmt', 'server', 'sentry', 'stripe',
]);

/** Words before `token` that mean pagination, not a credential (`NextToken`, `page_token`). */
const NOT_SECRET_TOKEN_QUALIFIERS = new Set(['next', 'page', 'continuation', 'pagination', 'sync', 'cursor', 'max', 'num']);

/** Last words that name metadata about a secret rather than the secret itself. */
const METADATA_SUFFIXES = new Set([
  'id', 'ids', 'name', 'names', 'type', 'types', 'kind', 'file', 'files', 'filename', 'path', 'paths', 'dir', 'directory',
  'folder', 'url', 'urls', 'uri', 'uris', 'endpoint', 'endpoints', 'host', 'hosts', 'hostname', 'port', 'user', 'username',
  'usernames', 'login', 'email', 'length', 'len', 'count', 'size', 'limit', 'limits', 'min', 'max', 'expiry', 'expires',
  'expiration', 'expired', 'ttl', 'timeout', 'age', 'lifetime', 'at', 'time', 'date', 'hint', 'hints', 'policy',
  'policies', 'mode', 'method', 'methods', 'header', 'headers', 'format', 'version', 'versions', 'field', 'fields',
  'reset', 'label', 'labels', 'required', 'enabled', 'enable', 'disabled', 'disable', 'rotation', 'strength',
  'provider', 'providers', 'scope', 'scopes', 'audience', 'issuer', 'algorithm', 'alg', 'env', 'var', 'vars', 'ref',
  'refs', 'arn', 'location', 'store', 'manager', 'backend', 'source', 'sources', 'index', 'usage', 'rate', 'total',
  'used', 'remaining', 'sock', 'socket', 'plugin', 'plugins', 'pattern', 'regex', 'schema', 'status', 'state',
  'error', 'errors', 'message', 'msg', 'class', 'handler', 'helper', 'mount', 'prefix', 'fingerprint', 'tokens',
  'stdin',
]);

/** Split `DB_PASSWORD`, `dbPassword`, `AWSSecretAccessKey`, `x-api-key` into lower-case words. */
export function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

function isSecretWord(word: string, previous: string | undefined): boolean {
  if (NOT_SECRET_WORDS.has(word)) return false;
  if (word.endsWith('tokens')) return false; // counters: max_tokens, prompttokens
  if (word === 'token' && previous !== undefined && NOT_SECRET_TOKEN_QUALIFIERS.has(previous)) return false;
  if (SECRET_WORDS.has(word)) return true;
  if ((word === 'key' || word === 'keys') && previous !== undefined) return KEY_QUALIFIERS.has(previous);
  if (word.length > 4 && word.endsWith('auth')) return true; // basicauth, proxyauth, oauth
  for (const stem of SECRET_STEMS) if (word.includes(stem)) return true;
  return false;
}

/**
 * True when a key (env var, JSON property, config key, CLI flag) names a secret.
 * See the module comment for the exact word lists.
 *
 * @example
 * ```ts
 * isSecretKey('DB_PASSWORD');   // true
 * isSecretKey('apiKey');        // true
 * isSecretKey('token_count');   // false (metadata)
 * isSecretKey('max_tokens');    // false (a counter)
 * ```
 */
export function isSecretKey(key: string): boolean {
  const words = keyWords(key);
  const last = words[words.length - 1];
  if (last === undefined || METADATA_SUFFIXES.has(last)) return false;
  for (let i = 0; i < words.length; i++) {
    if (isSecretWord(words[i]!, i > 0 ? words[i - 1] : undefined)) return true;
  }
  return false;
}

const NON_SECRET_VALUES = new Set([
  'true', 'false', 'null', 'nil', 'none', 'undefined', 'yes', 'no', 'on', 'off', 'enabled', 'disabled', 'required',
  'optional', 'redacted', 'hidden', 'masked', 'empty', 'unset', 'bearer', 'basic', 'token', 'digest', 'bot',
  'negotiate', 'ntlm',
]);

const PLACEHOLDER = [
  /^\d{1,5}$/, // small numbers: counts, lengths, ports, flags
  /^\*+$/, // ***
  /^x{3,}$/i, // xxxx
  /^\.{3,}$/, // ...
  /^[|>][-+]?$/, // YAML block scalar indicators; the value is on the next lines
  /^<[^<>]*>$/, // <password>
  /^\$\{[^{}]*\}$/, // ${DB_PASSWORD}
  /^\$[A-Za-z_][A-Za-z0-9_]*$/, // $DB_PASSWORD
  /^\{\{[^{}]*\}\}$/, // {{ .Password }}
  /^%[A-Za-z_][A-Za-z0-9_]*%$/, // %DB_PASSWORD%
  /^%\([A-Za-z_][A-Za-z0-9_]*\)s$/, // %(password)s
];

/**
 * True when a value under a secret-looking key should be masked: not empty,
 * not a small number, boolean, placeholder or bare auth scheme (see module doc).
 * @internal
 */
export function isMaskableValue(value: string, key?: string): boolean {
  if (value.length < 3) return false;
  if (NON_SECRET_VALUES.has(value.toLowerCase())) return false;
  for (const re of PLACEHOLDER) if (re.test(value)) return false;
  if (key !== undefined && /^(?:-{0,2}|\$)pwd$/i.test(key) && /^(?:[/~]|[A-Za-z]:[\\/])/.test(value)) return false;
  return true;
}

/**
 * For the weak `key: value` form (prose looks like that too: "invalid token:
 * signature mismatch"): true when the value looks machine-made — at least 6
 * characters and a digit, a symbol, or upper case after the first letter.
 * @internal
 */
export function looksLikeCredential(value: string): boolean {
  const v = value.replace(/[.,;:!?)]+$/, '');
  if (v.length < 6) return false;
  if (/^(?:\/|~\/|\.\.?\/)/.test(v)) return false; // a path
  return /[0-9]/.test(v) || /[^A-Za-z]/.test(v) || /[A-Z]/.test(v.slice(1));
}
