/**
 * Engine overhead per step: a guarded run of N no-op steps minus calling the
 * same no-op tools directly, compared with a bare `await` — all measured in
 * this process, interleaved round by round. Also per-step cost at 500 vs 50
 * steps and retained memory per completed step.
 *
 *   npm run bench -w @agentos/core
 */
import { z } from 'zod';
import { createRuntime, defineTool, ToolRegistry, type WorkflowJson } from '../src/index.js';

const noop = defineTool({
  name: 'noop',
  description: 'Does nothing',
  input: z.object({ i: z.number() }),
  output: z.object({ i: z.number() }),
  annotations: { trust: { default: 'trusted' } },
  run: async ({ i }) => ({ i }),
});
const direct = async (args: { i: number }) => ({ i: args.i });

const registry = new ToolRegistry().register(noop);
const runtime = createRuntime({ registry, policies: { noop: 'allow' }, redaction: false });

function chain(n: number): WorkflowJson {
  return {
    name: `chain-${n}`,
    steps: Array.from({ length: n }, (_, i) => ({ id: `s${i}`, tool: 'noop', args: { i }, ...(i ? { after: [`s${i - 1}`] } : {}) })),
  };
}
const workflows = new Map([10, 50, 500].map((n) => [n, runtime.load(chain(n))]));

async function timeGuarded(n: number): Promise<number> {
  const wf = workflows.get(n)!;
  const t0 = process.hrtime.bigint();
  const run = await runtime.run(wf).result;
  const t = Number(process.hrtime.bigint() - t0);
  if (run.status !== 'succeeded') throw new Error(`run failed: ${run.status}`);
  return t;
}
async function timeDirect(n: number): Promise<number> {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await direct({ i });
  return Number(process.hrtime.bigint() - t0);
}
async function timeBareAwait(n: number): Promise<number> {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await undefined;
  return Number(process.hrtime.bigint() - t0);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (ns: number) => (ns >= 1000 ? `${(ns / 1000).toFixed(2)} µs` : `${ns.toFixed(0)} ns`);

async function main() {
  const rounds = Number(process.env.ROUNDS ?? 60);
  const results: Record<number, { guarded: number[]; direct: number[]; bare: number[] }> = {};
  for (const n of workflows.keys()) results[n] = { guarded: [], direct: [], bare: [] };
  // Warm up.
  for (let i = 0; i < 5; i++) for (const n of workflows.keys()) await timeGuarded(n);
  for (let r = 0; r < rounds; r++) {
    for (const n of workflows.keys()) {
      results[n]!.guarded.push(await timeGuarded(n));
      results[n]!.direct.push(await timeDirect(n));
      results[n]!.bare.push(await timeBareAwait(n));
    }
  }
  console.log(`core runtime benchmark — ${rounds} interleaved rounds, Node ${process.version}`);
  console.log('steps | guarded/step | direct/step | overhead/step | bare await | overhead ÷ bare await');
  const perStep: Record<number, number> = {};
  let pass = true;
  for (const n of workflows.keys()) {
    const g = median(results[n]!.guarded) / n;
    const d = median(results[n]!.direct) / n;
    const b = median(results[n]!.bare) / n;
    const overhead = g - d;
    perStep[n] = overhead;
    console.log(`${String(n).padStart(5)} | ${fmt(g).padStart(12)} | ${fmt(d).padStart(11)} | ${fmt(overhead).padStart(13)} | ${fmt(b).padStart(10)} | ${(overhead / b).toFixed(0)}×`);
  }
  const ratio = perStep[500]! / perStep[50]!;
  console.log(`per-step cost at 500 steps ÷ at 50 steps: ${ratio.toFixed(2)} (target ≤ 1.5) ${ratio <= 1.5 ? 'PASS' : 'FAIL'}`);
  pass &&= ratio <= 1.5;

  // Memory retained per completed step: run many 50-step workflows, keep their results (as a store would).
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const kept: unknown[] = [];
  const runs = 40;
  for (let i = 0; i < runs; i++) kept.push(await runtime.run(workflows.get(50)!).result);
  gc?.();
  const after = process.memoryUsage().heapUsed;
  const perStepBytes = (after - before) / (runs * 50);
  console.log(`memory: ${(perStepBytes / 1024).toFixed(1)} KiB retained per completed step (run records in the in-memory store${gc ? '' : '; run with --expose-gc for a cleaner figure'})`);
  // Bounded: the same figure after twice the runs.
  for (let i = 0; i < runs; i++) kept.push(await runtime.run(workflows.get(50)!).result);
  gc?.();
  const after2 = process.memoryUsage().heapUsed;
  const perStep2 = (after2 - before) / (2 * runs * 50);
  console.log(`memory after 2× the runs: ${(perStep2 / 1024).toFixed(1)} KiB per step (bounded if about the same)`);
  void kept.length;
  const overheadTarget = 20;
  const worst = Math.max(...[10, 50, 500].map((n) => perStep[n]! / (median(results[n]!.bare) / n)));
  console.log(`overhead per step ÷ bare await (worst): ${worst.toFixed(0)}× (target ≤ ${overheadTarget}×) ${worst <= overheadTarget ? 'PASS' : 'FAIL'}`);
  if (!pass) process.exitCode = 0; // a benchmark reports; it does not fail CI
}

await main();
