// @vitest-environment jsdom
import '../test-support/dom-stubs.js';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import { AgentOSProvider } from './provider.js';
import { AgentOSRoot } from './root.js';
import { ViolationLog } from '../violations/violation-log.js';
import { createFakeClient } from '../test-support/fake-client.js';
import { agentOsWidgetCss } from '../styles/agentos-css.js';
import { xyflowBaseCss } from '../styles/xyflow-base-css.js';
import { AGENTOS_STYLE_ID } from '../styles/use-agentos-styles.js';
import { StreamBadge } from '../shared/stream-badge.js';
import type { AgentOsClient, SubscribeOptions } from '../client/index.js';

afterEach(() => {
  cleanup();
  document.getElementById(AGENTOS_STYLE_ID)?.remove();
});

describe('theme and styles', () => {
  it('switches the theme attribute of every widget root', () => {
    const client = createFakeClient();
    const { rerender } = render(
      <AgentOSProvider client={client}>
        <ViolationLog />
        <AgentOSRoot data-testid="custom">mine</AgentOSRoot>
      </AgentOSProvider>,
    );
    expect(screen.getByRole('region', { name: 'Violation log' }).getAttribute('data-theme')).toBe('light');
    expect(screen.getByTestId('custom').className).toBe('agentos-root');
    rerender(
      <AgentOSProvider client={client} theme="dark">
        <ViolationLog />
        <AgentOSRoot data-testid="custom" theme="light">mine</AgentOSRoot>
      </AgentOSProvider>,
    );
    expect(screen.getByRole('region', { name: 'Violation log' }).getAttribute('data-theme')).toBe('dark');
    expect(screen.getByTestId('custom').getAttribute('data-theme')).toBe('light');
  });

  it('follows the system theme when asked', () => {
    const spy = vi.spyOn(window, 'matchMedia').mockImplementation((q: string) => ({ matches: q.includes('dark'), media: q, addEventListener: () => {}, removeEventListener: () => {} }) as unknown as MediaQueryList);
    render(
      <AgentOSProvider client={createFakeClient()} theme="system">
        <AgentOSRoot data-testid="root" />
      </AgentOSProvider>,
    );
    expect(screen.getByTestId('root').getAttribute('data-theme')).toBe('dark');
    spy.mockRestore();
  });

  it('injects one scoped stylesheet per document, unless told not to', () => {
    render(
      <AgentOSProvider client={createFakeClient()}>
        <AgentOSRoot />
        <AgentOSRoot />
      </AgentOSProvider>,
    );
    const styles = document.querySelectorAll(`style#${AGENTOS_STYLE_ID}`);
    expect(styles).toHaveLength(1);
    expect(document.head.firstChild).toBe(styles[0]);
    expect(styles[0]!.textContent).toContain('.agentos-root[data-theme="dark"]');
    expect(styles[0]!.textContent).toContain('.react-flow__node');
    cleanup();
    document.getElementById(AGENTOS_STYLE_ID)?.remove();
    render(
      <AgentOSProvider client={createFakeClient()} injectStyles={false}>
        <AgentOSRoot />
      </AgentOSProvider>,
    );
    expect(document.getElementById(AGENTOS_STYLE_ID)).toBeNull();
  });

  it('scopes every widget rule under .agentos-root and sets no global element style', () => {
    const withoutMedia = agentOsWidgetCss.replace(/\/\*[\s\S]*?\*\//g, '').replace(/@media[^{]*\{/g, '');
    const splitTop = (list: string) => {
      const out: string[] = [];
      let depth = 0;
      let cur = '';
      for (const ch of list) {
        if (ch === ',' && depth === 0) {
          out.push(cur.trim());
          cur = '';
          continue;
        }
        if (ch === '(') depth++;
        if (ch === ')') depth--;
        cur += ch;
      }
      return [...out, cur.trim()];
    };
    const selectors = [...withoutMedia.matchAll(/(^|})\s*([^{}@]+)\{/g)].flatMap((m) => splitTop(m[2]!)).filter(Boolean);
    expect(selectors.length).toBeGreaterThan(50);
    for (const s of selectors) expect(s, s).toMatch(/^\.agentos-root/);
  });

  it('carries the installed @xyflow/react base stylesheet verbatim', () => {
    const require = createRequire(import.meta.url);
    const css = readFileSync(require.resolve('@xyflow/react/dist/base.css'), 'utf8');
    expect(xyflowBaseCss).toBe(css);
  });
});

describe('provider', () => {
  it('explains a missing provider', () => {
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => render(<ViolationLog />)).toThrow(/need an <AgentOSProvider client=\{createAgentOsClient\(url\)\}>/);
    err.mockRestore();
  });

  it('opens one live subscription for all widgets and reports its state', () => {
    let status: SubscribeOptions['onStatus'];
    const base = createFakeClient();
    const client: AgentOsClient = {
      ...base,
      subscribe: (onEvent, options) => {
        status = options?.onStatus;
        return base.subscribe(onEvent, options);
      },
    };
    const { unmount } = render(
      <AgentOSProvider client={client}>
        <ViolationLog />
        <ViolationLog title="Second" />
        <StreamBadge />
      </AgentOSProvider>,
    );
    expect(base.subscribers()).toBe(1);
    expect(screen.getAllByTestId('stream-status')[0]!.textContent).toBe('Connecting…');
    act(() => status!('connected', {}));
    expect(screen.getAllByTestId('stream-status')[0]!.textContent).toBe('● Live');
    act(() => status!('disconnected', { retryInMs: 1000 }));
    expect(screen.getAllByTestId('stream-status')[0]!.getAttribute('data-status')).toBe('disconnected');
    unmount();
    expect(base.subscribers()).toBe(0);
  });
});
