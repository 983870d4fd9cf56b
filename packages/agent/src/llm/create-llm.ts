/**
 * `createLlm`: one small client over the `openai` package for OpenAI and any
 * OpenAI-compatible server (Ollama, vLLM, llama.cpp server).
 * @module
 */
import OpenAI from 'openai';
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
  ChatCompletionToolChoiceOption,
} from 'openai/resources/chat/completions';
import { AgentOSError } from '@agentos/policy';
import { LlmCancelledError, LlmConfigError, LlmOutputError, type LlmOutputIssue, type LlmTarget } from './errors.js';
import { mapLlmError, type AttemptState } from './map-error.js';
import { toResponseJsonSchema, type ResponseJsonSchema } from './json-schema.js';
import { parseStructuredReply } from './parse-reply.js';
import type {
  Llm,
  LlmCallOptions,
  LlmChatOptions,
  LlmChatResult,
  LlmFinishReason,
  LlmMessage,
  LlmStreamResult,
  LlmStructuredOptions,
  LlmStructuredResult,
  LlmTextStream,
  LlmToolCall,
  LlmUsage,
} from './types.js';

/** Options of {@link createLlm}. */
export interface CreateLlmOptions {
  /** e.g. `http://127.0.0.1:11434/v1` (Ollama). Default: OpenAI (or `OPENAI_BASE_URL`). */
  baseURL?: string;
  /** Default `OPENAI_API_KEY`, else `'not-needed'` (local servers ignore it). */
  apiKey?: string;
  model: string;
  /** Limit per HTTP attempt, including reading a streamed answer. Default 60 000 ms. */
  timeoutMs?: number;
  /** Extra attempts after connection errors, 408, 409, 429 and 5xx. Default 2. */
  maxRetries?: number;
  /** First back-off between retries (doubles each time). Default 250 ms. */
  retryDelayMs?: number;
  /** Default token limit of an answer, sent as `max_tokens`. */
  maxTokens?: number;
  temperature?: number;
  /** A label for logs and verdicts. Default: the model name. */
  name?: string;
  /** Extra HTTP headers sent with every request. */
  headers?: Record<string, string>;
}

const SCHEMA_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const EMPTY_USAGE: LlmUsage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };

/**
 * Create an {@link Llm} for one model on one OpenAI-compatible endpoint.
 *
 * Transport retries are our own (the client's are off) and bounded by
 * `maxRetries`; time is bounded by `timeoutMs` per attempt; tokens by
 * `maxTokens`. Errors are typed: `LlmRequestError`, `LlmTimeoutError`,
 * `LlmCancelledError`, `LlmOutputError`.
 *
 * @example
 * ```ts
 * const llm = createLlm({ baseURL: 'http://127.0.0.1:11434/v1', model: 'llama3.1', timeoutMs: 30_000 });
 * const { value } = await llm.structured({
 *   messages: [{ role: 'user', content: 'Is 7 prime? Answer as JSON.' }],
 *   schema: z.strictObject({ prime: z.boolean() }),
 *   schemaName: 'prime_answer',
 * });
 * ```
 */
