import { describe, expect, it } from 'vitest';
import { DEFAULT_REDACTION_RULES, createRedactor, redactJson, redactText } from './index.js';
import { ALNUM, BASE64, BASE64URL, DIGITS, HEX, LOWER, UPPER, chars, fake, fakeJwt, fakePem } from './test-fakes.js';

interface Case {
  /** The rule expected to name the finding. */
  rule: string;
  /** What the text looks like in the wild. */
  name: string;
  secret: string;
  line: (secret: string) => string;
  /** The whole expected output, when it is not `line('[REDACTED:<rule>]')`. */
  expected?: string;
}

const A2Z27 = UPPER + '234567';
const azureKey = fake(chars(86, BASE64, 40), '==');
const gcsSig = encodeURIComponent(fake(chars(43, BASE64, 41), '='));

const cases: Case[] = [
  { rule: 'private-key', name: 'RSA PEM block in a log', secret: fakePem('RSA', 1), line: (s) => `loaded key:\n${s}\nstarting server` },
  { rule: 'private-key', name: 'PKCS#8 PEM block', secret: fakePem('', 2), line: (s) => `key.pem:\n${s}\n` },
  { rule: 'private-key', name: 'OpenSSH key', secret: fakePem('OPENSSH', 3), line: (s) => s },
  { rule: 'private-key', name: 'EC key with CRLF', secret: fakePem('EC', 4, '\r\n'), line: (s) => `x\r\n${s}\r\ny` },
  { rule: 'private-key', name: 'GCP service account JSON text (\\n-escaped)', secret: fakePem('', 5, '\\n'), line: (s) => `{"type": "service_account", "private_key": "${s}\\n", "client_email": "svc@proj.iam.gserviceaccount.com"}`,
    // The key names a secret too, so the whole JSON string value goes (with its trailing \n).
    expected: '{"type": "service_account", "private_key": "[REDACTED:private-key]", "client_email": "svc@proj.iam.gserviceaccount.com"}' },
  { rule: 'private-key', name: 'truncated PEM block', secret: fakePem('RSA', 6).split('\n').slice(0, 6).join('\n'), line: (s) => `${s}\n... (truncated)` },
  { rule: 'aws-access-key-id', name: 'AKIA key id', secret: fake('AK', 'IA', chars(16, A2Z27, 7)), line: (s) => `Using access key ${s} for s3` },
  { rule: 'aws-access-key-id', name: 'ASIA temporary key id', secret: fake('AS', 'IA', chars(16, A2Z27, 8)), line: (s) => `aws_access_key_id=${s}` },
  { rule: 'aws-secret-access-key', name: 'credentials file', secret: chars(40, BASE64, 9), line: (s) => `[default]\naws_secret_access_key = ${s}\nregion = eu-west-1` },
  { rule: 'aws-secret-access-key', name: 'env var', secret: chars(40, BASE64, 10), line: (s) => `export AWS_SECRET_ACCESS_KEY=${s}` },
  { rule: 'aws-secret-access-key', name: 'STS JSON output', secret: chars(40, BASE64, 11), line: (s) => `{"Credentials": {"SecretAccessKey": "${s}", "Expiration": "2024-05-01T12:00:00Z"}}` },
  { rule: 'gcp-api-key', name: 'Google API key in a URL', secret: fake('AI', 'za', chars(35, BASE64URL, 12)), line: (s) => `GET https://maps.googleapis.com/maps/api/geocode/json?address=x&key=${s} 200` },
  { rule: 'gcp-oauth-client-secret', name: 'GOCSPX client secret', secret: fake('GOC', 'SPX-', chars(28, BASE64URL, 13)), line: (s) => `client_secret: ${s}` },
  { rule: 'gcp-oauth-access-token', name: 'ya29 access token', secret: fake('ya', '29.', chars(80, BASE64URL, 14)), line: (s) => `token=${s}` },
  { rule: 'azure-storage-account-key', name: 'storage connection string', secret: azureKey, line: (s) => `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${s};EndpointSuffix=core.windows.net` },
  { rule: 'azure-storage-account-key', name: 'service bus connection string', secret: fake(chars(43, BASE64, 15), '='), line: (s) => `Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=${s}` },
  { rule: 'azure-ad-client-secret', name: 'Entra ID client secret', secret: fake(chars(3, ALNUM, 16), '8Q', '~', chars(34, ALNUM, 17)), line: (s) => `AZURE_CLIENT_SECRET=${s}` },
  { rule: 'signed-url-signature', name: 'Azure SAS URL', secret: gcsSig, line: (s) => `https://acct.blob.core.windows.net/c/b.txt?sv=2022-11-02&ss=b&srt=o&sp=r&se=2024-05-01&sig=${s}` },
  { rule: 'signed-url-signature', name: 'S3 presigned URL', secret: chars(64, HEX, 18), line: (s) => `https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20240501T000000Z&X-Amz-Signature=${s} ok` },
  { rule: 'github-pat', name: 'classic PAT', secret: fake('gh', 'p_', chars(36, ALNUM, 19)), line: (s) => `git clone https://x-access-token@github.com/o/r (token ${s})` },
  { rule: 'github-fine-grained-pat', name: 'fine-grained PAT', secret: fake('github', '_pat_', chars(22, ALNUM, 20), '_', chars(59, ALNUM, 21)), line: (s) => `GH_TOKEN ${s}` },
  { rule: 'github-oauth', name: 'OAuth token', secret: fake('gh', 'o_', chars(36, ALNUM, 22)), line: (s) => `oauth: ${s}` },
  { rule: 'github-app-token', name: 'installation token', secret: fake('gh', 's_', chars(36, ALNUM, 23)), line: (s) => `installation token ${s} expires in 1h` },
  { rule: 'github-app-token', name: 'user-to-server token', secret: fake('gh', 'u_', chars(36, ALNUM, 24)), line: (s) => `"${s}"` },
  { rule: 'github-refresh-token', name: 'refresh token', secret: fake('gh', 'r_', chars(36, ALNUM, 25)), line: (s) => `refresh with ${s}` },
  { rule: 'gitlab-pat', name: 'GitLab PAT', secret: fake('gl', 'pat-', chars(20, ALNUM, 26)), line: (s) => `PRIVATE-TOKEN: ${s}` },
  { rule: 'gitlab-token', name: 'GitLab runner token', secret: fake('gl', 'rt-', chars(20, ALNUM, 27)), line: (s) => `gitlab-runner register --token ${s}` },
  { rule: 'gitlab-token', name: 'GitLab deploy token', secret: fake('gl', 'dt-', chars(20, ALNUM, 28)), line: (s) => `using ${s}` },
  { rule: 'slack-token', name: 'bot token', secret: fake('xo', 'xb-', chars(12, DIGITS, 29), '-', chars(13, DIGITS, 30), '-', chars(24, ALNUM, 31)), line: (s) => `slack client init ${s}` },
  { rule: 'slack-token', name: 'user token', secret: fake('xo', 'xp-', chars(11, DIGITS, 32), '-', chars(11, DIGITS, 33), '-', chars(11, DIGITS, 34), '-', chars(32, HEX, 35)), line: (s) => `(${s})` },
  { rule: 'slack-app-token', name: 'app-level token', secret: fake('xa', 'pp-1-A', chars(10, UPPER + DIGITS, 36), '-', chars(13, DIGITS, 37), '-', chars(64, HEX, 38)), line: (s) => `socket mode ${s}` },
  { rule: 'slack-webhook-url', name: 'incoming webhook', secret: fake('T', chars(8, UPPER + DIGITS, 39), '/B', chars(8, UPPER + DIGITS, 40), '/', chars(24, ALNUM, 41)), line: (s) => `POST https://hooks.slack.com/services/${s} 200` },
  { rule: 'discord-webhook-url', name: 'Discord webhook', secret: fake(chars(18, DIGITS, 42), '/', chars(68, BASE64URL, 43)), line: (s) => `https://discord.com/api/webhooks/${s}` },
  { rule: 'teams-webhook-url', name: 'Teams webhook', secret: fake(chars(36, HEX, 44), '@', chars(36, HEX, 45), '/IncomingWebhook/', chars(32, HEX, 46)), line: (s) => `https://acme.webhook.office.com/webhookb2/${s}` },
  { rule: 'stripe-access-token', name: 'live secret key', secret: fake('sk', '_live_', chars(24, ALNUM, 47)), line: (s) => `stripe.api_key = '${s}'` },
  { rule: 'stripe-access-token', name: 'restricted key', secret: fake('rk', '_live_', chars(24, ALNUM, 48)), line: (s) => `using ${s}` },
  { rule: 'stripe-webhook-secret', name: 'webhook secret', secret: fake('wh', 'sec_', chars(32, ALNUM, 49)), line: (s) => `endpoint secret ${s}` },
  { rule: 'anthropic-api-key', name: 'API key', secret: fake('sk-', 'ant-', 'api03-', chars(93, BASE64URL, 50), 'AA'), line: (s) => `x-api-key ${s}` },
  { rule: 'openai-api-key', name: 'project key', secret: fake('sk-', 'proj-', chars(74, ALNUM, 51), 'T3Blbk', 'FJ', chars(74, ALNUM, 52)), line: (s) => `openai client with ${s}` },
  { rule: 'openai-api-key', name: 'legacy key', secret: fake('sk-', chars(20, ALNUM, 53), 'T3Blbk', 'FJ', chars(20, ALNUM, 54)), line: (s) => `key ${s}` },
  { rule: 'npm-access-token', name: '.npmrc', secret: fake('np', 'm_', chars(36, ALNUM, 55)), line: (s) => `//registry.npmjs.org/:_authToken=${s}` },
  { rule: 'pypi-upload-token', name: 'PyPI token', secret: fake('pypi-', 'AgEIcHlwaS5vcmc', chars(60, BASE64URL, 56)), line: (s) => `twine upload -p ${s}` },
  { rule: 'dockerhub-token', name: 'Docker Hub PAT', secret: fake('dckr', '_pat_', chars(27, BASE64URL, 57)), line: (s) => `echo ${s} | docker login -u me --password-stdin` },
  { rule: 'huggingface-access-token', name: 'HF token', secret: fake('hf', '_', chars(34, UPPER + LOWER, 58)), line: (s) => `huggingface-cli login ${s}` },
  { rule: 'sendgrid-api-token', name: 'SendGrid key', secret: fake('SG', '.', chars(22, BASE64URL, 59), '.', chars(43, BASE64URL, 60)), line: (s) => `mailer ${s}` },
  { rule: 'twilio-api-key', name: 'Twilio API key', secret: fake('S', 'K', chars(32, HEX, 61)), line: (s) => `twilio api key ${s}` },
  { rule: 'digitalocean-token', name: 'DigitalOcean PAT', secret: fake('do', 'p_v1_', chars(64, HEX, 62)), line: (s) => `doctl auth init -t ${s}` },
  { rule: 'shopify-token', name: 'Shopify token', secret: fake('shp', 'at_', chars(32, HEX, 63)), line: (s) => `X-Shopify-Access ${s}` },
  { rule: 'telegram-bot-token', name: 'Telegram bot token', secret: fake(chars(9, DIGITS, 64).replace(/^0/, '1'), ':A', 'A', chars(33, BASE64URL, 65)), line: (s) => `GET https://api.telegram.org/bot${s}/sendMessage` },
  { rule: 'jwt', name: 'JWT in a cookie', secret: fakeJwt(66), line: (s) => `Set-Cookie: session=${s}; HttpOnly` },
  { rule: 'jwt', name: 'JWT as bearer token', secret: fakeJwt(67), line: (s) => `Authorization: Bearer ${s}` },
  { rule: 'bearer-token', name: 'bearer header', secret: chars(40, ALNUM, 68) + '9', line: (s) => `-H "Authorization: Bearer ${s}"` },
  { rule: 'bearer-token', name: 'bearer outside a header', secret: chars(32, ALNUM, 69) + '1', line: (s) => `retrying with bearer ${s}` },
  { rule: 'basic-auth', name: 'Basic header', secret: btoa(fake('admin', ':', chars(12, ALNUM, 70))), line: (s) => `Authorization: Basic ${s}` },
  { rule: 'basic-auth', name: 'Basic in a log', secret: btoa(fake('svc', ':', chars(10, ALNUM, 71))), line: (s) => `proxy said: Basic ${s} rejected` },
  { rule: 'authorization-header', name: 'custom scheme', secret: chars(30, ALNUM, 72), line: (s) => `Authorization: ApiKey ${s}` },
  { rule: 'authorization-header', name: 'no scheme', secret: chars(30, ALNUM, 73), line: (s) => `proxy-authorization: ${s}` },
  { rule: 'authorization-header', name: 'unknown scheme', secret: fake(chars(20, LOWER, 96), '42'), line: (s) => `Authorization: Custom ${s}` },
  { rule: 'authorization-header', name: 'known scheme, letters only, in JSON text', secret: chars(20, LOWER, 97), line: (s) => `{"Authorization": "Bearer ${s}"}` },
  { rule: 'authorization-header', name: 'escaped JSON, Ruby =>', secret: chars(20, ALNUM, 98), line: (s) => `{\\"authorization\\":\\"Token ${s}\\"} {authorization => "Token ${s}"}` },
  { rule: 'url-password', name: 'postgres', secret: chars(16, ALNUM, 74), line: (s) => `connecting to postgres://app:${s}@db.internal:5432/app?sslmode=require` },
  { rule: 'url-password', name: 'mongodb+srv', secret: chars(16, ALNUM, 75), line: (s) => `MONGO_URL=mongodb+srv://root:${s}@cluster0.abcde.mongodb.net/test` },
  { rule: 'url-password', name: 'redis without user', secret: chars(16, ALNUM, 76), line: (s) => `redis://:${s}@cache:6379/0` },
  { rule: 'url-password', name: 'https basic auth', secret: chars(12, ALNUM, 77), line: (s) => `fetching https://deploy:${s}@registry.example.com/v2/` },
  { rule: 'url-password', name: 'amqp with encoded @', secret: fake(chars(6, ALNUM, 78), '%40', chars(6, ALNUM, 79)), line: (s) => `amqp://guest:${s}@rabbit:5672/` },
  { rule: 'secret-assignment', name: 'env KEY=VALUE', secret: 'hunter22', line: (s) => `DB_PASSWORD=${s}` },
  { rule: 'secret-assignment', name: 'YAML key: value', secret: 'hunter', line: (s) => `db:\n  password: ${s}\n  user: app` },
  { rule: 'secret-assignment', name: 'JSON "key": "value"', secret: 'x1y2z3', line: (s) => `{"user": "app", "password": "${s}"}` },
  { rule: 'secret-assignment', name: 'escaped JSON inside JSON', secret: 'x1y2z3w4', line: (s) => `{"log":"{\\"client_secret\\":\\"${s}\\"}"}` },
  { rule: 'secret-assignment', name: 'quoted value with spaces', secret: 'correct horse battery', line: (s) => `PASSPHRASE="${s}"` },
  { rule: 'secret-assignment', name: 'TOML', secret: 'sup3r-s3cret', line: (s) => `api_key = '${s}'` },
  { rule: 'secret-assignment', name: 'Java properties', secret: 'changeit99', line: (s) => `spring.datasource.password=${s}` },
  { rule: 'secret-assignment', name: 'camelCase key', secret: 'aB3dE5fG7h', line: (s) => `config { dbPassword: "${s}" }` },
  { rule: 'secret-assignment', name: 'CLI flag with a space', secret: 'hunter22', line: (s) => `mysql --user root --password ${s} -h db` },
  { rule: 'secret-assignment', name: 'CLI flag with =', secret: 'hunter22', line: (s) => `mysqldump --password=${s} app` },
  { rule: 'secret-assignment', name: 'URL query parameter', secret: 'abc123def456', line: (s) => `GET /callback?code=x&access_token=${s}&state=1 200` },
  { rule: 'secret-assignment', name: 'ADO.NET connection string', secret: 'Pa55w0rd!', line: (s) => `Server=db;Database=app;User Id=sa;Password=${s};` },
  { rule: 'secret-assignment', name: 'HTTP header', secret: chars(24, ALNUM, 80), line: (s) => `X-Api-Key: ${s}` },
  { rule: 'secret-assignment', name: 'Ruby hash', secret: 'r0cketSc1ence', line: (s) => `{ :secret_key_base => "${s}" }` },
  { rule: 'secret-assignment', name: 'Go :=', secret: 'g0phers!', line: (s) => `authToken := "${s}"` },
  { rule: 'secret-assignment', name: 'logfmt', secret: 'abc123xyz', line: (s) => `level=error msg="login failed" password=${s} user=bob` },
  { rule: 'secret-assignment', name: 'key: value in prose with a machine-made value', secret: 'abc123xyz', line: (s) => `error: invalid token: ${s}` },
];

