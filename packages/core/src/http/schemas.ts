/**
 * zod schemas of the HTTP API's requests (bodies, route parameters, query
 * strings), and `parseRequest`, which turns a failed parse into a 400 with
 * the path of the first problem.
 * @module
 */
import { z } from 'zod';
import { CONTAINER_NAME_PATTERN, describeZodIssues } from '@agentos/policy';
import { HttpError } from './errors.js';

/** A saved workflow's name as it appears in a path: 1–120 characters, no control characters or slashes. */
export const WorkflowNameSchema = z
  .string()
  .min(1, 'a workflow name is required')
  .max(120, 'a workflow name has at most 120 characters')
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\u0000-\u001f\u007f/\\]+$/, 'a workflow name has no control characters, "/" or "\\"');

/** A container name or id, as the policies accept it. */
export const ContainerNameSchema = z.string().regex(new RegExp(CONTAINER_NAME_PATTERN), 'a container name or id (letters, digits, "_", ".", "-")');

/** A Docker host name (`local`, `prod-1`). */
export const HostNameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'a Docker host name (letters, digits, "_", ".", "-")');

/** Route parameters of `/workflows/:name`. */
export const WorkflowParamsSchema = z.object({ name: WorkflowNameSchema });

/** Route parameters of `/containers/:name/actions/:action`. */
export const ContainerParamsSchema = z.object({ name: ContainerNameSchema });

/** Body of `POST /workflows/validate` and `/workflows/preview`. */
export const WorkflowBodySchema = z.strictObject({ workflow: z.unknown() });

/** Body of `POST /runs`: a workflow or the name of a saved one, and the run's input. */
export const RunBodySchema = z.union([
  z.strictObject({ workflow: z.record(z.string(), z.unknown()), input: z.record(z.string(), z.unknown()).optional() }),
  z.strictObject({ name: WorkflowNameSchema, input: z.record(z.string(), z.unknown()).optional() }),
]);

/** Who decides an approval. */
const ByField = z.string().trim().min(1, 'say who decides (e.g. the operator\'s name)').max(200);

/** Body of `POST /approvals/:runId/:stepId/approve`. */
export const ApproveBodySchema = z.strictObject({ by: ByField });
/** Body of `POST /approvals/:runId/:stepId/reject`. */
export const RejectBodySchema = z.strictObject({ by: ByField, reason: z.string().max(2000).optional() });

/** Body of `POST /containers/:name/actions/:action`. */
export const ContainerActionBodySchema = z.strictObject({ host: HostNameSchema.optional() });

/** Body of `POST /agent/chat`. */
export const ChatBodySchema = z.strictObject({ message: z.string().trim().min(1, 'a message is required').max(20_000) });

/** Route parameters of `/approvals/:runId/:stepId/…`. */
export const ApprovalParamsSchema = z.object({ runId: z.string().min(1).max(200), stepId: z.string().min(1).max(200) });

const optionalInt = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .optional();

/** Query of `GET /runs`. */
export const RunsQuerySchema = z.strictObject({ limit: optionalInt(1, 1000), workflow: z.string().min(1).optional() });

/** Query of `GET /violations`. */
export const ViolationsQuerySchema = z.strictObject({
  since: optionalInt(0, Number.MAX_SAFE_INTEGER),
  workflow: z.string().min(1).optional(),
  tool: z.string().min(1).optional(),
  limit: optionalInt(1, 1000),
});

/**
 * Parse a request part; a failure is a 400 `VALIDATION` with the path of
 * the first problem and every issue.
 * @example
 * ```ts
 * const { by } = parseRequest(ApproveBodySchema, body, 'body');
 * ```
 */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown, part: 'body' | 'query' | 'params'): z.output<S> {
  const parsed = schema.safeParse(part === 'body' && value === undefined ? {} : value);
  if (parsed.success) return parsed.data;
  const issues = describeZodIssues(parsed.error);
  const first = issues[0];
  const where = first?.path ?? '';
  throw new HttpError(400, 'VALIDATION', `invalid request ${part}${where ? ` at ${where}` : ''}: ${first?.message ?? 'invalid'}`, {
    where,
    issues,
  });
}
