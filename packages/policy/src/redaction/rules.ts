/**
 * The built-in redaction rules, as data: a name, a regex, the capture group
 * that is the secret, and an optional second check. (They carry no
 * `keywords` pre-filter: V8 finds their literal prefixes faster than a
 * lower-cased copy plus substring checks would — see bench/redaction.bench.ts.)
 *
 * Where the formats come from:
 * - gitleaks (github.com/gitleaks/gitleaks, `cmd/generate/config/rules/*.go`):
 *   rule ids and token shapes for AWS, GCP, GitHub, GitLab, Slack, Stripe,
 *   OpenAI, Anthropic, npm, PyPI, SendGrid, Twilio, Hugging Face,
 *   DigitalOcean, Shopify, Telegram, Azure AD, JWT and PEM private keys. Where
 *   our id differs from gitleaks' the gitleaks id is named in `source`.
 * - secretlint (github.com/secretlint/secretlint, `packages/@secretlint/secretlint-rule-*`):
 *   the assignment operators `: = := =>` with optional quotes (rule-azure),
 *   `scheme://user:password@host` (rule-basicauth, rule-database-connection-string),
 *   `AWS_SECRET_ACCESS_KEY = …` (rule-aws), PEM blocks (rule-privatekey).
 * - Vendor documentation for the rest: RFC 7617 (Basic), RFC 6750 (Bearer),
 *   RFC 7519 (JWT), RFC 7468 (PEM), Azure Storage connection strings
 *   (`AccountKey=`) and SAS tokens (`sig=`), AWS SigV4 presigned URLs
 *   (`X-Amz-Signature`, `X-Amz-Security-Token`), Slack/Discord/Teams incoming
 *   webhooks, Google OAuth client secrets (`GOCSPX-`) and access tokens
 *   (`ya29.`), Docker Hub access tokens (`dckr_pat_`).
 *
 * Every regex is linear-time on any input: bounded repetitions, no nested
 * quantifiers over overlapping classes, and a literal prefix (or a
 * look-behind) so the engine does not retry inside long runs.
 *
 * Order matters only for ties: when two rules mask the same text, the one
 * listed first names the finding, so specific rules come before generic ones.
 * @module
 */
import { isMaskableValue, isSecretKey, looksLikeCredential } from './secret-keys.js';
import type { RedactionRule, RuleMatchContext } from './types.js';

const hasDigit = (s: string) => /[0-9]/.test(s);
const isMixedCase = (s: string) => /[a-z]/.test(s) && /[A-Z]/.test(s);

/** Basic credentials are base64 of `user:password` (RFC 7617). */
function isBasicCredential(secret: string): boolean {
  const body = secret.replace(/=+$/, '');
  if (body.length % 4 === 1) return false;
  const decoded = atob(body + '='.repeat((4 - (body.length % 4)) % 4));
  return decoded.includes(':') && /^[\x20-\x7e\u00a0-\u00ff]+$/.test(decoded);
}

const KEY_CHAR = /[A-Za-z0-9_.-]/;

/** Well-known Authorization schemes; after another word the credential must look machine-made. */
const AUTH_SCHEMES = /^(?:bearer|basic|token|bot|digest|apikey|api-key|key|sso-key|ssws|dsn|oauth|negotiate|ntlm|hoba|mutual|vapid|scram-sha-256|aws4-hmac-sha256|splunk|geniekey)$/i;

/**
 * The second check of `secret-assignment`: the key must look secret, the value
 * maskable, and weak forms (`key: value` in prose, `--flag value`) must pass
 * stricter tests. See `secret-keys.ts` for the word lists.
 */
