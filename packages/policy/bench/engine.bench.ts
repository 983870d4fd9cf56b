/**
 * Policy engine benchmark (not a timed test): `npm run bench -w @agentos/policy`.
 *
 * 1. Decisions: our engine vs `@cedar-policy/cedar-wasm` (policies parsed once
 *    with `preparsePolicySet`, each request through `statefulIsAuthorized`)
 *    vs a hand-written rule check (the floor), on the same 20 rules over 11
 *    tools. All three must agree on every request before anything is timed;
 *    the implementations then run interleaved, round by round.
 * 2. Scaling: the same requests against 200 and 2,000 policies.
 * 3. Taint propagation: whole simulated runs of 10, 50 and 500 steps.
 *
 * Prints medians, p99s, ratios and PASS/FAIL against the targets in
 * docs/performance.md. Exit code 1 when implementations disagree; a missed
 * target is reported, not hidden, and also exits 1.
 */
import { cpus } from 'node:os';
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { InvocationRequest, PolicyEngine } from '../src/index.js';
import {
  agentosRules,
  benchRequests,
  CEDAR_APPROVAL_IDS,
  cedarRules,
  chainPolicies,
  chainSteps,
  handWritten,
  scaledRules,
  sweepPolicies,
  sweepSteps,
  type BenchRequest,
  type Verdict,
} from './fixtures.js';

// ---------- the library under test ----------

// The built package (what users run) when it exists: `npm run bench` builds it
// first. tsx compiles the sources with esbuild's keepNames, which wraps every
// named closure in a helper call and would slow the hot paths artificially.
const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const fromDist = existsSync(dist);
const lib: typeof import('../src/index.js') = fromDist ? await import(dist) : await import('../src/index.js');
const { createPolicyEngine, definePolicies, simulate, TRUSTED, untrusted } = lib;

// ---------- measurement helpers ----------

const now = () => process.hrtime.bigint();
let sink = 0;

function quantile(sorted: ReadonlyArray<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}
const median = (xs: number[]) => quantile([...xs].sort((a, b) => a - b), 0.5);

interface Stats {
  p50: number;
  p99: number;
  samples: number;
}
function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: quantile(s, 0.5), p99: quantile(s, 0.99), samples: s.length };
}

const fmtNs = (ns: number) => (ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : ns >= 1e3 ? `${(ns / 1e3).toFixed(2)} µs` : `${ns.toFixed(0)} ns`);
const ratio = (x: number) => `${x >= 10 ? x.toFixed(0) : x.toFixed(2)}×`;

const results: Array<{ target: string; measured: string; pass: boolean }> = [];
function target(name: string, measured: string, pass: boolean) {
  results.push({ target: name, measured, pass });
  console.log(`  ${pass ? 'PASS' : 'FAIL'}  ${name}: ${measured}`);
}

/** Time each call on its own (latency distribution; includes ~timer overhead). */
function timeEach<T>(fn: (x: T) => unknown, inputs: ReadonlyArray<T>, out: number[]) {
  for (const x of inputs) {
    const t0 = now();
    const r = fn(x);
    const t1 = now();
    if (r) sink++;
    out.push(Number(t1 - t0));
  }
}

/** Time `passes` loops over the inputs; returns ns per call (throughput, no timer in the loop). */
function timeBatch<T>(fn: (x: T) => unknown, inputs: ReadonlyArray<T>, passes: number): number {
  const t0 = now();
  for (let p = 0; p < passes; p++) for (const x of inputs) if (fn(x)) sink++;
  return Number(now() - t0) / (passes * inputs.length);
}

// ---------- the three implementations ----------

function ours(engine: PolicyEngine) {
  const label = untrusted({ step: 'logs', tool: 'docker_logs' });
  const toRequest = (r: BenchRequest): InvocationRequest => ({ tool: r.tool, args: r.args, context: r.untrusted ? label : TRUSTED });
  return { toRequest, decide: (req: InvocationRequest): Verdict => engine.decide(req).verdict };
}