export function createLlm(options: CreateLlmOptions): Llm {
  const model = options.model?.trim();
  if (!model) {
    throw new LlmConfigError('createLlm needs a model name', ['model'], { hint: 'pass { model: "gpt-4o-mini" } (or your local model, e.g. "llama3.1"), or set AGENTOS_LLM_MODEL and use llmFromEnv()' });
  }
  if (options.baseURL !== undefined && !URL.canParse(options.baseURL)) {
    throw new LlmConfigError(`createLlm: baseURL "${options.baseURL}" is not a URL`, ['baseURL'], { hint: 'use a full URL such as http://127.0.0.1:11434/v1' });
  }
  const timeoutMs = positiveInt(options.timeoutMs ?? 60_000, 'timeoutMs');
  const maxRetries = Math.max(0, Math.floor(options.maxRetries ?? 2));
  const retryDelayMs = Math.max(0, options.retryDelayMs ?? 250);

  const client = new OpenAI({
    ...(options.baseURL !== undefined ? { baseURL: options.baseURL } : {}),
    apiKey: options.apiKey ?? process.env.OPENAI_API_KEY ?? 'not-needed',
    timeout: timeoutMs,
    maxRetries: 0,
    ...(options.headers ? { defaultHeaders: options.headers } : {}),
  });
  const target: LlmTarget = { endpoint: `${client.baseURL.replace(/\/+$/, '')}/chat/completions`, model };
  const schemaCache = new WeakMap<object, ResponseJsonSchema>();

  function baseParams(o: LlmCallOptions) {
    const maxTokens = o.maxTokens ?? options.maxTokens;
    const temperature = o.temperature ?? options.temperature;
    return {
      model,
      messages: toOpenAIMessages(o.messages),
      ...(maxTokens !== undefined ? { max_tokens: positiveInt(maxTokens, 'maxTokens') } : {}),
      ...(temperature !== undefined ? { temperature } : {}),
    };
  }

  /** Run one HTTP exchange with our time limit, cancellation and bounded retries. */
  async function withAttempts<R>(o: LlmCallOptions, run: (signal: AbortSignal, timeout: number) => Promise<R>): Promise<R> {
    const limit = positiveInt(o.timeoutMs ?? timeoutMs, 'timeoutMs');
    for (let attempt = 0; ; attempt++) {
      const dl = deadline(o.signal, limit);
      try {
        if (o.signal?.aborted) throw new LlmCancelledError(target);
        return await run(dl.signal, limit);
      } catch (err) {
        const { error, retryable } = mapLlmError(err, target, dl.state());
        if (!retryable || attempt >= maxRetries) throw error;
      } finally {
        dl.dispose();
      }
      await sleep(retryDelayMs * 2 ** attempt, o.signal, target);
    }
  }

  async function complete(o: LlmCallOptions, extra: Partial<ChatCompletionCreateParamsNonStreaming>): Promise<ChatCompletion> {
    return withAttempts(o, async (signal, timeout) => {
      const completion = await client.chat.completions.create({ ...baseParams(o), ...extra, stream: false }, { signal, timeout });
      if (typeof completion !== 'object' || completion === null || !Array.isArray(completion.choices) || !completion.choices[0]) {
        throw new Error(`expected a chat completion with choices, got ${JSON.stringify(completion).slice(0, 200)}`);
      }
      return completion;
    });
  }

  async function chat(o: LlmChatOptions): Promise<LlmChatResult> {
    const extra: Partial<ChatCompletionCreateParamsNonStreaming> = {};
    if (o.tools && o.tools.length > 0) {
      extra.tools = o.tools.map((t) => ({
        type: 'function' as const,
        function: { name: t.name, ...(t.description ? { description: t.description } : {}), parameters: t.parameters },
      }));
      if (o.toolChoice) extra.tool_choice = toToolChoice(o.toolChoice);
    }
    const completion = await complete(o, extra);
    return toChatResult(completion);
  }

  function stream(o: LlmCallOptions): LlmTextStream {
    let claimed = false;
    let settle!: { resolve: (r: LlmStreamResult) => void; reject: (e: unknown) => void };
    const finalPromise = new Promise<LlmStreamResult>((resolve, reject) => (settle = { resolve, reject }));
    finalPromise.catch(() => undefined); // surfaced through iteration or final()

    async function* run(): AsyncGenerator<string, void, undefined> {
      const limit = positiveInt(o.timeoutMs ?? timeoutMs, 'timeoutMs');
      let text = '';
      let usage: LlmUsage | undefined;
      let finish: LlmFinishReason = 'unknown';
      let completed = false;
      try {
        for (let attempt = 0; ; attempt++) {
          const dl = deadline(o.signal, limit);
          let yielded = false;
          try {
            if (o.signal?.aborted) throw new LlmCancelledError(target);
            const chunks = await client.chat.completions.create(
              { ...baseParams(o), stream: true, stream_options: { include_usage: true } },
              { signal: dl.signal, timeout: limit },
            );
            for await (const chunk of chunks as AsyncIterable<ChatCompletionChunk>) {
              if (chunk.usage) usage = toUsage(chunk.usage);
              const choice = chunk.choices?.[0];
              if (!choice) continue;
              if (choice.finish_reason) finish = toFinish(choice.finish_reason);
              const delta = choice.delta?.content;
              if (delta) {
                text += delta;
                yielded = true;
                yield delta;
              }
            }
            // The client ends an aborted stream quietly; a cut-off answer must not pass as complete.
            if (dl.signal.aborted) throw dl.signal.reason;
            completed = true;
            settle.resolve({ text, usage, finishReason: finish });
            return;
          } catch (err) {
            const { error, retryable } = mapLlmError(err, target, dl.state());
            if (!retryable || yielded || attempt >= maxRetries) throw error;
          } finally {
            dl.dispose();
          }
          await sleep(retryDelayMs * 2 ** attempt, o.signal, target);
        }
      } catch (err) {
        settle.reject(err);
        throw err;
      } finally {
        if (!completed) settle.reject(new LlmCancelledError(target, { hint: 'the stream was closed before it ended' }));
      }
    }

    const gen = run();
    const claim = () => {
      if (claimed) throw new AgentOSError('LLM_STREAM', `a stream from model "${model}" can be read once`, { hint: 'iterate it once, or call final() for the whole text' });
      claimed = true;
    };
    return {
      [Symbol.asyncIterator]() {
        claim();
        return gen;
      },
      async final() {
        if (!claimed) {
          claimed = true;
          for await (const _ of gen) {
            // drain
          }
        }
        return finalPromise;
      },
    };
  }

  async function structured<T>(o: LlmStructuredOptions<T>): Promise<LlmStructuredResult<T>> {
    if (!SCHEMA_NAME.test(o.schemaName)) {
      throw new LlmConfigError(`structured output: schemaName "${o.schemaName}" is not allowed`, ['schemaName'], { hint: 'use 1–64 letters, digits, _ or -' });
    }
    const maxAttempts = Math.max(1, Math.floor(o.maxAttempts ?? 3));
    let rs = schemaCache.get(o.schema);
    if (!rs) {
      rs = toResponseJsonSchema(o.schema);
      schemaCache.set(o.schema, rs);
    }
    const responseFormat = { type: 'json_schema' as const, json_schema: { name: o.schemaName, schema: rs.schema, strict: rs.strict } };
    const messages: LlmMessage[] = [...o.messages];
    let usage = EMPTY_USAGE;
    let lastRaw = '';
    let lastIssues: LlmOutputIssue[] = [];
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const completion = await complete({ ...o, messages }, { response_format: responseFormat });
      const result = toChatResult(completion);
      usage = addUsage(usage, result.usage);
      const refusal = completion.choices[0]?.message.refusal;
      lastRaw = result.text;
      if (refusal) {
        lastIssues = [{ path: '(root)', message: `the model refused: ${refusal}` }];
      } else {
        const parsed = parseStructuredReply(result.text, o.schema);
        if (parsed.ok) return { value: parsed.value, attempts: attempt, usage };
        lastIssues = parsed.issues;
        if (result.finishReason === 'length') {
          lastIssues = [...lastIssues, { path: '(root)', message: 'the reply was cut off at the token limit' }];
        }
      }
      if (attempt < maxAttempts) {
        messages.push({ role: 'assistant', content: result.text }, { role: 'user', content: feedbackMessage(o.schemaName, lastIssues, rs.schema) });
      }
    }
    throw new LlmOutputError(target, o.schemaName, maxAttempts, lastRaw, lastIssues);
  }

  return Object.freeze({
    name: options.name ?? model,
    model,
    endpoint: target.endpoint,
    chat,
    stream,
    structured,
  });
}

