/**
 * Injecting the widgets' stylesheet: one `<style>` element per document (or
 * shadow root), added before the host's own styles so the host can override
 * any `--agentos-*` property.
 * @module
 */
import { useLayoutEffect, type RefObject } from 'react';
import { agentOsCss } from './agentos-css.js';

/**
 * The id of the injected `<style>` element.
 * @example document.getElementById(AGENTOS_STYLE_ID)
 */
export const AGENTOS_STYLE_ID = 'agentos-react-ui-styles';

/** Options of {@link injectAgentOsStyles}. */
export interface InjectStylesOptions {
  /** A CSP nonce for the `<style>` element. */
  nonce?: string;
}

/**
 * Add the stylesheet to a document or shadow root unless it is there already.
 * Returns the `<style>` element.
 * @example injectAgentOsStyles(document)
 */
export function injectAgentOsStyles(target: Document | ShadowRoot, options: InjectStylesOptions = {}): HTMLStyleElement {
  const existing = target.querySelector<HTMLStyleElement>(`style#${AGENTOS_STYLE_ID}`);
  if (existing) return existing;
  const doc = 'head' in target ? target : target.ownerDocument;
  const el = doc.createElement('style');
  el.id = AGENTOS_STYLE_ID;
  if (options.nonce) el.nonce = options.nonce;
  el.textContent = agentOsCss;
  const parent = 'head' in target ? target.head : target;
  parent.insertBefore(el, parent.firstChild);
  return el;
}

/**
 * Inject the stylesheet where `ref`'s element lives (its document, or its
 * shadow root) before the first paint. Does nothing when `enabled` is false.
 * @example
 * ```tsx
 * const ref = useRef<HTMLDivElement>(null);
 * useAgentOsStyles(ref);
 * return <div ref={ref} className="agentos-root">…</div>;
 * ```
 */
export function useAgentOsStyles(ref: RefObject<Element | null>, enabled = true, options: InjectStylesOptions = {}): void {
  const nonce = options.nonce;
  useLayoutEffect(() => {
    const el = ref.current;
    if (!enabled || !el) return;
    const root = el.getRootNode();
    const target = typeof ShadowRoot !== 'undefined' && root instanceof ShadowRoot ? root : el.ownerDocument;
    injectAgentOsStyles(target, nonce ? { nonce } : {});
  }, [ref, enabled, nonce]);
}
