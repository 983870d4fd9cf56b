/** Type-level tests of the builder: typed references compile, misspellings do not. */
import { expectTypeOf, test } from 'vitest';
import { z } from 'zod';
import { defineTool, workflow } from '../index.js';

const docker_logs = defineTool({
  name: 'docker_logs',
  description: 'logs',
  input: z.object({ container: z.string(), tail: z.number().optional() }),
  output: z.object({ text: z.string(), lines: z.number(), truncated: z.boolean() }),
  run: async () => ({ text: '', lines: 0, truncated: false }),
});
const slack_notify = defineTool({
  name: 'slack_notify',
  description: 'slack',
  input: z.object({ channel: z.string(), text: z.string() }),
  run: async () => ({}),
});

test('references to earlier outputs are typed', () => {
  const wf = workflow('typed')
    .step('logs', docker_logs({ container: 'db' }))
    .step('notify', (s) => slack_notify({ channel: '#ops', text: s.logs.text }));
  expectTypeOf(wf.toJSON().name).toEqualTypeOf<string>();

  workflow('misspelt')
    .step('logs', docker_logs({ container: 'db' }))
    // @ts-expect-error — `txt` is not a field of docker_logs' output
    .step('notify', (s) => slack_notify({ channel: '#ops', text: s.logs.txt }));

  workflow('wrong type')
    .step('logs', docker_logs({ container: 'db' }))
    // @ts-expect-error — a number cannot go where a string is expected
    .step('notify', (s) => slack_notify({ channel: '#ops', text: s.logs.lines }));

  workflow('unknown step')
    .step('logs', docker_logs({ container: 'db' }))
    // @ts-expect-error — there is no step "log"
    .step('notify', (s) => slack_notify({ channel: '#ops', text: s.log.text }));
});

test('arguments are checked against the input schema', () => {
  // @ts-expect-error — container must be a string
  docker_logs({ container: 42 });
  // @ts-expect-error — missing container
  docker_logs({ tail: 10 });
  docker_logs({ container: 'db', tail: 10 });
});

test('after and when only name earlier steps', () => {
  workflow('after')
    .step('logs', docker_logs({ container: 'db' }))
    .step('notify', slack_notify({ channel: '#ops', text: 'x' }), { after: ['logs'], when: (s) => s.logs.truncated.equals(false) });
  workflow('after-bad')
    .step('logs', docker_logs({ container: 'db' }))
    // @ts-expect-error — "logz" is not an earlier step
    .step('notify', slack_notify({ channel: '#ops', text: 'x' }), { after: ['logz'] });
});

test('step ids are unique', () => {
  workflow('dup')
    .step('logs', docker_logs({ container: 'db' }))
    // @ts-expect-error — "logs" is already used
    .step('logs', docker_logs({ container: 'api' }));
});