/** The message sent back to the model after an invalid structured reply. */
function feedbackMessage(schemaName: string, issues: ReadonlyArray<LlmOutputIssue>, schema: Record<string, unknown>): string {
  const list = issues.slice(0, 10).map((i) => `- at ${i.path}: ${i.message}`).join('\n');
  return (
    `Your previous reply is not a valid "${schemaName}" answer:\n${list}\n` +
    `Reply again with only one JSON value that matches this JSON schema, with no other text:\n${JSON.stringify(schema)}`
  );
}

function toOpenAIMessages(messages: ReadonlyArray<LlmMessage>): ChatCompletionMessageParam[] {
  return messages.map((m): ChatCompletionMessageParam => {
    switch (m.role) {
      case 'system':
      case 'user':
        return { role: m.role, content: m.content };
      case 'assistant':
        return {
          role: 'assistant',
          content: m.content,
          ...(m.toolCalls && m.toolCalls.length > 0
            ? { tool_calls: m.toolCalls.map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.name, arguments: c.rawArguments } })) }
            : {}),
        };
      case 'tool':
        return { role: 'tool', tool_call_id: m.toolCallId, content: m.content };
    }
  });
}

function toToolChoice(choice: NonNullable<LlmChatOptions['toolChoice']>): ChatCompletionToolChoiceOption {
  return typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } };
}

