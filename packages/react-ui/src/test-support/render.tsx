/**
 * Rendering a widget under a provider with a fake client, for component tests.
 * @module
 */
import type { ReactElement } from 'react';
import { render, type RenderResult } from '@testing-library/react';
import { AgentOSProvider, type AgentOSProviderProps } from '../context/provider.js';
import { createFakeClient, type FakeClient, type FakeClientOptions } from './fake-client.js';

/** Render `ui` under `<AgentOSProvider>` with a fake client. */
export function renderWithClient(
  ui: ReactElement,
  options: FakeClientOptions = {},
  providerProps: Partial<Omit<AgentOSProviderProps, 'client' | 'children'>> = {},
): RenderResult & { client: FakeClient } {
  const client = createFakeClient(options);
  const result = render(
    <AgentOSProvider client={client} {...providerProps}>
      {ui}
    </AgentOSProvider>,
  );
  return { ...result, client };
}
