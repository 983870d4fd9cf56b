/**
 * A clock for relative times and uptimes.
 * @module
 */
import { useEffect, useState } from 'react';

/**
 * The current time in ms, refreshed every `intervalMs` (default 30 s).
 * @example const now = useNow(1000);
 */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}
