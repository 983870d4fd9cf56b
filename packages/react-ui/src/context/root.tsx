/**
 * `<AgentOSRoot>`: the themed, style-scoped element every widget renders
 * around itself. Use it around your own views built with the hooks to get
 * the same look.
 * @module
 */
import { useRef, type HTMLAttributes, type ReactNode } from 'react';
import { useAgentOsStyles } from '../styles/use-agentos-styles.js';
import { useAgentOs } from './provider.js';

/** Props of {@link AgentOSRoot}: any `<div>` attribute, plus `theme` to override the provider's. */
export interface AgentOSRootProps extends HTMLAttributes<HTMLDivElement> {
  theme?: 'light' | 'dark';
  children?: ReactNode;
}

/**
 * A `<div class="agentos-root" data-theme="…">` with the stylesheet injected.
 * @example
 * ```tsx
 * <AgentOSRoot aria-label="My view"><MyContainerCards /></AgentOSRoot>
 * ```
 */
export function AgentOSRoot({ theme, className, children, ...rest }: AgentOSRootProps): ReactNode {
  const ctx = useAgentOs();
  const ref = useRef<HTMLDivElement>(null);
  useAgentOsStyles(ref, ctx.injectStyles, ctx.styleNonce ? { nonce: ctx.styleNonce } : {});
  return (
    <div ref={ref} {...rest} className={className ? `agentos-root ${className}` : 'agentos-root'} data-theme={theme ?? ctx.theme}>
      {children}
    </div>
  );
}
