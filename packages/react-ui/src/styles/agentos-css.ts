/**
 * The widgets' stylesheet. Every rule is scoped under `.agentos-root` (the
 * element each widget renders around itself) and themed by `--agentos-*`
 * custom properties; `data-theme="dark"` on the root switches the palette.
 * Nothing here touches the host page's own elements.
 * @module
 */
import { xyflowBaseCss } from './xyflow-base-css.js';

/** Light palette (the default). Hosts override any `--agentos-*` property on `.agentos-root`. */
const LIGHT = `
  --agentos-font: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  --agentos-mono: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  --agentos-font-size: 14px;
  --agentos-radius: 6px;
  --agentos-gap: 12px;
  --agentos-bg: #ffffff;
  --agentos-surface: #f6f7f9;
  --agentos-surface-2: #eef0f3;
  --agentos-text: #1b1f24;
  --agentos-muted: #5b6470;
  --agentos-border: #d5d9df;
  --agentos-accent: #2456d6;
  --agentos-accent-text: #ffffff;
  --agentos-focus: #2456d6;
  --agentos-danger: #b42318;
  --agentos-danger-bg: #fdecea;
  --agentos-warning: #8a5a00;
  --agentos-warning-bg: #fff4d6;
  --agentos-success: #18794e;
  --agentos-success-bg: #e3f6ec;
  --agentos-info: #175cd3;
  --agentos-info-bg: #e8f0fe;
  --agentos-canvas-height: 480px;
`;

const DARK = `
  --agentos-bg: #16181d;
  --agentos-surface: #1e2128;
  --agentos-surface-2: #262a33;
  --agentos-text: #e7e9ee;
  --agentos-muted: #9aa3b2;
  --agentos-border: #3a3f4b;
  --agentos-accent: #6d94ff;
  --agentos-accent-text: #0b0d12;
  --agentos-focus: #8fb0ff;
  --agentos-danger: #ff8a80;
  --agentos-danger-bg: #3b1d1b;
  --agentos-warning: #ffcf66;
  --agentos-warning-bg: #3a2f12;
  --agentos-success: #6fdc9f;
  --agentos-success-bg: #15301f;
  --agentos-info: #8fb0ff;
  --agentos-info-bg: #1a2540;
`;

/**
 * The widgets' own CSS (without the React Flow base stylesheet).
 * @example agentOsWidgetCss.includes('.agentos-root[data-theme="dark"]') // true
 */