function toChatResult(completion: ChatCompletion): LlmChatResult {
  const choice = completion.choices[0];
  const message = choice?.message;
  const toolCalls: LlmToolCall[] = [];
  for (const tc of message?.tool_calls ?? []) {
    if (tc.type !== 'function') continue;
    const rawArguments = tc.function.arguments ?? '';
    try {
      toolCalls.push({ id: tc.id, name: tc.function.name, rawArguments, arguments: rawArguments.trim() === '' ? {} : JSON.parse(rawArguments) });
    } catch (e) {
      toolCalls.push({ id: tc.id, name: tc.function.name, rawArguments, arguments: undefined, parseError: (e as Error).message });
    }
  }
  return {
    text: message?.content ?? '',
    toolCalls,
    usage: completion.usage ? toUsage(completion.usage) : EMPTY_USAGE,
    finishReason: toFinish(choice?.finish_reason),
  };
}

function toUsage(u: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number }): LlmUsage {
  const promptTokens = u.prompt_tokens ?? 0;
  const completionTokens = u.completion_tokens ?? 0;
  return { promptTokens, completionTokens, totalTokens: u.total_tokens ?? promptTokens + completionTokens };
}

function addUsage(a: LlmUsage, b: LlmUsage): LlmUsage {
  return { promptTokens: a.promptTokens + b.promptTokens, completionTokens: a.completionTokens + b.completionTokens, totalTokens: a.totalTokens + b.totalTokens };
}

function toFinish(reason: string | null | undefined): LlmFinishReason {
  switch (reason) {
    case 'stop':
    case 'length':
    case 'tool_calls':
    case 'content_filter':
    case 'function_call':
      return reason;
    default:
      return 'unknown';
  }
}

function positiveInt(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new LlmConfigError(`${name} must be a positive number, got ${value}`, [name]);
  }
  return Math.max(1, Math.round(value));
}

/** An AbortSignal that fires on the caller's signal or after `ms`, and remembers which. */
function deadline(outer: AbortSignal | undefined, ms: number) {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`timed out after ${ms} ms`));
  }, ms);
  const onAbort = () => controller.abort(outer?.reason);
  if (outer) {
    if (outer.aborted) onAbort();
    else outer.addEventListener('abort', onAbort, { once: true });
  }
  return {
    signal: controller.signal,
    state: (): AttemptState => ({ cancelled: outer?.aborted === true, timedOut, timeoutMs: ms }),
    /** Stop the timer and end anything still attached to the signal (e.g. an abandoned stream). */
    dispose() {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
      if (!controller.signal.aborted) controller.abort(new Error('request finished'));
    },
  };
}

function sleep(ms: number, signal: AbortSignal | undefined, target: LlmTarget): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new LlmCancelledError(target));
    const onAbort = () => {
      clearTimeout(t);
      reject(new LlmCancelledError(target));
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