function acceptAssignment(secret: string, { input, match, start, end }: RuleMatchContext): boolean {
  // Cheap structural checks first: most candidates in ordinary text fail here.
  // The regex starts at the secret word; the key starts earlier (`DB_` in `DB_PASSWORD`).
  // Bounded, so a huge run of key characters cannot make this quadratic.
  const limit = Math.max(0, match.index - 256);
  let keyStart = match.index;
  while (keyStart > limit && KEY_CHAR.test(input[keyStart - 1]!)) keyStart--;
  if (keyStart > 0 && input[keyStart - 1] === '/') return false; // a path segment: /run/secrets/token:ro
  const rawKey = input.slice(keyStart, match.indices![1]![0]);
  const operator = match[2];
  const quotedValue = match[7] === undefined;
  const quotedKey = match[1] !== undefined && match[1] !== '';

  if (match[3] !== undefined) {
    // Only whitespace between key and value: a CLI flag (`--password hunter22`) or prose.
    if (!rawKey.startsWith('--') || secret.startsWith('-')) return false;
  } else if (operator === ':' && !quotedKey && !quotedValue) {
    // Bare `key: value`: YAML, HTTP headers, but also prose ("invalid token: signature mismatch").
    if (/^(?:\/|~\/|\.\.?\/)/.test(secret)) return false;
    if (!looksLikeCredential(secret) && !(isFirstOnLine(input, keyStart) && matchesAt(END_OF_LINE, input, end))) return false;
  }
  // `DB_PASSWORD= API_KEY=x`: an empty value, then the next assignment.
  if (!quotedValue && /[ \t]/.test(input[start - 1]!) && /^[A-Za-z_][\w.-]*[:=]/.test(secret)) return false;
  // `Authorization: <scheme> <credentials>` is left to the `authorization-header` rule, which keeps the scheme.
  if (/authorization$/i.test(rawKey)) return false;
  return isMaskableValue(secret, rawKey) && isSecretKey(rawKey);
}