export const agentOsWidgetCss = `
.agentos-root {${LIGHT}
  font-family: var(--agentos-font);
  font-size: var(--agentos-font-size);
  line-height: 1.45;
  color: var(--agentos-text);
  background: var(--agentos-bg);
  border: 1px solid var(--agentos-border);
  border-radius: var(--agentos-radius);
  padding: var(--agentos-gap);
  text-align: left;
}
.agentos-root[data-theme="dark"] {${DARK}
  color-scheme: dark;
}
.agentos-root[data-theme="light"] { color-scheme: light; }
.agentos-root *, .agentos-root *::before, .agentos-root *::after { box-sizing: border-box; }
.agentos-root :where(h2, h3, h4, p, ul, ol, figure, fieldset, pre) { margin: 0; }
.agentos-root :where(h2) { font-size: 1.15em; font-weight: 600; }
.agentos-root :where(h3) { font-size: 1em; font-weight: 600; }
.agentos-root :where(ul, ol) { padding: 0; list-style: none; }
.agentos-root :where(button, input, select, textarea) { font: inherit; color: inherit; }
.agentos-root :where(input:not([type="checkbox"]):not([type="radio"]), select, textarea) {
  background: var(--agentos-bg);
  border: 1px solid var(--agentos-border);
  border-radius: calc(var(--agentos-radius) - 2px);
  padding: 4px 8px;
  min-width: 0;
  max-width: 100%;
}
.agentos-root :where(textarea) { width: 100%; resize: vertical; }
.agentos-root :where(input[type="search"]) { min-width: 16em; }
.agentos-root :where(a) { color: var(--agentos-accent); }
.agentos-root :where(button, input, select, textarea, [tabindex]):focus-visible {
  outline: 2px solid var(--agentos-focus);
  outline-offset: 1px;
}
.agentos-root .agentos-stack { display: flex; flex-direction: column; gap: var(--agentos-gap); }
.agentos-root .agentos-toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; }
.agentos-root .agentos-toolbar label { display: inline-flex; align-items: center; gap: 4px; }
.agentos-root .agentos-spacer { flex: 1; }
.agentos-root .agentos-muted { color: var(--agentos-muted); }
.agentos-root .agentos-mono { font-family: var(--agentos-mono); font-size: 0.92em; }
.agentos-root .agentos-visually-hidden {
  position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
.agentos-root .agentos-btn {
  display: inline-flex; align-items: center; gap: 4px;
  padding: 4px 10px;
  border: 1px solid var(--agentos-border);
  border-radius: calc(var(--agentos-radius) - 2px);
  background: var(--agentos-surface);
  cursor: pointer;
  white-space: nowrap;
}
.agentos-root .agentos-btn:hover:not(:disabled) { background: var(--agentos-surface-2); }
.agentos-root .agentos-btn:disabled { opacity: 0.55; cursor: not-allowed; }
.agentos-root .agentos-btn--primary { background: var(--agentos-accent); color: var(--agentos-accent-text); border-color: var(--agentos-accent); }
.agentos-root .agentos-btn--primary:hover:not(:disabled) { background: var(--agentos-accent); filter: brightness(1.08); }
.agentos-root .agentos-btn--danger { color: var(--agentos-danger); }
.agentos-root .agentos-btn--small { padding: 1px 6px; font-size: 0.9em; }
.agentos-root .agentos-badge {
  display: inline-block; padding: 0 6px; border-radius: 999px; font-size: 0.85em;
  background: var(--agentos-surface-2); color: var(--agentos-muted); white-space: nowrap;
}
.agentos-root .agentos-badge--ok { background: var(--agentos-success-bg); color: var(--agentos-success); }
.agentos-root .agentos-badge--bad { background: var(--agentos-danger-bg); color: var(--agentos-danger); }
.agentos-root .agentos-badge--warn { background: var(--agentos-warning-bg); color: var(--agentos-warning); }
.agentos-root .agentos-badge--info { background: var(--agentos-info-bg); color: var(--agentos-info); }
.agentos-root .agentos-note {
  border-left: 3px solid var(--agentos-border); padding: 6px 10px; border-radius: 2px; background: var(--agentos-surface);
}
.agentos-root .agentos-note--blocked, .agentos-root .agentos-note--failed { border-color: var(--agentos-danger); background: var(--agentos-danger-bg); }
.agentos-root .agentos-note--warn, .agentos-root .agentos-note--awaiting_approval { border-color: var(--agentos-warning); background: var(--agentos-warning-bg); }
.agentos-root .agentos-note--done { border-color: var(--agentos-success); background: var(--agentos-success-bg); }
.agentos-root .agentos-note--info { border-color: var(--agentos-info); background: var(--agentos-info-bg); }
.agentos-root .agentos-note pre { white-space: pre-wrap; word-break: break-word; margin-top: 4px; font-family: var(--agentos-mono); font-size: 0.9em; }
.agentos-root .agentos-error { color: var(--agentos-danger); }

/* tables */
.agentos-root .agentos-table { width: 100%; border-collapse: collapse; }
.agentos-root .agentos-table :where(th, td) { padding: 6px 8px; border-bottom: 1px solid var(--agentos-border); vertical-align: top; }
.agentos-root .agentos-table th { font-weight: 600; color: var(--agentos-muted); font-size: 0.9em; }
.agentos-root .agentos-table th button { all: unset; cursor: pointer; }
.agentos-root .agentos-table th button:focus-visible { outline: 2px solid var(--agentos-focus); }
.agentos-root .agentos-table .agentos-actions { display: flex; flex-wrap: wrap; gap: 4px; }
.agentos-root .agentos-table tr.agentos-result-row td { border-bottom-style: dashed; }
.agentos-root .agentos-state--running { color: var(--agentos-success); }
.agentos-root .agentos-state--exited, .agentos-root .agentos-state--dead { color: var(--agentos-danger); }
.agentos-root .agentos-state--restarting, .agentos-root .agentos-state--paused { color: var(--agentos-warning); }

/* violation log */
.agentos-root .agentos-violation-list { display: flex; flex-direction: column; gap: 4px; }
.agentos-root .agentos-violation {
  display: flex; flex-wrap: wrap; gap: 4px 14px; align-items: baseline;
  padding: 6px 8px; border-radius: calc(var(--agentos-radius) - 2px); background: var(--agentos-surface);
  border-left: 3px solid var(--agentos-danger);
}
.agentos-root .agentos-violation[data-kind="sanitized"] { border-left-color: var(--agentos-warning); }
.agentos-root .agentos-violation__when { color: var(--agentos-muted); min-width: 6em; }
.agentos-root .agentos-violation__label { color: var(--agentos-muted); }

/* forms */
.agentos-root .agentos-form { border: 0; padding: 0; display: flex; flex-direction: column; gap: 10px; min-width: 0; }
.agentos-root .agentos-form > legend { font-weight: 600; margin-bottom: 6px; padding: 0; }
.agentos-root .agentos-form__group { border: 1px solid var(--agentos-border); border-radius: var(--agentos-radius); padding: 8px; display: flex; flex-direction: column; gap: 8px; }
.agentos-root .agentos-form__field { display: flex; flex-direction: column; gap: 3px; }
.agentos-root .agentos-form__field--boolean { flex-direction: row; flex-wrap: wrap; align-items: center; gap: 6px; }
.agentos-root .agentos-form__field label { font-weight: 500; }
.agentos-root .agentos-form__row { display: flex; gap: 6px; }
.agentos-root .agentos-form__row > input { flex: 1; }
.agentos-root .agentos-form__hint { color: var(--agentos-muted); font-size: 0.88em; }
.agentos-root .agentos-form__required { color: var(--agentos-danger); }
.agentos-root .agentos-form__error { color: var(--agentos-danger); font-size: 0.9em; }
.agentos-root .agentos-form__ref { font-size: 0.9em; align-self: flex-start; }

/* runbook builder */
.agentos-root.agentos-builder { display: flex; flex-direction: column; gap: var(--agentos-gap); }
.agentos-root .agentos-builder__body { display: grid; grid-template-columns: 190px minmax(0, 1fr) 320px; gap: var(--agentos-gap); align-items: start; }
@media (max-width: 900px) { .agentos-root .agentos-builder__body { grid-template-columns: 1fr; } }
.agentos-root .agentos-builder__palette, .agentos-root .agentos-builder__side { display: flex; flex-direction: column; gap: 8px; min-width: 0; }
.agentos-root .agentos-builder__palette ul { display: flex; flex-direction: column; gap: 4px; max-height: var(--agentos-canvas-height); overflow: auto; }
.agentos-root .agentos-builder__palette .agentos-btn { width: 100%; justify-content: flex-start; cursor: grab; white-space: normal; text-align: left; }
.agentos-root .agentos-builder__canvas {
  height: var(--agentos-canvas-height); border: 1px solid var(--agentos-border); border-radius: var(--agentos-radius); overflow: hidden; position: relative;
}
.agentos-root .agentos-builder__canvas .react-flow {
  --xy-background-color: var(--agentos-surface);
  --xy-background-pattern-dots-color: var(--agentos-border);
  --xy-edge-stroke: var(--agentos-muted);
  --xy-edge-stroke-selected: var(--agentos-accent);
  --xy-connectionline-stroke: var(--agentos-accent);
  --xy-handle-background-color: var(--agentos-muted);
  --xy-edge-label-background-color: var(--agentos-bg);
  --xy-edge-label-color: var(--agentos-text);
  --xy-controls-button-background-color: var(--agentos-bg);
  --xy-controls-button-color: var(--agentos-text);
  --xy-controls-button-border-color: var(--agentos-border);
}
.agentos-root .agentos-builder__canvas .react-flow__controls { display: flex; flex-direction: column; border: 1px solid var(--agentos-border); }
.agentos-root .agentos-builder__canvas .react-flow__controls-button { width: 26px; height: 26px; border: 0; background: var(--agentos-bg); display: flex; align-items: center; justify-content: center; cursor: pointer; }
.agentos-root .agentos-builder__canvas .react-flow__controls-button svg { width: 12px; height: 12px; fill: currentColor; }
.agentos-root .agentos-builder__empty { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center; pointer-events: none; color: var(--agentos-muted); padding: 24px; text-align: center; }
.agentos-root .agentos-node {
  width: 200px; padding: 8px 10px; border-radius: var(--agentos-radius);
  border: 1px solid var(--agentos-border); background: var(--agentos-bg); color: var(--agentos-text);
  box-shadow: 0 1px 2px rgba(0,0,0,.08); font-size: 0.92em;
}
.agentos-root .react-flow__node.selected .agentos-node, .agentos-root .agentos-node[data-selected="true"] { border-color: var(--agentos-accent); box-shadow: 0 0 0 2px var(--agentos-accent); }
.agentos-root .react-flow__node:focus-visible { outline: none; }
.agentos-root .react-flow__node:focus-visible .agentos-node { outline: 2px solid var(--agentos-focus); outline-offset: 2px; }
.agentos-root .agentos-node[data-preview="blocked"] { border: 2px solid var(--agentos-danger); }
.agentos-root .agentos-node[data-preview="approval"] { border: 2px solid var(--agentos-warning); }
.agentos-root .agentos-node[data-status="running"] { box-shadow: 0 0 0 3px var(--agentos-info); }
.agentos-root .agentos-node[data-status="done"] { background: var(--agentos-success-bg); }
.agentos-root .agentos-node[data-status="blocked"], .agentos-root .agentos-node[data-status="failed"] { background: var(--agentos-danger-bg); border: 2px solid var(--agentos-danger); }
.agentos-root .agentos-node[data-status="skipped"], .agentos-root .agentos-node[data-status="cancelled"] { opacity: 0.6; border-style: dashed; }
.agentos-root .agentos-node[data-status="awaiting_approval"] { background: var(--agentos-warning-bg); border: 2px solid var(--agentos-warning); }
.agentos-root .agentos-node__head { display: flex; justify-content: space-between; gap: 6px; align-items: baseline; }
.agentos-root .agentos-node__title { font-weight: 600; overflow: hidden; text-overflow: ellipsis; }
.agentos-root .agentos-node__tool { color: var(--agentos-muted); font-family: var(--agentos-mono); font-size: 0.85em; }
.agentos-root .agentos-node__reason { margin-top: 4px; font-size: 0.88em; }
.agentos-root .agentos-node__reason--blocked { color: var(--agentos-danger); }
.agentos-root .agentos-node__reason--warn { color: var(--agentos-warning); }
.agentos-root .agentos-node__actions { display: flex; gap: 4px; margin-top: 6px; }
.agentos-root .agentos-panel { border: 1px solid var(--agentos-border); border-radius: var(--agentos-radius); padding: 10px; display: flex; flex-direction: column; gap: 8px; background: var(--agentos-bg); }
.agentos-root .agentos-outline li { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; }
.agentos-root .agentos-outline button[aria-pressed="true"] { border-color: var(--agentos-accent); }
.agentos-root .agentos-json { max-height: 240px; overflow: auto; white-space: pre; font-family: var(--agentos-mono); font-size: 0.85em; background: var(--agentos-surface); padding: 8px; border-radius: var(--agentos-radius); }
.agentos-root dialog.agentos-dialog { color: inherit; background: var(--agentos-bg); border: 1px solid var(--agentos-border); border-radius: var(--agentos-radius); }

/* agent chat */
.agentos-root.agentos-chat { display: flex; flex-direction: column; gap: var(--agentos-gap); }
.agentos-root .agentos-chat__log { display: flex; flex-direction: column; gap: 10px; max-height: var(--agentos-chat-height, 520px); overflow: auto; }
.agentos-root .agentos-chat__msg { padding: 8px 10px; border-radius: var(--agentos-radius); background: var(--agentos-surface); max-width: 92%; }
.agentos-root .agentos-chat__msg--user { align-self: flex-end; background: var(--agentos-info-bg); }
.agentos-root .agentos-chat__msg--agent { align-self: flex-start; }
.agentos-root .agentos-chat__plan ol { list-style: decimal; padding-left: 1.4em; display: flex; flex-direction: column; gap: 4px; }
.agentos-root .agentos-chat__form { display: flex; gap: 8px; }
.agentos-root .agentos-chat__form textarea { flex: 1; }
`;

/**
 * The whole stylesheet the widgets need: React Flow's base styles plus the
 * widgets' own, all scoped. Inject it yourself (SSR, strict CSP) with
 * `<AgentOSProvider injectStyles={false}>` and a `<style>` holding this text.
 * @example
 * ```tsx
 * <style nonce={nonce}>{agentOsCss}</style>
 * ```
 */
export const agentOsCss: string = `${xyflowBaseCss}\n${agentOsWidgetCss}`;
