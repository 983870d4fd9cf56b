/**
 * What the page learns from the server and keeps for the tab: the API token
 * (from the `<meta>` tag a loopback-bound server writes, else typed in once
 * and kept in sessionStorage), the CSP nonce, and the colour theme.
 * @module
 */

/** The `<meta name>` the server writes the token into (see src/page-config.ts). */
export const TOKEN_META = 'agentos-token';
const TOKEN_KEY = 'agentos-monitor:token';
const THEME_KEY = 'agentos-monitor:theme';

/** Light or dark. */
export type Theme = 'light' | 'dark';

/**
 * The token the server put in the page, if any.
 * @example const token = tokenFromPage(document);
 */
export function tokenFromPage(doc: Document): string | undefined {
  const content = doc.querySelector<HTMLMetaElement>(`meta[name="${TOKEN_META}"]`)?.content;
  return content ? content : undefined;
}

/**
 * The token typed in earlier in this tab (sessionStorage: gone when the tab closes).
 * @example storedToken() ?? askForIt();
 */
export function storedToken(): string | undefined {
  try {
    return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
  } catch {
    return undefined; // storage disabled: the user types it again
  }
}

/**
 * Keep (or, with undefined, forget) the typed-in token for this tab.
 * @example storeToken('s3cret-token');
 */
export function storeToken(token: string | undefined): void {
  try {
    if (token === undefined) sessionStorage.removeItem(TOKEN_KEY);
    else sessionStorage.setItem(TOKEN_KEY, token);
  } catch {
    // storage disabled: the token lives only in memory until reload
  }
}

/**
 * The CSP nonce Vite's `html.cspNonce` meta tag carries (the server fills it in per request).
 * @example <AgentOSProvider styleNonce={cspNonce(document)} … />
 */
export function cspNonce(doc: Document): string | undefined {
  const nonce = doc.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce;
  return nonce && nonce !== 'AGENTOS_CSP_NONCE' ? nonce : undefined;
}

/**
 * The theme chosen before, else the system's.
 * @example const [theme, setTheme] = useState(initialTheme);
 */
export function initialTheme(): Theme {
  try {
    const saved = localStorage.getItem(THEME_KEY);
    if (saved === 'light' || saved === 'dark') return saved;
  } catch {
    // no storage: follow the system
  }
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/**
 * Remember the theme and apply it to the page (`<html data-theme>`).
 * @example applyTheme('dark');
 */
export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
  try {
    localStorage.setItem(THEME_KEY, theme);
  } catch {
    // not remembered; still applied
  }
}
