/**
 * Compact durations for uptime columns.
 * @module
 */

/**
 * `45s`, `12m`, `3h 5m`, `2d 4h`; `—` for a negative or unknown value.
 * @example formatUptime(3 * 3600 + 300) // '3h 5m'
 */
export function formatUptime(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.floor(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${m % 60}m`;
  const d = Math.floor(h / 24);
  return `${d}d ${h % 24}h`;
}
