/** Terminal output: colours when it is a TTY, a spinner while waiting. */
import pc from 'picocolors';

export const tty = process.stdout.isTTY === true && !process.env.NO_COLOR;
const c = tty ? pc : pc.createColors(false);
export const color = c;

export const say = (line = '') => process.stdout.write(`${line}\n`);
export const heading = (n: number, title: string) => say(`\n${c.bold(c.cyan(`${n}. ${title}`))}`);
export const ok = (text: string) => say(`   ${c.green('✓')} ${text}`);
export const blocked = (text: string) => say(`   ${c.red('⛔')} ${text}`);
export const info = (text: string) => say(`   ${c.dim('·')} ${text}`);

/** Show a spinner (or a single line without a TTY) until `work` settles. */
export async function waiting<T>(label: string, work: Promise<T>): Promise<T> {
  const started = Date.now();
  if (!tty) {
    say(`   … ${label}`);
    return work;
  }
  const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
  let i = 0;
  const timer = setInterval(() => {
    process.stdout.write(`\r   ${c.yellow(frames[i++ % frames.length]!)} ${label} ${c.dim(`${((Date.now() - started) / 1000).toFixed(1)} s`)}`);
  }, 80);
  try {
    return await work;
  } finally {
    clearInterval(timer);
    process.stdout.write(`\r\x1b[2K`);
  }
}
