/**
 * `<AgentChat>`: ask the agent in plain English; see its plan, each step's
 * status (blocked steps say why), approve or reject steps that wait for a
 * person, and read its answer.
 * @module
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { AgentOSRoot } from '../context/root.js';
import { useAgentOs } from '../context/provider.js';
import { policyReason, stripSources } from '../format/violation-line.js';
import { asError, useLoad } from '../hooks/use-load.js';
import { applyChatEvent, emptyTurnView, stepKey, type ChatPlan, type ChatStepState, type ChatTurnView } from './chat-events.js';

/** Props of {@link AgentChat}. */
export interface AgentChatProps {
  /** Heading. Default `Agent`. */
  title?: string;
  /** Placeholder of the message box. */
  placeholder?: string;
  /** Example requests shown as buttons while the chat is empty. */
  suggestions?: ReadonlyArray<string>;
  className?: string;
}

interface Turn {
  id: number;
  message: string;
  view: ChatTurnView;
  state: 'streaming' | 'done' | 'failed' | 'stopped';
  failure?: string;
}

const STATUS_ICONS: Record<string, string> = {
  pending: '○',
  running: '◐',
  succeeded: '✅',
  blocked: '⛔',
  skipped: '⏭',
  failed: '❌',
  cancelled: '✖',
  awaiting_approval: '⏳',
};
const STATUS_TEXT: Record<string, string> = {
  pending: 'waiting',
  running: 'running',
  succeeded: 'done',
  blocked: 'blocked',
  skipped: 'skipped',
  failed: 'failed',
  cancelled: 'cancelled',
  awaiting_approval: 'awaiting approval',
};

/**
 * The agent chat.
 * @example
 * ```tsx
 * <AgentOSProvider client={client}>
 *   <AgentChat suggestions={['Fix all unhealthy containers and notify me']} />
 * </AgentOSProvider>
 * ```
 */
export function AgentChat({ title = 'Agent', placeholder = 'Ask the agent, e.g. "Fix all unhealthy containers and notify me"', suggestions = [], className }: AgentChatProps): ReactNode {
  const { client } = useAgentOs();
  // The server says whether an agent (an LLM) is configured; without one, say so instead of failing on send.
  const { data: info } = useLoad((signal) => client.info({ signal }), [client]);
  const unavailable = info !== undefined && !info.agent;
  const uid = useId();
  const [turns, setTurns] = useState<Turn[]>([]);
  const [text, setText] = useState('');
  const controller = useRef<AbortController | null>(null);
  const nextId = useRef(1);
  const logRef = useRef<HTMLOListElement>(null);
  useEffect(() => () => controller.current?.abort(), []);
  useEffect(() => {
    const el = logRef.current;
    if (el && typeof el.scrollTo === 'function') el.scrollTo({ top: el.scrollHeight });
  }, [turns]);
  const busy = turns.some((t) => t.state === 'streaming');

  const update = (id: number, f: (t: Turn) => Turn) => setTurns((ts) => ts.map((t) => (t.id === id ? f(t) : t)));
  const send = async (message: string) => {
    const m = message.trim();
    if (!m || busy) return;
    const id = nextId.current++;
    const c = new AbortController();
    controller.current = c;
    setText('');
    setTurns((ts) => [...ts, { id, message: m, view: emptyTurnView(), state: 'streaming' }]);
    try {
      for await (const e of client.chat(m, { signal: c.signal })) update(id, (t) => ({ ...t, view: applyChatEvent(t.view, e) }));
      update(id, (t) => ({ ...t, state: 'done' }));
    } catch (e) {
      if (c.signal.aborted) update(id, (t) => ({ ...t, state: 'stopped' }));
      else update(id, (t) => ({ ...t, state: 'failed', failure: asError(e).message }));
    } finally {
      if (controller.current === c) controller.current = null;
    }
  };

  return (
    <AgentOSRoot className={className ? `agentos-chat ${className}` : 'agentos-chat'} role="region" aria-label={title}>
      <h2>{title}</h2>
      {unavailable ? (
        <p role="status" className="agentos-note" data-testid="agent-unavailable">
          No LLM is configured on the server, so the agent is off. Set an OpenAI-compatible endpoint (for example
          AGENTOS_LLM_BASE_URL, AGENTOS_LLM_MODEL) where the server creates its agent.
        </p>
      ) : null}
      <ol className="agentos-chat__log" ref={logRef} role="log" aria-label="Conversation">
        {turns.map((t) => (
          <TurnView key={t.id} turn={t} />
        ))}
      </ol>
      {turns.length === 0 && suggestions.length ? (
        <div className="agentos-toolbar">
          {suggestions.map((s) => (
            <button key={s} type="button" className="agentos-btn agentos-btn--small" onClick={() => void send(s)}>
              {s}
            </button>
          ))}
        </div>
      ) : null}
      <form
        className="agentos-chat__form"
        onSubmit={(e) => {
          e.preventDefault();
          void send(text);
        }}
      >
        <label htmlFor={`${uid}-msg`} className="agentos-visually-hidden">
          Message to the agent
        </label>
        <textarea
          id={`${uid}-msg`}
          rows={2}
          value={text}
          placeholder={placeholder}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              void send(text);
            }
          }}
        />
        {busy ? (
          <button type="button" className="agentos-btn" onClick={() => controller.current?.abort()}>
            Stop
          </button>
        ) : (
          <button type="submit" className="agentos-btn agentos-btn--primary" disabled={!text.trim() || unavailable}>
            Send
          </button>
        )}
      </form>
    </AgentOSRoot>
  );
}