function cedarImpl(policySetId: string, rules: Record<string, string>) {
  const parsed = cedar.preparsePolicySet(policySetId, { staticPolicies: rules });
  if (parsed.type !== 'success') throw new Error(`Cedar could not parse the policies: ${JSON.stringify(parsed.errors)}`);
  const toCall = (r: BenchRequest): cedar.StatefulAuthorizationCall => ({
    principal: { type: 'Agent', id: 'workflow' },
    action: { type: 'Action', id: 'invoke' },
    resource: { type: 'Tool', id: r.tool },
    context: { untrusted: r.untrusted, args: r.args },
    preparsedPolicySetId: policySetId,
    entities: [],
  });
  const decide = (call: cedar.StatefulAuthorizationCall): Verdict => {
    const answer = cedar.statefulIsAuthorized(call);
    if (answer.type !== 'success') throw new Error(`Cedar failed: ${JSON.stringify(answer.errors)}`);
    const { decision, diagnostics } = answer.response;
    if (diagnostics.errors.length) throw new Error(`Cedar evaluation errors: ${JSON.stringify(diagnostics.errors)}`);
    if (decision === 'deny') return 'block';
    return diagnostics.reason.some((id) => CEDAR_APPROVAL_IDS.has(id)) ? 'require_approval' : 'allow';
  };
  return { toCall, decide };
}

// ---------- 1. decisions: ours vs Cedar vs the floor ----------

function decisions() {
  console.log('\n1. Decisions — 20 rules over 11 tools');
  const requests = benchRequests();
  const engine = createPolicyEngine(agentosRules);
  const o = ours(engine);
  const c = cedarImpl('bench20', cedarRules);
  const oursIn = requests.map(o.toRequest);
  const cedarIn = requests.map(c.toCall);

  // Agreement first: every request, all three.
  let disagreements = 0;
  requests.forEach((r, i) => {
    const a = o.decide(oursIn[i]!);
    const b = c.decide(cedarIn[i]!);
    const f = handWritten(r);
    if (a !== b || a !== f) {
      disagreements++;
      console.log(`  DISAGREE ${r.tool} ${JSON.stringify(r.args)} untrusted=${r.untrusted}: ours=${a} cedar=${b} floor=${f}`);
    }
  });
  const verdicts = requests.map((r) => handWritten(r));
  console.log(
    `  agreement: ${requests.length - disagreements}/${requests.length} requests agree ` +
      `(${verdicts.filter((v) => v === 'allow').length} allow, ${verdicts.filter((v) => v === 'block').length} block, ${verdicts.filter((v) => v === 'require_approval').length} require_approval)`,
  );
  if (disagreements) {
    console.log('  the implementations disagree: not timing them');
    process.exitCode = 1;
    return undefined;
  }

  // Warm-up (JIT), then interleaved rounds in a rotating order.
  timeBatch(o.decide, oursIn, 2_000);
  timeBatch(handWritten, requests, 2_000);
  timeBatch(c.decide, cedarIn, 20);
  const lat = { ours: [] as number[], cedar: [] as number[], floor: [] as number[] };
  const thr = { ours: [] as number[], cedar: [] as number[], floor: [] as number[] };
  const rounds = 30;
  const runs = {
    ours: () => {
      for (let k = 0; k < 20; k++) timeEach(o.decide, oursIn, lat.ours);
      thr.ours.push(timeBatch(o.decide, oursIn, 200));
    },
    cedar: () => {
      timeEach(c.decide, cedarIn, lat.cedar);
      thr.cedar.push(timeBatch(c.decide, cedarIn, 2));
    },
    floor: () => {
      for (let k = 0; k < 20; k++) timeEach(handWritten, requests, lat.floor);
      thr.floor.push(timeBatch(handWritten, requests, 200));
    },
  };
  const order = ['ours', 'cedar', 'floor'] as const;
  for (let r = 0; r < rounds; r++) for (let k = 0; k < 3; k++) runs[order[(r + k) % 3]!]();

  const timer: number[] = [];
  timeEach(() => 1, new Array(20_000).fill(0), timer);
  const timerNs = stats(timer).p50;

  const s = { ours: stats(lat.ours), cedar: stats(lat.cedar), floor: stats(lat.floor) };
  const t = { ours: median(thr.ours), cedar: median(thr.cedar), floor: median(thr.floor) };
  console.log(`  (each call timed on its own; an empty timed call costs ${fmtNs(timerNs)}, included below)`);
  console.log('  implementation          p50 latency   p99 latency   throughput (median ns/call)   samples');
  for (const [name, key] of [['AgentOS engine', 'ours'], ['Cedar-wasm (stateful)', 'cedar'], ['hand-written floor', 'floor']] as const) {
    console.log(`  ${name.padEnd(22)}  ${fmtNs(s[key].p50).padStart(11)}   ${fmtNs(s[key].p99).padStart(11)}   ${fmtNs(t[key]).padStart(27)}   ${s[key].samples}`);
  }
  const vsCedarLat = s.cedar.p50 / s.ours.p50;
  const vsCedarThr = t.cedar / t.ours;
  console.log(`  Cedar / ours: ${ratio(vsCedarLat)} (p50 latency), ${ratio(vsCedarThr)} (throughput)`);
  console.log(`  ours / floor: ${ratio(s.ours.p50 / s.floor.p50)} (p50 latency), ${ratio(t.ours / t.floor)} (throughput)`);
  target('decision p50 ≤ 5 µs', fmtNs(s.ours.p50), s.ours.p50 <= 5_000);
  target('decision p99 ≤ 50 µs', fmtNs(s.ours.p99), s.ours.p99 <= 50_000);
  target('≥ 50× faster than Cedar-wasm (p50 latency, same run)', ratio(vsCedarLat), vsCedarLat >= 50);
  return { requests, p50: s.ours.p50, throughput: t.ours };
}

