import { describe, expect, it } from 'vitest';
import { isSecretKey } from './index.js';
import { isMaskableValue, looksLikeCredential } from './secret-keys.js';

describe('isSecretKey', () => {
  const secret = [
    'password', 'PASSWORD', 'DB_PASSWORD', 'dbPassword', 'db-password', 'spring.datasource.password', 'PGPASSWORD',
    'MYSQL_ROOT_PASSWORD', 'RABBITMQ_DEFAULT_PASS', 'passwd', 'DB_PWD', 'passphrase', 'secret', 'client_secret',
    'AWS_SECRET_ACCESS_KEY', 'AWSSecretAccessKey', 'SecretAccessKey', 'token', 'access_token', 'refresh_token',
    'GITHUB_TOKEN', 'authToken', '_authToken', 'api_key', 'apikey', 'apiKey', 'x-api-key', 'X-Api-Key', 'access_key',
    'private_key', 'privateKey', 'ssh_key', 'AccountKey', 'SharedAccessKey', 'signing_key', 'auth', 'Authorization',
    'basic_auth', 'credentials', 'GOOGLE_APPLICATION_CREDENTIALS_JSON', 'creds', 'SECRET_KEY_BASE', '--password',
    'password_hash', 'session_token', 'webhook_secret', 'api_keys',
  ];
  const ordinary = [
    'token_count', 'max_tokens', 'prompt_tokens', 'completion_tokens', 'PASSWORD_FILE', 'POSTGRES_PASSWORD_FILE',
    'password_min_length', 'auth_method', 'POSTGRES_HOST_AUTH_METHOD', 'token_type', 'secret_name', 'private_key_id',
    'AWS_ACCESS_KEY_ID', 'key', 'KEY', 'primary_key', 'sort_key', 'public_key', 'publishable_key', 'GPG_KEYS',
    'author', 'AUTHORS', 'authority', 'secretary', 'tokenizer', 'TOKENIZERS_PARALLELISM', 'keyboard', 'monkey',
    'next_token', 'NextToken', 'page_token', 'SSH_AUTH_SOCK', 'password_reset', 'token_url', 'auth_endpoint', 'user',
    'username', 'PATH', 'HOME', 'HOSTNAME', 'id', 'passenger', 'bypass', 'authentication', '--password-stdin', '',
  ];
  it.each(secret)('%s names a secret', (key) => expect(isSecretKey(key)).toBe(true));
  it.each(ordinary)('%s does not', (key) => expect(isSecretKey(key)).toBe(false));
});

describe('isMaskableValue', () => {
  it.each(['hunter22', 'abc', 'x1y2z3', '123456', 'Bearer-ish', 'p@ss word'])('%s is masked', (v) => expect(isMaskableValue(v)).toBe(true));
  it.each(['', 'ab', '42', '12345', 'true', 'FALSE', 'null', 'none', 'yes', 'off', '***', 'xxxx', '...', '|', '>-', '<password>', '${DB_PASSWORD}', '$DB_PASSWORD', '{{ .Password }}', '%DB_PASSWORD%', '%(password)s', 'Bearer', 'basic'])(
    '%s is kept',
    (v) => expect(isMaskableValue(v)).toBe(false),
  );
  it('keeps a directory under PWD but not a password under DB_PWD', () => {
    expect(isMaskableValue('/usr/src/app', 'PWD')).toBe(false);
    expect(isMaskableValue('C:\\work', 'pwd')).toBe(false);
    expect(isMaskableValue('/etc/abc', 'DB_PWD')).toBe(true);
    expect(isMaskableValue('s3cret-pw', 'PWD')).toBe(true);
  });
});

describe('looksLikeCredential (for the weak `key: value` form)', () => {
  it.each(['abc123xyz', 'Hunter22', 'p@ssw0rd', 'aBcDeFgH'])('%s looks machine-made', (v) => expect(looksLikeCredential(v)).toBe(true));
  it.each(['signature', 'expired', 'Changed', 'invalid.', 'short', '/var/run/secrets/token'])('%s reads like prose or a path', (v) =>
    expect(looksLikeCredential(v)).toBe(false),
  );
});