/** Only spaces, a YAML list dash or a quote between the line start and `at` (looks back at most 64 characters). */
function isFirstOnLine(input: string, at: number): boolean {
  const from = Math.max(0, at - 64);
  const before = input.slice(from, at);
  const nl = before.lastIndexOf('\n');
  if (nl < 0 && from > 0) return false;
  return /^[ \t]*(?:-[ \t]+)?["']?$/.test(before.slice(nl + 1));
}

const END_OF_LINE = /[ \t]*(?:#[^\n]*)?\r?(?:\n|$)/y;

/** Sticky match at `at`, without scanning the rest of the input. */
function matchesAt(re: RegExp, input: string, at: number): boolean {
  re.lastIndex = at;
  return re.test(input);
}

/** The rule table, most specific first; exported frozen as {@link DEFAULT_REDACTION_RULES}. */
const BUILT_IN_RULES: RedactionRule[] = [
  {
    id: 'private-key',
    description: 'PEM private key block (RSA, EC, DSA, OpenSSH, PKCS#8, encrypted, PGP), real or \\n-escaped line breaks; a truncated block is masked up to where its base64 ends',
    source: 'gitleaks: private-key; secretlint: rule-privatekey; RFC 7468',
    pattern:
      /-----BEGIN[ A-Z0-9_-]{0,40}PRIVATE KEY(?: BLOCK)?-----(?:(?:[^-]|-(?!----BEGIN)){0,20000}?-----END[ A-Z0-9_-]{0,40}PRIVATE KEY(?: BLOCK)?-----|(?:(?:\\[rn]|\s){1,8}[A-Za-z0-9+/=]{16,})*)/,
  },
  {
    id: 'aws-access-key-id',
    description: 'AWS access key id (AKIA… long-term, ASIA… temporary)',
    source: 'gitleaks: aws-access-token',
    pattern: /\b((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16})\b/,
    secretGroup: 1,
  },
  {
    id: 'aws-secret-access-key',
    description: 'AWS secret access key (40 base64 characters) assigned to an AWS secret key name',
    source: 'secretlint: rule-aws (AWSSecretAccessKey)',
    pattern:
      /(?<![A-Za-z0-9])(?:aws_?secret_?(?:access_?)?key|secret_?access_?key)["']?[ \t]*(?::=|=>|[:=])[ \t]*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/i,
    secretGroup: 1,
  },
  {
    id: 'gcp-api-key',
    description: 'Google Cloud / Firebase API key (AIza…)',
    source: 'gitleaks: gcp-api-key',
    pattern: /\b(AIza[\w-]{35})(?![\w-])/,
    secretGroup: 1,
  },
  {
    id: 'gcp-oauth-client-secret',
    description: 'Google OAuth client secret (GOCSPX-…)',
    source: 'Google Cloud OAuth client secret format',
    pattern: /\b(GOCSPX-[\w-]{28})(?![\w-])/,
    secretGroup: 1,
  },
  {
    id: 'gcp-oauth-access-token',
    description: 'Google OAuth access token (ya29.…)',
    source: 'Google OAuth 2.0 access token format',
    pattern: /\b(ya29\.[\w-]{20,2048})(?![\w-])/,
    secretGroup: 1,
  },
  {
    id: 'azure-storage-account-key',
    description: 'Azure Storage / Service Bus key in a connection string (AccountKey=…, SharedAccessKey=…)',
    source: 'Azure Storage and Service Bus connection string format',
    pattern: /(?<![A-Za-z0-9])(?:AccountKey|SharedAccessKey)[ \t]*=[ \t]*([A-Za-z0-9+/]{40,128}={0,2})/i,
    secretGroup: 1,
  },
  {
    id: 'azure-ad-client-secret',
    description: 'Azure AD (Entra ID) client secret (xxx8Q~…)',
    source: 'gitleaks: azure-ad-client-secret',
    pattern: /(?<![\w~.-])([A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34})(?![\w~.-])/,
    secretGroup: 1,
  },
  {
    id: 'signed-url-signature',
    description: 'Signature or session token in a presigned URL (Azure SAS sig=, AWS X-Amz-Signature / X-Amz-Security-Token, GCS X-Goog-Signature, CloudFront Signature=)',
    source: 'Azure SAS, AWS SigV4 query auth, GCS V4 signed URL formats',
    pattern: /[?&;](?:sig|signature|x-amz-signature|x-amz-security-token|x-goog-signature)=([^\s&#"'<>]{16,4096})/i,
    secretGroup: 1,
  },
  {
    id: 'github-pat',
    description: 'GitHub personal access token (ghp_…)',
    source: 'gitleaks: github-pat',
    pattern: /\b(ghp_[0-9A-Za-z]{36,255})\b/,
    secretGroup: 1,
  },
  {
    id: 'github-fine-grained-pat',
    description: 'GitHub fine-grained personal access token (github_pat_…)',
    source: 'gitleaks: github-fine-grained-pat',
    pattern: /\b(github_pat_\w{82,255})\b/,
    secretGroup: 1,
  },
  {
    id: 'github-oauth',
    description: 'GitHub OAuth access token (gho_…)',
    source: 'gitleaks: github-oauth',
    pattern: /\b(gho_[0-9A-Za-z]{36,255})\b/,
    secretGroup: 1,
  },
  {
    id: 'github-app-token',
    description: 'GitHub App user-to-server or installation token (ghu_…, ghs_…)',
    source: 'gitleaks: github-app-token',
    pattern: /\b((?:ghu|ghs)_[0-9A-Za-z]{36,255})\b/,
    secretGroup: 1,
  },
  {
    id: 'github-refresh-token',
    description: 'GitHub refresh token (ghr_…)',
    source: 'gitleaks: github-refresh-token',
    pattern: /\b(ghr_[0-9A-Za-z]{36,255})\b/,
    secretGroup: 1,
  },
  {
    id: 'gitlab-pat',
    description: 'GitLab personal access token (glpat-…, also the routable form)',
    source: 'gitleaks: gitlab-pat, gitlab-pat-routable',
    pattern: /\b(glpat-[\w-]{20,300}(?:\.[0-9a-z]{2,12})?)(?![\w-])/,
    secretGroup: 1,
  },
  {
    id: 'gitlab-token',
    description: 'Other GitLab tokens: deploy, runner, pipeline trigger, CI job, OAuth app, SCIM, feed, incoming mail, agent, feature flag, runner registration',
    source: 'gitleaks: gitlab-deploy-token, gitlab-runner-authentication-token, gitlab-ptt, gitlab-cicd-job-token, gitlab-oauth-app-secret, gitlab-scim-token, gitlab-feed-token, gitlab-incoming-mail-token, gitlab-kubernetes-agent-token, gitlab-feature-flag-client-token, gitlab-rrt',
    pattern: /\b((?:gldt|glrt|glptt|glcbt|gloas|glsoat|glft|glimt|glagent|glffct)-[\w-]{20,300}(?:\.[0-9a-z]{2,12})?|GR1348941[\w-]{20})(?![\w-])/,
    secretGroup: 1,
  },
  {
    id: 'slack-token',
    description: 'Slack bot, user, workspace, refresh, legacy and configuration tokens (xoxb-, xoxp-, xoxa-, xoxr-, xoxs-, xoxo-, xoxe-)',
    source: 'gitleaks: slack-bot-token, slack-user-token, slack-legacy-*, slack-config-*',
    pattern: /\b((?:xoxe\.)?xox[abposre]-[0-9A-Za-z-]{10,250})/,
    secretGroup: 1,
    accept: (s) => /^(?:xoxe\.)?xox[abposre]-\d/.test(s) || /^xox[ar]-[0-9A-Za-z]{8}/.test(s),
  },
  {
    id: 'slack-app-token',
    description: 'Slack app-level token (xapp-…)',
    source: 'gitleaks: slack-app-token',
    pattern: /\b(xapp-\d-[A-Z0-9]{1,32}-\d{1,20}-[a-z0-9]{1,256})/i,
    secretGroup: 1,
  },
  {
    id: 'slack-webhook-url',
    description: 'Slack incoming webhook URL (the path after /services/ is the secret)',
    source: 'gitleaks: slack-webhook-url',
    pattern: /hooks\.slack\.com\/(?:services|workflows|triggers)\/([A-Za-z0-9+/_-]{20,256})/,
    secretGroup: 1,
  },
  {
    id: 'discord-webhook-url',
    description: 'Discord webhook URL (id and token)',
    source: 'Discord webhook URL format',
    pattern: /discord(?:app)?\.com\/api\/webhooks\/(\d{5,30}\/[\w-]{20,256})/,
    secretGroup: 1,
  },
  {
    id: 'teams-webhook-url',
    description: 'Microsoft Teams incoming webhook URL',
    source: 'Microsoft Teams incoming webhook URL format',
    pattern: /\.webhook\.office\.com\/webhookb2\/([\w@/-]{20,512})/,
    secretGroup: 1,
  },
  {
    id: 'stripe-access-token',
    description: 'Stripe secret or restricted key (sk_live_…, rk_live_…, also test keys)',
    source: 'gitleaks: stripe-access-token',
    pattern: /\b((?:sk|rk)_(?:live|test|prod)_[0-9A-Za-z]{10,247})\b/,
    secretGroup: 1,
  },
  {
    id: 'stripe-webhook-secret',
    description: 'Stripe webhook signing secret (whsec_…)',
    source: 'Stripe webhook signing secret format',
    pattern: /\b(whsec_[0-9A-Za-z]{24,128})\b/,
    secretGroup: 1,
  },
  {
    id: 'anthropic-api-key',
    description: 'Anthropic API, admin or OAuth key (sk-ant-api03-…, sk-ant-admin01-…, sk-ant-oat01-…)',
    source: 'gitleaks: anthropic-api-key, anthropic-admin-api-key, anthropic-oauth-token',
    pattern: /\b(sk-ant-[a-z]{2,8}\d{2}-[\w-]{20,300})(?![\w-])/,
    secretGroup: 1,
  },
  {
    id: 'openai-api-key',
    description: 'OpenAI API key (sk-…, sk-proj-…, sk-svcacct-…, sk-admin-…): mixed case and digits',
    source: 'gitleaks: openai-api-key (widened: the T3BlbkFJ marker is not required)',
    pattern: /\b(sk-(?!ant-)(?:(?:proj|svcacct|admin|None)-)?[\w-]{20,300})(?![\w-])/,
    secretGroup: 1,
    accept: (s) => s.includes('T3BlbkFJ') || (s.length >= 35 && hasDigit(s) && isMixedCase(s)),
  },
  {
    id: 'npm-access-token',
    description: 'npm access token (npm_…)',
    source: 'gitleaks: npm-access-token',
    pattern: /\b(npm_[0-9A-Za-z]{36})\b/,
    secretGroup: 1,
  },
  {
    id: 'pypi-upload-token',
    description: 'PyPI upload token (pypi-AgEIcHlwaS5vcmc…)',
    source: 'gitleaks: pypi-upload-token',
    pattern: /\b(pypi-AgEIcHlwaS5vcmc[\w-]{50,1000})(?![\w-])/,
    secretGroup: 1,
  },
  {
    id: 'dockerhub-token',
    description: 'Docker Hub personal or organization access token (dckr_pat_…, dckr_oat_…)',
    source: 'Docker Hub access token format',
    pattern: /\b(dckr_(?:pat|oat)_[\w-]{20,100})(?![\w-])/,
    secretGroup: 1,
  },
  {
    id: 'huggingface-access-token',
    description: 'Hugging Face access token (hf_…)',
    source: 'gitleaks: huggingface-access-token',
    pattern: /\b(hf_[A-Za-z]{34})\b/,
    secretGroup: 1,
    accept: (s) => isMixedCase(s.slice(3)),
  },
  {
    id: 'sendgrid-api-token',
    description: 'SendGrid API key (SG.xxxx.yyyy)',
    source: 'gitleaks: sendgrid-api-token',
    pattern: /\b(SG\.[\w-]{16,32}\.[\w-]{16,64})(?![\w-])/,
    secretGroup: 1,
  },
  {
    id: 'twilio-api-key',
    description: 'Twilio API key (SK + 32 hex)',
    source: 'gitleaks: twilio-api-key',
    pattern: /\b(SK[0-9a-fA-F]{32})\b/,
    secretGroup: 1,
  },
  {
    id: 'digitalocean-token',
    description: 'DigitalOcean personal, OAuth or refresh token (dop_v1_…, doo_v1_…, dor_v1_…)',
    source: 'gitleaks: digitalocean-pat, digitalocean-access-token, digitalocean-refresh-token',
    pattern: /\b(do[opr]_v1_[a-f0-9]{64})\b/,
    secretGroup: 1,
  },
  {
    id: 'shopify-token',
    description: 'Shopify access token or shared secret (shpat_, shpca_, shppa_, shpss_)',
    source: 'gitleaks: shopify-access-token, shopify-custom-access-token, shopify-private-app-access-token, shopify-shared-secret',
    pattern: /\b(shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32})\b/,
    secretGroup: 1,
  },
  {
    id: 'telegram-bot-token',
    description: 'Telegram bot token (123456789:AA…)',
    source: 'gitleaks: telegram-bot-api-token',
    pattern: /(?<![0-9])(\d{8,10}:AA[\w-]{33})(?![\w-])/, // also inside /bot<token>/ URLs
    secretGroup: 1,
  },
  {
    id: 'jwt',
    description: 'JSON Web Token (three base64url parts, header and payload starting eyJ / ey)',
    source: 'gitleaks: jwt; RFC 7519',
    pattern: /\b(eyJ[\w-]{8,8192}\.ey[\w-]{8,16384}\.[\w-]{0,8192})/,
    secretGroup: 1,
  },
  {
    id: 'bearer-token',
    description: 'Bearer token (RFC 6750) outside an Authorization header, when it contains a digit',
    source: 'RFC 6750',
    pattern: /\bbearer[ \t]+([A-Za-z0-9._~+/-]{8,8192}=*)/i,
    secretGroup: 1,
    accept: (s) => hasDigit(s),
  },
  {
    id: 'basic-auth',
    description: 'Basic credentials (RFC 7617): base64 of user:password after "Basic"',
    source: 'RFC 7617',
    pattern: /\bbasic[ \t]+([A-Za-z0-9+/]{6,4096}={0,2})(?![A-Za-z0-9+/=])/i,
    secretGroup: 1,
    accept: isBasicCredential,
  },
  {
    id: 'authorization-header',
    description: 'Credentials in an Authorization / Proxy-Authorization header, after the scheme if any (prose like "authorization: denied" is kept)',
    source: 'RFC 9110 §11.6.2',
    // Groups: 1 the scheme, 2 the credentials.
    pattern:
      /(?<![\w-])(?:proxy-)?authorization\\?["']?[ \t]*(?::=|=>|[:=])[ \t]*\\?["']?(?:([A-Za-z][\w-]{0,30})[ \t]+)?([^\s"',;\\]{4,8192})/i,
    secretGroup: 2,
    accept: (s, { match }) =>
      isMaskableValue(s) && ((match[1] !== undefined && AUTH_SCHEMES.test(match[1])) || looksLikeCredential(s)),
  },
  {
    id: 'url-password',
    description: 'Password in a URL or connection string: scheme://user:password@host (postgres, mysql, mongodb+srv, redis, amqp, https, …)',
    source: 'secretlint: rule-basicauth, rule-database-connection-string',
    pattern: /(?<![\w+.-])[a-z][a-z0-9+.-]{0,30}:\/\/[^\s:@/?#"'<>]{0,256}:([^\s/?#"'<>]{1,1024})@/i,
    secretGroup: 1,
    // Any password in that position is masked, however short; placeholders are kept.
    accept: (s) => !/^(?:\*+|x{3,}|\$\{[^{}]*\}|\$[A-Za-z_]\w*|\{\{[^{}]*\}\}|<[^<>]*>)$/i.test(s),
  },
  {
    id: 'secret-assignment',
    description: 'Value assigned to a secret-looking key: KEY=VALUE, KEY: VALUE, "key": "value", key => value, --key value',
    source: 'gitleaks: generic-api-key; secretlint: rule-azure / rule-aws assignment syntax',
    // Starts at a secret word; the key's prefix (DB_ in DB_PASSWORD) is found by `accept`.
    // Groups: 1 key quote, 2 operator, 3 space-only separator, 4–7 the value (double-, single-,
    // escaped-double-quoted, bare).
    pattern:
      /(?:pass|pwd|secret|token|key|auth|cred)[\w.-]{0,64}?(\\?["']?)(?:[ \t]*(:=|=>|[:=])[ \t]*|([ \t]+))(?:"((?:[^"\\\r\n]|\\.){1,4096})"|'((?:[^'\\\r\n]|\\.){1,4096})'|\\"([^"\\\r\n]{1,4096})\\"|([^\s"'`,;&<>(){}[\]\\]{1,4096}))/i,
    secretGroup: [4, 5, 6, 7],
    accept: acceptAssignment,
  },
];

/**
 * The built-in rules, most specific first. Extend with `createRedactor({ rules })`,
 * switch one off with `createRedactor({ disabledRules: ['jwt'] })`.
 *
 * @example
 * ```ts
 * DEFAULT_REDACTION_RULES.map((r) => r.id); // ['private-key', 'aws-access-key-id', …, 'secret-assignment']
 * ```
 */
export const DEFAULT_REDACTION_RULES: readonly Readonly<RedactionRule>[] = Object.freeze(BUILT_IN_RULES.map((rule) => Object.freeze(rule)));