// ---------- 2. scaling with the number of policies ----------

function scaling(base: { requests: BenchRequest[]; p50: number; throughput: number }) {
  console.log('\n2. Scaling — the same requests against 20, 200 and 2,000 policies');
  const engines = [20, 200, 2_000].map((n) => {
    const set = definePolicies(scaledRules(n));
    const engine = createPolicyEngine(set);
    const o = ours(engine);
    return { n, count: set.invocation.length, o, inputs: base.requests.map(o.toRequest), lat: [] as number[], thr: [] as number[] };
  });
  // The extra policies name other tools: verdicts must not change.
  for (const e of engines) {
    const bad = base.requests.filter((r, i) => e.o.decide(e.inputs[i]!) !== handWritten(r));
    if (bad.length) {
      console.log(`  DISAGREE with ${e.count} policies on ${bad.length} request(s)`);
      process.exitCode = 1;
      return;
    }
    timeBatch(e.o.decide, e.inputs, 2_000);
  }
  for (let r = 0; r < 30; r++) {
    for (let k = 0; k < engines.length; k++) {
      const e = engines[(r + k) % engines.length]!;
      for (let j = 0; j < 20; j++) timeEach(e.o.decide, e.inputs, e.lat);
      e.thr.push(timeBatch(e.o.decide, e.inputs, 200));
    }
  }
  console.log('  policies   p50 latency   p99 latency   throughput');
  const summary = engines.map((e) => ({ n: e.count, s: stats(e.lat), t: median(e.thr) }));
  for (const x of summary) console.log(`  ${String(x.n).padStart(8)}   ${fmtNs(x.s.p50).padStart(11)}   ${fmtNs(x.s.p99).padStart(11)}   ${fmtNs(x.t).padStart(10)}`);
  const first = summary[0]!;
  const last = summary[summary.length - 1]!;
  const r1 = last.s.p50 / first.s.p50;
  const r2 = last.t / first.t;
  console.log(`  2,000 / 20: ${ratio(r1)} (p50 latency), ${ratio(r2)} (throughput)`);
  target('2,000 policies ≤ 2× the time of 20 (p50)', ratio(r1), r1 <= 2);
}

