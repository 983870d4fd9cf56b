/**
 * Sanity benchmark of the secret redactor (not a test: timings vary by machine).
 *
 *   npx tsx packages/policy/bench/redaction.bench.ts
 *
 * Target: a 100 KB log redacts in a few milliseconds; one log line in
 * microseconds; adversarial inputs stay linear (no catastrophic backtracking).
 *
 * Note: the built-in rules have no `keywords` pre-filter because, measured here,
 * lower-casing the text and running substring checks cost more than letting V8
 * search for each regex's literal prefix (and `includes` degrades on inputs like
 * 'aaaa…').
 */
import { createRedactor, redactJson, redactText } from '../src/redaction/index.js';
import { ALNUM, HEX, chars, fake, fakeJwt, fakePem } from '../src/redaction/test-fakes.js';

function median(times: number[]): number {
  const s = [...times].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function bench(name: string, fn: () => unknown, runs = 50): number {
  for (let i = 0; i < 5; i++) fn(); // warm up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  const ms = median(times);
  const shown = ms < 0.1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`;
  console.log(`${name.padEnd(58)} ${shown.padStart(10)}`);
  return ms;
}

/** A deterministic ~`size`-byte container log with a few secrets in it. */
function makeLog(size: number): string {
  const templates = [
    (i: number) => `2024-05-01T12:${String(i % 60).padStart(2, '0')}:00.${String(i % 1000).padStart(3, '0')}Z INFO  [http] GET /api/v1/orders/${i} 200 ${i % 97}ms request_id=${chars(8, HEX, i)}-${chars(4, HEX, i + 1)}`,
    (i: number) => `2024-05-01T12:00:00Z DEBUG pulled sha256:${chars(64, HEX, i)} for container ${chars(12, HEX, i + 2)}`,
    (i: number) => `2024-05-01T12:00:00Z WARN  slow query (${i % 500}ms): SELECT * FROM orders WHERE id = $1 -- token_count=${i % 50}`,
    (i: number) => `172.17.0.${i % 255} - - [01/May/2024:12:00:00 +0000] "POST /login HTTP/1.1" 302 0 "-" "Mozilla/5.0"`,
    (i: number) => `2024-05-01T12:00:00Z ERROR connect ECONNREFUSED 10.0.${i % 255}.7:5432 (attempt ${i % 9}), password reset email sent to user${i}@example.com`,
  ];
  const secrets = [
    `DB_PASSWORD=${chars(16, ALNUM, 1)}`,
    `Authorization: Bearer ${fakeJwt(2)}`,
    `postgres://app:${chars(12, ALNUM, 3)}@db:5432/app`,
    `token ${fake('gh', 'p_', chars(36, ALNUM, 4))}`,
    fakePem('RSA', 5),
  ];
  const lines: string[] = [];
  let length = 0;
  for (let i = 0; length < size; i++) {
    const line = i % 100 === 99 ? secrets[((i / 100) | 0) % secrets.length]! : templates[i % templates.length]!(i);
    lines.push(line);
    length += line.length + 1;
  }
  return lines.join('\n');
}

const log100k = makeLog(100_000);
console.log(`log size: ${(log100k.length / 1024).toFixed(0)} KiB, findings: ${redactText(log100k).findings.length}\n`);

bench('redactText, 100 KB log (built-in rules)', () => redactText(log100k));
const withKnown = createRedactor({ knownSecrets: Array.from({ length: 20 }, (_, i) => fake('known-', chars(14, ALNUM, 100 + i))) });
bench('redactor with 20 known secrets, 100 KB log', () => withKnown.text(log100k));
const log1m = makeLog(1_000_000);
bench('redactText, 1 MB log', () => redactText(log1m), 10);
const line = '2024-05-01T12:00:00Z INFO  [http] GET /api/v1/orders/42 200 3ms request_id=deadbeef-0001';
bench('redactText, one ordinary log line', () => redactText(line), 2000);
bench('redactText, one line with DB_PASSWORD=…', () => redactText('2024-05-01 INFO DB_PASSWORD=hunter22 loaded'), 2000);

const inspect = {
  Id: chars(64, HEX, 1),
  Config: { Env: ['PATH=/usr/local/bin:/usr/bin', 'NODE_VERSION=20.12.2', 'DB_PASSWORD=hunter22', 'PWD=/'], Labels: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`com.example.label-${i}`, `value-${i}`])) },
  Mounts: Array.from({ length: 10 }, (_, i) => ({ Type: 'volume', Name: chars(64, HEX, i), Source: `/var/lib/docker/volumes/v${i}/_data`, Destination: `/data/${i}` })),
};
bench('redactJson, docker inspect-like object', () => redactJson(inspect), 500);

console.log('\nadversarial inputs (100 KB each; should be comparable to the log above):');
const adversarial: Record<string, string> = {
  'one long run of letters': 'a'.repeat(100_000),
  'one long run of base64': chars(100_000, ALNUM + '+/', 9),
  'password= repeated': 'password='.repeat(11_000),
  'unclosed quoted values': 'password: "abc '.repeat(6_000),
  'key: value prose': 'token: expired '.repeat(6_600),
  'BEGIN PRIVATE KEY without END': fake('-----BEGIN ', 'PRIVATE KEY-----\nabc\n').repeat(3_000),
  'scheme:// repeated without @': 'a://b:c'.repeat(14_000),
  'eyJ repeated': 'eyJhbGciOi.'.repeat(9_000),
  'Bearer repeated': 'Bearer Bearer '.repeat(7_000),
  'sk- repeated': 'sk-aaaaaaaaaaaaaaaaaaaaa '.repeat(4_000),
};
for (const [name, text] of Object.entries(adversarial)) bench(`  ${name}`, () => redactText(text), 10);
