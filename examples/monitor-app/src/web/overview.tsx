/**
 * The strip of figures above the dashboard: containers running, healthy,
 * unhealthy, and calls the policies blocked — live, from the widgets' hooks.
 * @module
 */
import type { ReactNode } from 'react';
import { useContainers, useViolations } from '@agentos/react-ui';

/**
 * The overview strip.
 * @example <Overview />
 */
export function Overview(): ReactNode {
  const { containers, loading } = useContainers();
  const { violations } = useViolations({ limit: 1000 });
  const running = containers.filter((c) => c.state === 'running').length;
  const healthy = containers.filter((c) => c.health === 'healthy').length;
  const unhealthy = containers.filter((c) => c.health === 'unhealthy').length;
  const blocked = violations.filter((v) => v.kind === 'blocked').length;
  const dash = loading ? '…' : undefined;
  return (
    <section className="app-overview" aria-label="Overview" data-testid="overview">
      <Figure label="Running" value={dash ?? `${running} / ${containers.length}`} hint="containers" />
      <Figure label="Healthy" value={dash ?? String(healthy)} tone={healthy ? 'ok' : undefined} hint="passing their health check" />
      <Figure label="Unhealthy" value={dash ?? String(unhealthy)} tone={unhealthy ? 'bad' : undefined} hint={unhealthy ? 'need attention' : 'none right now'} />
      <Figure label="Blocked calls" value={String(blocked)} tone={blocked ? 'warn' : undefined} hint="stopped by the policies" />
    </section>
  );
}

function Figure({ label, value, hint, tone }: { label: string; value: string; hint: string; tone?: 'ok' | 'bad' | 'warn' | undefined }): ReactNode {
  return (
    <div className={`app-figure${tone ? ` app-figure--${tone}` : ''}`} data-testid={`figure-${label.toLowerCase().replace(/\s+/g, '-')}`}>
      <div className="app-figure__label">{label}</div>
      <div className="app-figure__value">{value}</div>
      <div className="app-figure__hint">{hint}</div>
    </div>
  );
}
