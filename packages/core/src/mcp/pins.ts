/**
 * Definition pinning for remote MCP tools: a tool's definition is hashed when
 * first seen; a later change is a pin violation that blocks calls until a
 * person approves it (defends against a server silently rewriting a tool's
 * description — "tool poisoning" / "rug pull").
 *
 * What is pinned: `name`, `title`, `description`, `inputSchema`,
 * `outputSchema` and `annotations` (the MCP hints). Annotations are pinned
 * because they change how AgentOS treats a tool: a server that flips
 * `openWorldHint` to `false` would switch off secret redaction for it.
 * `_meta` and `icons` are not pinned.
 * @module
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { AgentOSError } from '../errors.js';
import { describeIssues } from '../zod-issues.js';

/** The parts of a remote tool definition that are pinned, each hashed on its own. */
export const PINNED_FIELDS = ['name', 'title', 'description', 'inputSchema', 'outputSchema', 'annotations'] as const;

/** A pinned part of a definition. */
export type PinnedField = (typeof PINNED_FIELDS)[number];

/** A remote tool definition as far as it is pinned. */
export interface PinnableDefinition {
  name: string;
  title?: string | undefined;
  description?: string | undefined;
  inputSchema?: unknown;
  outputSchema?: unknown;
  annotations?: unknown;
}

/** A pinned tool definition: its hash and the hash of each field. */
export const PinRecordSchema = z.strictObject({
  /** `sha256:<hex>` of the canonical JSON of the whole pinned definition. */
  hash: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  /** The hash of each pinned field, so a violation can say what changed. */
  fields: z.record(z.string(), z.string()),
  /** When it was pinned (ms since the epoch). */
  pinnedAt: z.number(),
});

/** What a {@link PinStore} keeps per tool. */
export type PinRecord = z.infer<typeof PinRecordSchema>;

/**
 * Where pins are kept, keyed by the namespaced tool name (`github.create_issue`).
 * @example
 * ```ts
 * const pins = createFilePinStore('.agentos/mcp-pins.json');
 * await registry.connectMcp({ name: 'github', command: 'github-mcp', pins });
 * ```
 */
export interface PinStore {
  get(key: string): PinRecord | undefined;
  set(key: string, record: PinRecord): void;
}

/**
 * JSON with object keys sorted at every level (arrays keep their order;
 * `undefined` members are dropped, as `JSON.stringify` does).
 * @example
 * ```ts
 * canonicalJson({ b: 1, a: [2, { d: 1, c: 0 }] }); // '{"a":[2,{"c":0,"d":1}],"b":1}'
 * ```
 */
export function canonicalJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) {
        const member = (v as Record<string, unknown>)[k];
        if (member !== undefined) out[k] = sort(member);
      }
      return out;
    }
    return v;
  };
  return JSON.stringify(sort(value)) ?? 'null';
}

const sha256 = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

/**
 * Hash a remote tool definition: the whole pinned definition and each field.
 * @example
 * ```ts
 * const { hash } = hashDefinition({ name: 'say', description: 'Say it', inputSchema: { type: 'object' } });
 * ```
 */
export function hashDefinition(def: PinnableDefinition, now: number = Date.now()): PinRecord {
  const picked: Record<string, unknown> = {};
  const fields: Record<string, string> = {};
  for (const f of PINNED_FIELDS) {
    picked[f] = def[f];
    fields[f] = sha256(canonicalJson(def[f] ?? null));
  }
  return { hash: sha256(canonicalJson(picked)), fields, pinnedAt: now };
}

/**
 * The pinned fields that differ between two records (all of them when the
 * pinned record has no field hashes).
 * @example
 * ```ts
 * changedFields(pinned, current); // ['description']
 * ```
 */
export function changedFields(pinned: PinRecord, current: PinRecord): string[] {
  const names = new Set([...Object.keys(pinned.fields), ...Object.keys(current.fields)]);
  const changed = [...names].filter((f) => pinned.fields[f] !== current.fields[f]);
  return changed.length ? changed : pinned.hash === current.hash ? [] : ['definition'];
}

/**
 * Pins kept in memory (lost when the process exits).
 * @example
 * ```ts
 * const pins = createMemoryPinStore();
 * ```
 */
export function createMemoryPinStore(): PinStore {
  const map = new Map<string, PinRecord>();
  return {
    get: (key) => map.get(key),
    set: (key, record) => void map.set(key, record),
  };
}

const PinFileSchema = z.strictObject({
  version: z.literal(1),
  pins: z.record(z.string(), PinRecordSchema),
});

/**
 * Pins kept in a JSON file, so a definition that changed while the process was
 * down is caught on the next connection. The file is read once and rewritten
 * atomically on every new pin. A corrupt file is an error (it is never reset
 * silently: that would re-pin whatever the servers now say).
 * @example
 * ```ts
 * const pins = createFilePinStore('/var/lib/agentos/mcp-pins.json');
 * ```
 */
export function createFilePinStore(file: string): PinStore {
  let pins: Record<string, PinRecord> = {};
  let text: string | undefined;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new AgentOSError('MCP_PIN_STORE', `cannot read the MCP pin file ${file}: ${(e as Error).message}`, { cause: e, hint: 'check the path and its permissions' });
    }
  }
  if (text !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new AgentOSError('MCP_PIN_STORE', `the MCP pin file ${file} is not valid JSON`, { cause: e, hint: 'restore it from a backup, or delete it to re-pin every tool on the next connection (only if you trust the servers now)' });
    }
    const parsed = PinFileSchema.safeParse(json);
    if (!parsed.success) {
      const issues = describeIssues(parsed.error);
      const first = issues[0];
      throw new AgentOSError('MCP_PIN_STORE', `the MCP pin file ${file} is malformed${first ? ` at ${first.path || '(root)'}: ${first.message}` : ''}`, {
        details: { issues },
        hint: 'restore it from a backup, or delete it to re-pin every tool on the next connection (only if you trust the servers now)',
      });
    }
    pins = parsed.data.pins;
  }
  return {
    get: (key) => pins[key],
    set(key, record) {
      pins = { ...pins, [key]: record };
      mkdirSync(dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, `${JSON.stringify({ version: 1, pins }, null, 2)}\n`, { mode: 0o600 });
      renameSync(tmp, file);
    },
  };
}
