/**
 * The provider-neutral shapes of the LLM layer: messages, tools, results and
 * the {@link Llm} interface itself.
 * @module
 */
import type { ZodType } from 'zod';

/** A tool call the model made (or one replayed in an assistant message). */
export interface LlmToolCall {
  id: string;
  name: string;
  /** The arguments exactly as the model sent them (a JSON string). */
  rawArguments: string;
  /** The parsed arguments; `undefined` when {@link parseError} is set. */
  arguments: unknown;
  /** Why `rawArguments` is not valid JSON, if it is not. */
  parseError?: string;
}

/**
 * A chat message. Content is always plain text.
 * @example
 * ```ts
 * const messages: LlmMessage[] = [
 *   { role: 'system', content: 'You are terse.' },
 *   { role: 'user', content: 'Say hi' },
 * ];
 * ```
 */
export type LlmMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string | null; toolCalls?: ReadonlyArray<Pick<LlmToolCall, 'id' | 'name' | 'rawArguments'>> }
  | { role: 'tool'; toolCallId: string; content: string };

/** A function the model may call. `parameters` is a JSON schema (e.g. a tool's `inputJsonSchema`). */
export interface LlmToolSpec {
  name: string;
  description?: string;
  parameters: Record<string, unknown>;
}

/** Token counts, summed over every request the call made. */
export interface LlmUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

/** Options every call accepts. */
export interface LlmCallOptions {
  messages: ReadonlyArray<LlmMessage>;
  /** Cancels the call; it then rejects with `LlmCancelledError`. */
  signal?: AbortSignal;
  /** Overrides the default `maxTokens` (sent as `max_tokens`). */
  maxTokens?: number;
  /** Overrides the default per-request time limit. */
  timeoutMs?: number;
  temperature?: number;
}

/** Options of {@link Llm.chat}. */
export interface LlmChatOptions extends LlmCallOptions {
  tools?: ReadonlyArray<LlmToolSpec>;
  /** Default `auto` when tools are given. */
  toolChoice?: 'auto' | 'none' | 'required' | { name: string };
}

/** Why the model stopped. */
export type LlmFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call' | 'unknown';

/** The answer of {@link Llm.chat}. */
export interface LlmChatResult {
  /** The assistant's text ('' when it only called tools). */
  text: string;
  toolCalls: LlmToolCall[];
  usage: LlmUsage;
  finishReason: LlmFinishReason;
}

/** The end of a stream: the whole text and what the server reported. */
export interface LlmStreamResult {
  text: string;
  usage: LlmUsage | undefined;
  finishReason: LlmFinishReason;
}

/**
 * Text deltas as they arrive. Iterate it once; `final()` resolves with the
 * whole text when the stream ends (it drains the stream if you did not).
 * @example
 * ```ts
 * const s = llm.stream({ messages });
 * for await (const delta of s) process.stdout.write(delta);
 * const { text } = await s.final();
 * ```
 */
export interface LlmTextStream extends AsyncIterable<string> {
  final(): Promise<LlmStreamResult>;
}

/** Options of {@link Llm.structured}. */
export interface LlmStructuredOptions<T> extends LlmCallOptions {
  /** The answer's shape; the reply is validated with it. */
  schema: ZodType<T>;
  /** A short identifier for the schema (letters, digits, _ and -), e.g. `judge_verdict`. */
  schemaName: string;
  /** How many replies to try before `LlmOutputError`. Default 3. */
  maxAttempts?: number;
}

/** The answer of {@link Llm.structured}. */
export interface LlmStructuredResult<T> {
  value: T;
  /** How many model replies it took (1 = valid first time). */
  attempts: number;
  usage: LlmUsage;
}

/**
 * One model on one OpenAI-compatible endpoint. Made by `createLlm`, or
 * implement it yourself (the sanitizer and planner only use this interface).
 * @example
 * ```ts
 * const llm = createLlm({ baseURL: 'http://127.0.0.1:11434/v1', model: 'llama3.1' });
 * const { text } = await llm.chat({ messages: [{ role: 'user', content: 'hi' }] });
 * ```
 */
export interface Llm {
  /** A label for logs and verdicts (default: the model name). */
  readonly name: string;
  readonly model: string;
  /** `…/chat/completions` on the configured server. */
  readonly endpoint: string;
  chat(options: LlmChatOptions): Promise<LlmChatResult>;
  stream(options: LlmCallOptions): LlmTextStream;
  structured<T>(options: LlmStructuredOptions<T>): Promise<LlmStructuredResult<T>>;
}
