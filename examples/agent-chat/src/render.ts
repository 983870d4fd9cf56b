/** Terminal rendering of the agent's events. */
import pc from 'picocolors';
import type { AgentEvent } from '@agentos/agent';

const tty = process.stdout.isTTY === true && !process.env.NO_COLOR;
const c = tty ? pc : pc.createColors(false);

/** Write one line. */
export const say = (line = ''): void => void process.stdout.write(`${line}\n`);

/** Colours (off without a TTY or with NO_COLOR). */
export const color = c;

function short(value: unknown, max = 90): string {
  const text = JSON.stringify(value) ?? '';
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

/** Render one event as terminal lines. */
export function render(event: AgentEvent): void {
  switch (event.type) {
    case 'plan': {
      say(c.cyan(`📋 Plan${event.round > 1 ? ` (round ${event.round})` : ''}: ${event.workflow.name}`));
      for (const s of event.workflow.steps) {
        const when = s.when ? c.dim(` when ${short(s.when, 60)}`) : '';
        say(c.dim(`   · ${s.id}: ${s.tool}(${short(s.args ?? {})})`) + when);
      }
      break;
    }
    case 'step':
      if (event.status === 'succeeded') say(`   ${c.green('✓')} ${event.stepId} ${c.dim(`(${event.tool})`)}${event.outcome === 'untrusted' ? c.yellow(' — output untrusted') : ''}`);
      else if (event.status === 'failed') say(`   ${c.red('✗')} ${event.stepId} ${c.dim(`(${event.tool})`)} failed`);
      else if (event.status === 'skipped') say(`   ${c.dim(`↷ ${event.stepId} (${event.tool}) skipped: ${event.reason ?? ''}`)}`);
      break;
    case 'blocked':
      say(`   ${c.red('⛔')} ${event.stepId} ${c.dim(`(${event.tool})`)} ${c.red(event.reason)}`);
      break;
    case 'approval':
      say(`   ${c.yellow('⏸')} ${event.stepId} (${event.tool}) waits for approval: runtime.approve('${event.runId}', '${event.stepId}', { by })`);
      break;
    case 'answer':
      say();
      say(`${c.bold('🤖')} ${event.text}`);
      break;
  }
}
