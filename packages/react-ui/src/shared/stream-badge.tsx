/**
 * A small badge saying whether live updates are flowing.
 * @module
 */
import type { ReactNode } from 'react';
import { useEventStreamState } from '../context/provider.js';

/**
 * `● Live`, `Connecting…`, or `Reconnecting…` with the reason in its title.
 * @example <StreamBadge />
 */
export function StreamBadge(): ReactNode {
  const s = useEventStreamState();
  const [cls, text] =
    s.status === 'connected' ? ['ok', '● Live'] : s.status === 'disconnected' ? ['warn', 'Reconnecting…'] : s.status === 'connecting' ? ['info', 'Connecting…'] : ['', 'Not live'];
  return (
    <span className={`agentos-badge agentos-badge--${cls}`} data-testid="stream-status" data-status={s.status} title={s.error} aria-live="polite">
      {text}
    </span>
  );
}