// ---------- 3. taint propagation over whole runs ----------

function taint() {
  console.log('\n3. Taint propagation — whole simulated runs (resolve references, decide, label outputs)');
  const workloads = [
    { name: 'sweep, dataflow', policies: definePolicies(sweepPolicies), mode: 'dataflow' as const, steps: sweepSteps, target: true },
    { name: 'sweep, context', policies: definePolicies(sweepPolicies), mode: 'context' as const, steps: sweepSteps, target: true },
    { name: 'chain (worst case), dataflow', policies: definePolicies(chainPolicies), mode: 'dataflow' as const, steps: chainSteps, target: false },
  ];
  console.log('  workload                        steps   per run       per step      per step vs 50 steps');
  for (const w of workloads) {
    const sizes = [10, 50, 500].map((n) => ({ n, steps: w.steps(n), perStep: [] as number[] }));
    // Sanity: the sweep behaves as designed (every notify allowed, nothing blocked).
    for (const s of sizes) {
      const run = simulate(w.policies, { mode: w.mode, steps: s.steps });
      if (run.steps.length !== s.steps.length) throw new Error('simulation lost steps');
      if (w.name.startsWith('sweep') && w.mode === 'dataflow' && run.steps.some((x) => x.verdict !== 'allow')) {
        throw new Error(`sweep: unexpected verdicts ${JSON.stringify(run.steps.filter((x) => x.verdict !== 'allow').map((x) => [x.id, x.reason]))}`);
      }
      for (let i = 0; i < 3; i++) simulate(w.policies, { mode: w.mode, steps: s.steps });
    }
    for (let r = 0; r < 15; r++) {
      for (let k = 0; k < sizes.length; k++) {
        const s = sizes[(r + k) % sizes.length]!;
        const reps = Math.max(1, Math.round(2_000 / s.n));
        const t0 = now();
        for (let i = 0; i < reps; i++) sink += simulate(w.policies, { mode: w.mode, steps: s.steps }).steps.length;
        s.perStep.push(Number(now() - t0) / (reps * s.steps.length));
      }
    }
    const at50 = median(sizes[1]!.perStep);
    for (const s of sizes) {
      const per = median(s.perStep);
      console.log(`  ${w.name.padEnd(30)}  ${String(s.steps.length).padStart(5)}   ${fmtNs(per * s.steps.length).padStart(10)}   ${fmtNs(per).padStart(10)}   ${ratio(per / at50)}`);
    }
    const r500 = median(sizes[2]!.perStep) / at50;
    if (w.target) target(`per-step cost at 500 steps ≤ 1.5× that at 50 (${w.name})`, ratio(r500), r500 <= 1.5);
    else console.log(`  (informational, no target) ${w.name}: per-step at 500 / at 50 = ${ratio(r500)}`);
  }
}

// ---------- main ----------

console.log(`AgentOS policy engine benchmark — Node ${process.version}, ${cpus().length} CPU(s) (${cpus()[0]?.model ?? 'unknown'}), Cedar ${cedar.getCedarVersion()}`);
console.log(fromDist ? 'library: packages/policy/dist (the build users run)' : 'library: packages/policy/src through tsx (no build found: run `npm run build -w @agentos/policy` for representative figures)');
const base = decisions();
if (base) {
  scaling(base);
  taint();
}
console.log('\nSummary');
for (const r of results) console.log(`  ${r.pass ? 'PASS' : 'FAIL'}  ${r.target}: ${r.measured}`);
if (results.some((r) => !r.pass)) process.exitCode = 1;
if (sink === -1) console.log(sink);
