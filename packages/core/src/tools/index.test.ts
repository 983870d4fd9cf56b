import { describe, expect, it } from 'vitest';
import { createSinkTools } from './index.js';

describe('createSinkTools', () => {
  it('creates only the configured tools, in a fixed order', () => {
    expect(createSinkTools({}).map((t) => t.name)).toEqual([]);
    const tools = createSinkTools({
      http: {},
      email: { smtp: { host: 'smtp.example.com' }, from: 'ops@example.com' },
      webhook: { allowedHosts: ['hooks.example.com'] },
      slack: { webhookUrl: 'https://hooks.slack.com/services/T/B/x', defaultChannel: '#ops' },
    });
    expect(tools.map((t) => t.name)).toEqual(['slack_notify', 'webhook_post', 'email_send', 'http_health']);
    expect(tools.every((t) => t.annotations.openWorldHint === true)).toBe(true);
  });

  it('fails fast on bad configuration', () => {
    expect(() => createSinkTools({ webhook: { allowedHosts: ['https://x'] } })).toThrow(/allowedHosts/);
  });
});