function TurnView({ turn }: { turn: Turn }): ReactNode {
  const { view } = turn;
  return (
    <li data-testid="chat-turn" data-state={turn.state} className="agentos-stack">
      <div className="agentos-chat__msg agentos-chat__msg--user">
        <span className="agentos-visually-hidden">You: </span>
        {turn.message}
      </div>
      <div className="agentos-chat__msg agentos-chat__msg--agent agentos-stack">
        <span className="agentos-visually-hidden">Agent: </span>
        {view.plans.map((p) => (
          <PlanView key={p.round} plan={p} steps={view.steps} />
        ))}
        {view.answer !== undefined ? (
          <p data-testid="agent-answer" style={{ whiteSpace: 'pre-wrap' }}>
            {view.answer}
          </p>
        ) : null}
        {view.errors.map((e, i) => (
          <p key={i} role="alert" className="agentos-note agentos-note--failed">
            The agent stopped: {e}
          </p>
        ))}
        {turn.state === 'failed' ? (
          <p role="alert" className="agentos-note agentos-note--failed">
            The request failed: {turn.failure}
          </p>
        ) : null}
        {turn.state === 'stopped' ? <p className="agentos-muted">Stopped.</p> : null}
        {turn.state === 'streaming' && view.answer === undefined ? (
          <p className="agentos-muted" role="status">
            {view.plans.length ? 'Working…' : 'Planning…'}
          </p>
        ) : null}
      </div>
    </li>
  );
}

function PlanView({ plan, steps }: { plan: ChatPlan; steps: Record<string, ChatStepState> }): ReactNode {
  return (
    <section className="agentos-chat__plan" data-testid="chat-plan" aria-label={plan.round > 1 ? `Plan, round ${plan.round}` : 'Plan'}>
      <h3>
        {plan.round > 1 ? `Revised plan (round ${plan.round})` : 'Plan'}
        {plan.name ? <span className="agentos-muted"> · {plan.name}</span> : null}
      </h3>
      <ol>
        {plan.steps.map((s) => {
          const st = steps[stepKey(plan.round, s.id)];
          const status = st?.status ?? 'pending';
          return (
            <li key={s.id} data-testid={`chat-step-${s.id}`} data-status={status}>
              <span aria-hidden="true">{STATUS_ICONS[status] ?? '•'}</span> {s.title ?? s.id} <span className="agentos-node__tool">{s.tool}</span>{' '}
              <span className="agentos-muted">— {STATUS_TEXT[status] ?? status}</span>
              {status === 'blocked' && st?.reason ? (
                <p className="agentos-error" role="status">
                  Blocked by policy — {policyReason(st.reason)}
                </p>
              ) : null}
              {status === 'skipped' && st?.reason ? <p className="agentos-muted">{stripSources(st.reason)}</p> : null}
              {status === 'awaiting_approval' ? <ApprovalControls stepId={s.id} tool={s.tool} state={st} /> : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function ApprovalControls({ stepId, tool, state }: { stepId: string; tool: string; state: ChatStepState | undefined }): ReactNode {
  const { client, user } = useAgentOs();
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const runId = state?.runId ?? state?.approval?.runId;
  const decide = async (approve: boolean) => {
    if (!runId) return;
    setError(null);
    try {
      if (approve) await client.approvals.approve(runId, stepId, user);
      else await client.approvals.reject(runId, stepId, user);
      setDone(approve ? 'Approved; the step runs.' : 'Rejected; the step will not run.');
    } catch (e) {
      setError(asError(e).message);
    }
  };
  const args = state?.approval?.args;
  return (
    <div className="agentos-note agentos-note--awaiting_approval">
      <p>
        {tool} waits for your approval{args !== undefined ? ':' : '.'}
      </p>
      {args !== undefined ? <pre>{JSON.stringify(args, null, 2)}</pre> : null}
      {done ? (
        <p role="status">{done}</p>
      ) : (
        <div className="agentos-toolbar">
          <button type="button" className="agentos-btn agentos-btn--primary agentos-btn--small" disabled={!runId} aria-label={`Approve ${stepId}`} onClick={() => void decide(true)}>
            Approve
          </button>
          <button type="button" className="agentos-btn agentos-btn--danger agentos-btn--small" disabled={!runId} aria-label={`Reject ${stepId}`} onClick={() => void decide(false)}>
            Reject
          </button>
        </div>
      )}
      {error ? (
        <p role="alert" className="agentos-error">
          Could not send the decision: {error}
        </p>
      ) : null}
    </div>
  );
}