describe('recall: every built-in rule masks a realistic fake secret', () => {
  it.each(cases)('$rule — $name', ({ rule, secret, line, expected }) => {
    const input = line(secret);
    const result = redactText(input);
    expect(result.value).not.toContain(secret);
    expect(result.value).toContain(`[REDACTED:${rule}]`);
    expect(result.findings.map((f) => f.rule)).toContain(rule);
    expect(result.changed).toBe(true);
    // Only the secret goes: the text around it is kept.
    expect(result.value).toBe(expected ?? input.replaceAll(secret, `[REDACTED:${rule}]`));
    // Findings never carry the secret.
    expect(JSON.stringify(result.findings)).not.toContain(secret);
  });

  it('has a recall case for every built-in rule', () => {
    const covered = new Set(cases.map((c) => c.rule));
    expect(DEFAULT_REDACTION_RULES.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  it('documents a source and a description for every built-in rule', () => {
    for (const rule of DEFAULT_REDACTION_RULES) {
      expect(rule.source, rule.id).toBeTruthy();
      expect(rule.description, rule.id).toBeTruthy();
    }
  });
});

describe('redactText', () => {
  it('keeps the key visible and masks only the value', () => {
    expect(redactText('DB_PASSWORD=hunter2').value).toBe('DB_PASSWORD=[REDACTED:secret-assignment]');
    expect(redactText('  password: hunter2').value).toBe('  password: [REDACTED:secret-assignment]');
    expect(redactText('"password": "x1y2z3"').value).toBe('"password": "[REDACTED:secret-assignment]"');
  });

  it('masks only the password of a URL, keeping user, host and database', () => {
    const pw = chars(12, ALNUM, 90);
    expect(redactText(`postgres://user:${pw}@host:5432/db`).value).toBe('postgres://user:[REDACTED:url-password]@host:5432/db');
    expect(redactText(`https://user:${pw}@host/path`).value).toBe('https://user:[REDACTED:url-password]@host/path');
  });

  it('masks a password that contains an unencoded @ up to the last @ of the authority', () => {
    expect(redactText('postgres://u:p@ss@db/app').value).toBe('postgres://u:[REDACTED:url-password]@db/app');
  });

  it('masks every secret of a multi-line log and reports them in order', () => {
    const gh = fake('gh', 'p_', chars(36, ALNUM, 91));
    const akid = fake('AK', 'IA', chars(16, A2Z27, 92));
    const log = [
      '2024-05-01T12:00:00Z INFO starting worker',
      `2024-05-01T12:00:01Z DEBUG env GITHUB_TOKEN=${gh}`,
      `2024-05-01T12:00:02Z DEBUG aws key ${akid}`,
      '2024-05-01T12:00:03Z INFO DB_PASSWORD=hunter22 loaded',
    ].join('\n');
    const r = redactText(log);
    expect(r.findings).toEqual([{ rule: 'github-pat' }, { rule: 'aws-access-key-id' }, { rule: 'secret-assignment' }]);
    expect(r.value.split('\n')[0]).toBe('2024-05-01T12:00:00Z INFO starting worker');
    expect(r.value).toContain('GITHUB_TOKEN=[REDACTED:github-pat]');
    expect(r.value).not.toContain(gh);
    expect(r.value).not.toContain(akid);
    expect(r.value).not.toContain('hunter22');
  });

  it('names a merged region after the most specific rule', () => {
    // Both the github-pat rule and secret-assignment match the same value.
    const gh = fake('gh', 'p_', chars(36, ALNUM, 93));
    expect(redactText(`GITHUB_TOKEN=${gh}`).findings).toEqual([{ rule: 'github-pat' }]);
    // A JWT inside an Authorization header is named jwt, not bearer-token.
    expect(redactText(`Authorization: Bearer ${fakeJwt(94)}`).findings).toEqual([{ rule: 'jwt' }]);
  });

  it('masks the whole PEM block, BEGIN and END lines included', () => {
    const pem = fakePem('RSA', 95);
    const r = redactText(`before\n${pem}\nafter`);
    expect(r.value).toBe('before\n[REDACTED:private-key]\nafter');
  });

  it('returns the same string and no findings when nothing is secret', () => {
    const input = 'GET /healthz 200 1ms';
    const r = redactText(input);
    expect(r).toEqual({ value: input, findings: [], changed: false });
  });

  it('handles the empty string', () => {
    expect(redactText('')).toEqual({ value: '', findings: [], changed: false });
  });

  it('is deterministic: the same input gives byte-identical output', () => {
    const input = cases.map((c) => c.line(c.secret)).join('\n');
    const a = redactText(input);
    const b = redactText(input);
    const c = createRedactor().text(input);
    expect(b.value).toBe(a.value);
    expect(c.value).toBe(a.value);
    expect(b.findings).toEqual(a.findings);
    expect(JSON.stringify(redactJson({ log: input }))).toBe(JSON.stringify(redactJson({ log: input })));
  });

  it('is idempotent: redacting redacted text changes nothing', () => {
    const input = cases.map((c) => c.line(c.secret)).join('\n');
    const once = redactText(input);
    const twice = redactText(once.value);
    expect(twice.value).toBe(once.value);
    expect(twice.findings).toEqual([]);
    expect(twice.changed).toBe(false);
  });

  it('rejects a non-string with a typed error instead of passing it on', () => {
    expect(() => redactText(42 as unknown as string)).toThrow(/expects a string/);
  });
});
