/**
 * The `run` request: its schema, and the refusals (privileged mode, host
 * mounts, host PID, host network, added capabilities) shared by every host,
 * so the real engine and the in-memory host refuse exactly the same things.
 * @module
 */
import { z } from 'zod';
import { CONTAINER_NAME_PATTERN } from './container-ref.js';
import { DockerRequestRefusedError, InvalidRunSpecError, type Refusal } from './errors.js';

const noNul = (s: string) => !s.includes('\u0000');

/** An image reference: `[registry[:port]/]name[:tag][@digest]`. */
export const ImageRefSchema = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._\-/:@+]*$/, 'invalid image reference')
  .describe('Image reference, e.g. "redis:7" (must already be on the host; AgentOS never pulls)');

/** A healthcheck: `test` is an argument array (`["CMD", "sh", "-c", "…"]`) or `["NONE"]`. */
export const HealthcheckSpecSchema = z.strictObject({
  test: z
    .array(z.string().refine(noNul, 'NUL byte'))
    .min(1)
    .refine((t) => t[0] === 'CMD' || (t[0] === 'NONE' && t.length === 1), 'test must start with "CMD" (an argument array) or be ["NONE"]'),
  intervalMs: z.number().int().min(1).optional(),
  timeoutMs: z.number().int().min(1).optional(),
  retries: z.number().int().min(0).optional(),
  startPeriodMs: z.number().int().min(0).optional(),
});

/** A mount. `bind` mounts a host path and is refused unless `allow.hostMounts`. */
export const MountSpecSchema = z.strictObject({
  type: z.enum(['bind', 'volume', 'tmpfs']),
  source: z.string().min(1).refine(noNul, 'NUL byte').optional(),
  target: z.string().min(1).startsWith('/').refine(noNul, 'NUL byte'),
  readOnly: z.boolean().default(false),
});

/** The explicit permissions for dangerous requests; all default to false. */
export const RunAllowSchema = z.strictObject({
  privileged: z.boolean().default(false),
  hostMounts: z.boolean().default(false),
  hostPid: z.boolean().default(false),
  hostNetwork: z.boolean().default(false),
  capabilities: z.boolean().default(false),
});

/**
 * What `run` accepts. Strict: unknown keys (e.g. a raw `HostConfig`) are rejected.
 * Network mode defaults to `none`.
 * @example
 * ```ts
 * const spec = RunSpecSchema.parse({ image: 'busybox', cmd: ['sleep', '60'], labels: { team: 'ops' } });
 * spec.networkMode; // 'none'
 * ```
 */
export const RunSpecSchema = z.strictObject({
  image: ImageRefSchema,
  name: z.string().regex(CONTAINER_NAME_PATTERN, 'invalid container name').max(128).transform((s) => s.replace(/^\//, '')).optional(),
  cmd: z.array(z.string().refine(noNul, 'NUL byte')).optional().describe('Command as an argument array (never a shell string)'),
  entrypoint: z.array(z.string().refine(noNul, 'NUL byte')).optional(),
  env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'invalid environment variable name'), z.string().refine(noNul, 'NUL byte')).default({}),
  labels: z.record(z.string().min(1).max(256).regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, 'invalid label key'), z.string().refine(noNul, 'NUL byte')).default({}),
  networkMode: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'network mode must be "none", "bridge", "host" or a network name')
    .default('none'),
  healthcheck: HealthcheckSpecSchema.optional(),
  tty: z.boolean().default(false),
  autoRemove: z.boolean().default(false),
  user: z.string().regex(/^[A-Za-z0-9_.:-]+$/, 'invalid user').optional(),
  workdir: z.string().startsWith('/').refine(noNul, 'NUL byte').optional(),
  restartPolicy: z.enum(['no', 'always', 'unless-stopped', 'on-failure']).default('no'),
  privileged: z.boolean().default(false),
  pidMode: z.enum(['private', 'host']).default('private'),
  capAdd: z.array(z.string().regex(/^[A-Z_]+$/, 'capability names are upper case, e.g. NET_ADMIN')).default([]),
  mounts: z.array(MountSpecSchema).default([]),
  allow: RunAllowSchema.default({ privileged: false, hostMounts: false, hostPid: false, hostNetwork: false, capabilities: false }),
});

/** A run request as written by the caller. */
export type RunSpecInput = z.input<typeof RunSpecSchema>;
/** A validated run request, defaults applied. */
export type RunSpec = z.output<typeof RunSpecSchema>;

/**
 * Validate a run request. Throws {@link InvalidRunSpecError} listing every problem.
 * @example
 * ```ts
 * const spec = parseRunSpec({ image: 'busybox', cmd: ['true'] });
 * ```
 */
export function parseRunSpec(input: unknown): RunSpec {
  const r = RunSpecSchema.safeParse(input);
  if (r.success) return r.data;
  throw new InvalidRunSpecError(r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })));
}

/**
 * The dangerous parts of a validated spec that its `allow` flags do not permit.
 * @example
 * ```ts
 * runRefusals(parseRunSpec({ image: 'x', privileged: true })); // [{ what: 'privileged mode', allowFlag: 'privileged' }]
 * ```
 */
export function runRefusals(spec: RunSpec): Refusal[] {
  const out: Refusal[] = [];
  if (spec.privileged && !spec.allow.privileged) out.push({ what: 'privileged mode', allowFlag: 'privileged' });
  const binds = spec.mounts.filter((m) => m.type === 'bind');
  if (binds.length > 0 && !spec.allow.hostMounts) {
    out.push({ what: `host mount${binds.length > 1 ? 's' : ''} (${binds.map((m) => `${m.source ?? '?'}:${m.target}`).join(', ')})`, allowFlag: 'hostMounts' });
  }
  if (spec.pidMode === 'host' && !spec.allow.hostPid) out.push({ what: 'host PID namespace', allowFlag: 'hostPid' });
  if (spec.networkMode === 'host' && !spec.allow.hostNetwork) out.push({ what: 'host network', allowFlag: 'hostNetwork' });
  if (spec.capAdd.length > 0 && !spec.allow.capabilities) out.push({ what: `added capabilities (${spec.capAdd.join(', ')})`, allowFlag: 'capabilities' });
  return out;
}

/**
 * Validate a run request and throw {@link DockerRequestRefusedError} when it
 * asks for something dangerous without the matching `allow` flag.
 * @example
 * ```ts
 * checkRunSpec({ image: 'busybox', privileged: true }); // throws DockerRequestRefusedError
 * ```
 */
export function checkRunSpec(input: unknown): RunSpec {
  const spec = parseRunSpec(input);
  const refusals = runRefusals(spec);
  if (refusals.length > 0) throw new DockerRequestRefusedError('docker run', refusals);
  return spec;
}
