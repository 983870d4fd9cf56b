import { describe, expect, it } from 'vitest';
import { createRedactor, redactJson, redactText } from './index.js';
import { HEX, chars } from './test-fakes.js';

const containerId = chars(64, HEX, 1);
const digest = `sha256:${chars(64, HEX, 2)}`;
const gitSha = chars(40, HEX, 3);
const uuid = [chars(8, HEX, 4), chars(4, HEX, 5), `4${chars(3, HEX, 6)}`, `a${chars(3, HEX, 7)}`, chars(12, HEX, 8)].join('-');

/** Text that must come out exactly as it went in. */
const ordinary: Array<[string, string]> = [
  ['64-hex container id', containerId],
  ['12-hex short container id', containerId.slice(0, 12)],
  ['docker ps line', `${containerId.slice(0, 12)}   nginx:1.25.3   "/docker-entrypoint.…"   2 hours ago   Up 2 hours (healthy)   0.0.0.0:8080->80/tcp   web`],
  ['sha256 digest', digest],
  ['image reference with digest', `docker.io/library/postgres:16.2@${digest}`],
  ['UUID', uuid],
  ['request id in a log', `request_id=${uuid} status=200 duration_ms=12`],
  ['40-hex git SHA', gitSha],
  ['git log line', `commit ${gitSha}\nAuthor: Dev <dev@example.com>\nDate:   Wed May 1 12:00:00 2024 +0000`],
  ['semver', 'v1.2.3-beta.1+build.5'],
  ['ISO timestamp', '2024-05-01T12:00:00.123456789Z'],
  ['IPv4 with port', '10.0.0.12:5432'],
  ['IPv6', '[2001:db8::1]:8080 fe80::1%eth0'],
  ['file paths', '/var/lib/docker/overlay2/' + chars(64, HEX, 9) + '/merged/etc/nginx/nginx.conf C:\\Program Files\\Docker\\docker.exe'],
  ['docker bind mount with "secrets" in it', '/var/lib/app/secrets:/run/secrets:ro'],
  ['base64 of ordinary short words', `${btoa('hello')} ${btoa('docker')} ${btoa('healthy')}`],
  ['the word password without a value', 'password reset email sent'],
  ['the word token without a value', 'Refreshing token before expiry'],
  ['prose with key: word', 'error: invalid token: signature mismatch'],
  ['prose starting a line', 'Password: changed successfully for user bob'],
  ['a counter after a secret-looking key (numeric, < 6 digits)', 'token_count=42 token=42 pin=1234'],
  ['LLM usage counters', 'prompt_tokens=1234 completion_tokens: 5678 max_tokens=128000 total_tokens=133912'],
  ['Basic/Bearer as words', 'Basic authentication enabled; Bearer authentication is required'],
  ['authorization in prose', 'authorization: denied for user bob\nAuthorization: failed\nauthorization: required'],
  ['keyboard-interactive and monkey business', 'auth method keyboard-interactive; monkey=business; keyword=docker'],
  ['metadata keys', 'PASSWORD_FILE=/run/secrets/db_password POSTGRES_HOST_AUTH_METHOD=trust token_type=Bearer secret_name=db-creds'],
  ['booleans and placeholders', 'MYSQL_ALLOW_EMPTY_PASSWORD=yes REQUIRE_AUTH=true password=******** token=${API_TOKEN} secret=$SECRET_VALUE'],
  ['YAML placeholders', 'password: "{{ .Values.password }}"\napi_key: <your-api-key>\ntoken: |'],
  ['empty value', 'DB_PASSWORD= API_KEY=""'],
  ['PWD is a directory, GPG keys are public fingerprints', `PWD=/usr/src/app OLDPWD=/ GPG_KEYS=${chars(40, HEX, 10).toUpperCase()}`],
  ['URLs without credentials', 'http://localhost:8080/healthz https://example.com:443/a?b=c ssh://git@github.com/org/repo.git git@github.com:org/repo.git'],
  ['e-mail addresses', 'alerts sent to ops@example.com and dev+oncall@example.org'],
  ['kubernetes label selectors', '- key: app\n  operator: In\n  values: [web]'],
  ['nginx access log', '172.17.0.1 - - [01/May/2024:12:00:00 +0000] "GET /api/v1/tokens/refresh HTTP/1.1" 200 612 "-" "curl/8.5.0"'],
  ['postgres startup log', '2024-05-01 12:00:00.000 UTC [1] LOG:  database system is ready to accept connections\nLOG:  listening on IPv4 address "0.0.0.0", port 5432'],
  ['node stack trace', 'Error: connect ECONNREFUSED 127.0.0.1:6379\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)'],
  ['kebab-case names starting with sk-', 'sk-learn-pipeline-v2-deployment-production-eu'],
  ['Twilio account SID (an identifier)', `AC${chars(32, HEX, 11)}`],
  ['GCP private_key_id (an identifier)', `"private_key_id": "${chars(40, HEX, 12)}"`],
  ['mixed realistic log', `2024-05-01T12:00:00Z INFO pulled ${digest} for container ${containerId.slice(0, 12)} (req ${uuid}, commit ${gitSha.slice(0, 7)})`],
];

describe('false positives: ordinary identifiers and text stay unchanged', () => {
  it.each(ordinary)('%s', (_name, text) => {
    const r = redactText(text);
    expect(r.value).toBe(text);
    expect(r.findings).toEqual([]);
    expect(r.changed).toBe(false);
  });

  it('leaves a docker inspect document untouched (same reference, no findings)', () => {
    const inspect = {
      Id: containerId,
      Created: '2024-05-01T12:00:00.123456789Z',
      Image: digest,
      Name: '/web',
      State: { Status: 'running', Health: { Status: 'healthy', FailingStreak: 0 } },
      Config: {
        Hostname: containerId.slice(0, 12),
        Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'NGINX_VERSION=1.25.3', 'NODE_VERSION=20.12.2', 'HOME=/root', 'PWD=/', 'LANG=C.UTF-8', 'TOKENIZERS_PARALLELISM=false', 'POSTGRES_PASSWORD_FILE=/run/secrets/pg'],
        Labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.config-hash': chars(64, HEX, 13), 'org.opencontainers.image.revision': gitSha },
      },
      HostConfig: { Binds: ['/srv/secrets:/run/secrets:ro'], PortBindings: { '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '8080' }] } },
      NetworkSettings: { IPAddress: '172.17.0.2', MacAddress: '02:42:ac:11:00:02', Networks: { bridge: { NetworkID: chars(64, HEX, 14), EndpointID: chars(64, HEX, 15) } } },
      Mounts: [{ Type: 'volume', Name: chars(64, HEX, 16), Source: '/var/lib/docker/volumes/x/_data', Destination: '/data' }],
    };
    const r = redactJson(inspect);
    expect(r.findings).toEqual([]);
    expect(r.changed).toBe(false);
    expect(r.value).toBe(inspect);
    // The same document as JSON text is left alone too.
    const text = JSON.stringify(inspect, null, 2);
    expect(redactText(text).value).toBe(text);
  });

  it('leaves a registered known secret alone when only its prefix appears', () => {
    const r = createRedactor({ knownSecrets: ['hunter22-long-value'] });
    expect(r.text('hunter22-long is not it').changed).toBe(false);
  });
});
