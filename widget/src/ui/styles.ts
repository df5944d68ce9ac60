/**
 * All of the widget's CSS, scoped by its shadow root: nothing here reaches the host page and
 * `:host { all: initial }` stops the page's inherited styles (fonts, colours, line height) at
 * the boundary.
 */
export const STYLES = `
:host { all: initial; }
.root { --ad-bg: #fff; --ad-fg: #111827; --ad-surface: #f9fafb; --ad-border: #e5e7eb; --ad-input-border: #d1d5db; --ad-muted: #6b7280; --ad-soft: #374151; --ad-code: #f3f4f6; --ad-faint: #9ca3af; --ad-error: #b91c1c; color-scheme: light; }
.root.dark { --ad-bg: #111827; --ad-fg: #f3f4f6; --ad-surface: #0b1220; --ad-border: #374151; --ad-input-border: #4b5563; --ad-muted: #9ca3af; --ad-soft: #d1d5db; --ad-code: #1f2937; --ad-faint: #6b7280; --ad-error: #fca5a5; --ad-link-theme: color-mix(in srgb, var(--ad-color) 35%, #fff); color-scheme: dark; }
@media (prefers-color-scheme: dark) {
  .root.auto { --ad-bg: #111827; --ad-fg: #f3f4f6; --ad-surface: #0b1220; --ad-border: #374151; --ad-input-border: #4b5563; --ad-muted: #9ca3af; --ad-soft: #d1d5db; --ad-code: #1f2937; --ad-faint: #6b7280; --ad-error: #fca5a5; --ad-link-theme: color-mix(in srgb, var(--ad-color) 35%, #fff); color-scheme: dark; }
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
.root { position: fixed; bottom: 20px; right: 20px; z-index: 2147483000; font: 14px/1.45 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ad-fg); -webkit-font-smoothing: antialiased; }
.root.left { right: auto; left: 20px; }
.launcher { width: 56px; height: 56px; border-radius: 50%; border: 0; background: var(--ad-color); color: var(--ad-on-color); cursor: pointer; box-shadow: 0 6px 20px rgba(0,0,0,.22); display: grid; place-items: center; position: relative; margin-left: auto; transition: transform .15s; }
.left .launcher { margin-left: 0; }
.launcher:hover { transform: scale(1.05); }
.launcher svg { width: 26px; height: 26px; }
.badge { position: absolute; top: -4px; right: -4px; min-width: 20px; height: 20px; padding: 0 6px; border-radius: 10px; background: #dc2626; color: #fff; font-size: 12px; font-weight: 600; line-height: 20px; text-align: center; border: 2px solid #fff; }
.panel { position: absolute; bottom: 72px; right: 0; width: 380px; height: min(620px, calc(100vh - 110px)); background: var(--ad-bg); color: var(--ad-fg); border-radius: 16px; box-shadow: 0 12px 48px rgba(0,0,0,.25); display: flex; flex-direction: column; overflow: hidden; }
.left .panel { right: auto; left: 0; }
.panel[hidden] { display: none; }
header { background: var(--ad-color); color: var(--ad-on-color); padding: 14px 12px 14px 18px; display: flex; align-items: center; gap: 8px; }
header .titles { flex: 1; min-width: 0; }
h2 { font-size: 16px; font-weight: 600; margin: 0; }
.subtitle { font-size: 12px; opacity: .85; margin: 2px 0 0; }
.icon-btn { background: transparent; border: 0; color: inherit; cursor: pointer; border-radius: 8px; padding: 6px; display: grid; place-items: center; }
.icon-btn:hover { background: rgba(255,255,255,.18); }
.icon-btn svg { width: 20px; height: 20px; }
.human { font: inherit; font-size: 12px; font-weight: 600; border: 1px solid currentColor; border-radius: 999px; padding: 4px 10px; background: transparent; color: inherit; cursor: pointer; white-space: nowrap; }
.banner { padding: 8px 14px; font-size: 13px; background: #fef3c7; color: #78350f; border-bottom: 1px solid #fde68a; }
.banner.info { background: #eff6ff; color: #1e3a8a; border-color: #bfdbfe; }
.banner[hidden] { display: none; }
.log { flex: 1; overflow-y: auto; padding: 16px 14px 8px; display: flex; flex-direction: column; gap: 10px; background: var(--ad-surface); overscroll-behavior: contain; }
.greeting { background: var(--ad-bg); border: 1px solid var(--ad-border); border-radius: 14px; padding: 10px 12px; align-self: flex-start; max-width: 88%; }
.suggestions { display: flex; flex-wrap: wrap; gap: 6px; }
.suggestions button { font: inherit; font-size: 13px; border: 1px solid var(--ad-color); color: var(--ad-color); background: var(--ad-bg); border-radius: 999px; padding: 5px 12px; cursor: pointer; text-align: left; }
.suggestions button:hover { background: var(--ad-color); color: var(--ad-on-color); }
.msg { max-width: 88%; display: flex; flex-direction: column; gap: 4px; }
.msg.visitor { align-self: flex-end; align-items: flex-end; }
.msg.system { align-self: center; max-width: 92%; }
.bubble { border-radius: 14px; padding: 9px 12px; overflow-wrap: anywhere; }
.visitor .bubble { background: var(--ad-color); color: var(--ad-on-color); white-space: pre-wrap; border-bottom-right-radius: 4px; }
.bot .bubble, .agent .bubble { background: var(--ad-bg); border: 1px solid var(--ad-border); border-bottom-left-radius: 4px; }
.agent .bubble { border-color: var(--ad-color); }
.system .bubble { background: transparent; color: var(--ad-muted); font-size: 12px; text-align: center; padding: 2px 8px; }
.who { font-size: 11px; color: var(--ad-muted); padding: 0 4px; }
.bubble p { margin: 0 0 8px; } .bubble p:last-child { margin-bottom: 0; }
.bubble ul, .bubble ol { margin: 4px 0 8px; padding-left: 20px; }
.bubble li { margin: 2px 0; }
.bubble a { color: var(--ad-link-theme, var(--ad-link)); }
.bubble code { font: 12.5px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--ad-code); border-radius: 4px; padding: 1px 4px; }
.bubble pre { background: #111827; color: #f9fafb; border-radius: 8px; padding: 8px 10px; overflow-x: auto; margin: 4px 0 8px; }
.bubble pre code { background: none; padding: 0; color: inherit; }
.bubble h3, .bubble h4, .bubble h5, .bubble h6 { font-size: 14px; margin: 8px 0 4px; }
.bubble blockquote { margin: 4px 0; padding-left: 10px; border-left: 3px solid var(--ad-border); color: var(--ad-soft); }
.bubble table { border-collapse: collapse; font-size: 13px; margin: 4px 0 8px; } .bubble th, .bubble td { border: 1px solid #e5e7eb; padding: 3px 6px; }
.bubble img { max-width: 100%; border-radius: 6px; }
sup.cite a { text-decoration: none; font-size: 11px; font-weight: 600; padding: 0 2px; }
.sources { margin: 2px 0 0; padding: 0 4px; list-style: none; font-size: 12px; display: flex; flex-direction: column; gap: 2px; }
.sources a { color: var(--ad-link-theme, var(--ad-link)); text-decoration: none; } .sources a:hover { text-decoration: underline; }
.sources .n { color: var(--ad-muted); margin-right: 4px; }
.actions { display: flex; gap: 4px; align-items: center; padding: 0 2px; }
.actions button { font: inherit; font-size: 12px; border: 1px solid var(--ad-border); background: var(--ad-bg); color: var(--ad-soft); border-radius: 999px; padding: 2px 8px; cursor: pointer; }
.actions .thumb { padding: 3px 7px; display: grid; place-items: center; }
.actions .thumb svg { width: 13px; height: 13px; }
.actions button[aria-pressed="true"] { background: var(--ad-color); color: var(--ad-on-color); border-color: var(--ad-color); }
.actions .human-inline { border-color: var(--ad-color); color: var(--ad-color); }
.status { font-size: 11px; color: var(--ad-muted); padding: 0 4px; }
.status.error { color: #b91c1c; }
.status button { font: inherit; border: 0; background: none; color: #b91c1c; text-decoration: underline; cursor: pointer; padding: 0 0 0 4px; }
.pending .bubble { opacity: .7; }
.caret::after { content: "▍"; animation: blink 1s steps(2) infinite; color: #9ca3af; margin-left: 1px; }
.dots { align-self: flex-start; background: var(--ad-bg); border: 1px solid var(--ad-border); border-radius: 14px; padding: 10px 14px; display: flex; gap: 4px; }
.dots span { width: 6px; height: 6px; border-radius: 50%; background: #9ca3af; animation: bounce 1.2s infinite; }
.dots span:nth-child(2) { animation-delay: .15s; } .dots span:nth-child(3) { animation-delay: .3s; }
.dots[hidden] { display: none; }
@keyframes bounce { 0%, 60%, 100% { transform: translateY(0); opacity: .5; } 30% { transform: translateY(-4px); opacity: 1; } }
@keyframes blink { 50% { opacity: 0; } }
form { display: flex; align-items: flex-end; gap: 8px; padding: 10px 12px; border-top: 1px solid var(--ad-border); background: var(--ad-bg); }
textarea { flex: 1; resize: none; border: 1px solid var(--ad-input-border); border-radius: 12px; padding: 9px 12px; font: inherit; color: inherit; max-height: 120px; min-height: 40px; outline: none; background: var(--ad-bg); font-size: 16px; }
textarea:focus { border-color: var(--ad-color); box-shadow: 0 0 0 3px color-mix(in srgb, var(--ad-color) 25%, transparent); }
.send { width: 40px; height: 40px; border: 0; border-radius: 50%; background: var(--ad-color); color: var(--ad-on-color); cursor: pointer; display: grid; place-items: center; flex: none; }
.send:disabled { opacity: .45; cursor: default; }
.attach { width: 40px; height: 40px; border: 0; border-radius: 50%; background: transparent; color: var(--ad-muted); cursor: pointer; display: grid; place-items: center; flex: none; }
.attach:hover { color: var(--ad-fg); }
.attach svg { width: 20px; height: 20px; }
.panel { position: relative; }
.panel.dropping::after { content: attr(data-drop); position: absolute; inset: 8px; border: 2px dashed var(--ad-color); border-radius: 12px; background: color-mix(in srgb, var(--ad-bg) 88%, transparent); display: grid; place-items: center; font-weight: 600; pointer-events: none; }
.attachments { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 4px; }
.visitor .attachments { justify-content: flex-end; }
.attachments .photo { padding: 0; border: 1px solid var(--ad-border); border-radius: 12px; overflow: hidden; cursor: zoom-in; background: var(--ad-surface); max-width: 220px; }
.attachments .photo img { display: block; max-width: 220px; max-height: 220px; width: auto; height: auto; }
.attachments .file { display: flex; align-items: center; gap: 8px; border: 1px solid var(--ad-border); border-radius: 12px; padding: 8px 10px; background: var(--ad-surface); color: inherit; font: inherit; cursor: pointer; max-width: 240px; }
.attachments .file svg { width: 18px; height: 18px; flex: none; }
.attachments .file .name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.attachments .file .size { color: var(--ad-muted); font-size: 12px; flex: none; }
.uploads:empty { display: none; }
.uploads { padding: 4px 12px; font-size: 13px; color: var(--ad-soft); }
.uploads p { margin: 2px 0; }
.uploads .error { color: var(--ad-error); }
.viewer { position: absolute; inset: 0; background: rgba(0,0,0,.85); display: grid; place-items: center; z-index: 2; padding: 16px; }
.viewer img { max-width: 100%; max-height: 100%; border-radius: 8px; }
.viewer .icon-btn { position: absolute; top: 8px; right: 8px; color: #fff; }
.send svg { width: 18px; height: 18px; }
.new-conv { flex: 1; font: inherit; border: 0; border-radius: 12px; background: var(--ad-color); color: var(--ad-on-color); padding: 10px; cursor: pointer; }
form.contact { flex-direction: column; align-items: stretch; gap: 4px; background: var(--ad-surface); }
.contact-title { margin: 0 0 4px; font-weight: 600; font-size: 13px; }
.contact label { font-size: 12px; color: var(--ad-soft); }
.contact input { border: 1px solid var(--ad-input-border); border-radius: 10px; padding: 8px 10px; font: inherit; font-size: 16px; color: inherit; outline: none; background: var(--ad-bg); }
.contact input:focus { border-color: var(--ad-color); box-shadow: 0 0 0 3px color-mix(in srgb, var(--ad-color) 25%, transparent); }
.contact-error { margin: 0; font-size: 12px; color: #b91c1c; }
.contact-actions { display: flex; gap: 8px; margin-top: 4px; }
.contact-send { font: inherit; font-weight: 600; border: 0; border-radius: 10px; background: var(--ad-color); color: var(--ad-on-color); padding: 8px 14px; cursor: pointer; }
.contact-send:disabled { opacity: .5; }
.contact-skip { font: inherit; border: 0; background: none; color: var(--ad-soft); text-decoration: underline; cursor: pointer; }
.logo { width: 28px; height: 28px; border-radius: 6px; object-fit: cover; flex: none; background: var(--ad-on-color); }
.avatar { width: 24px; height: 24px; border-radius: 50%; flex: none; display: grid; place-items: center; font-size: 10px; font-weight: 700; background: var(--ad-color); color: var(--ad-on-color); object-fit: cover; }
.msg.with-avatar { flex-direction: row; align-items: flex-end; gap: 6px; }
.msg.with-avatar > .col { display: flex; flex-direction: column; gap: 4px; min-width: 0; }
.end-card { padding: 10px 12px; border-top: 1px solid var(--ad-border); background: var(--ad-surface); display: flex; flex-direction: column; gap: 6px; }
.end-card form { padding: 0; border: 0; background: transparent; }
.end-rate { flex-direction: column; align-items: stretch; gap: 6px; }
.end-title { margin: 0; font-weight: 600; font-size: 13px; }
.stars { display: flex; gap: 2px; }
.star { font: inherit; font-size: 22px; line-height: 1; border: 0; background: none; color: var(--ad-faint); cursor: pointer; padding: 2px; }
.star[aria-pressed="true"] { color: #f59e0b; }
.end-copy input { flex: 1; border: 1px solid var(--ad-input-border); border-radius: 10px; padding: 8px 10px; font: inherit; font-size: 16px; color: inherit; background: var(--ad-bg); }
.end-status { margin: 0; font-size: 12px; color: var(--ad-soft); }
.end-status:empty { display: none; }
.footer { text-align: center; font-size: 11px; color: var(--ad-faint); padding: 0 0 8px; background: var(--ad-bg); }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0,0,0,0); white-space: nowrap; border: 0; }
button:focus-visible, a:focus-visible, textarea:focus-visible { outline: 2px solid var(--ad-color); outline-offset: 2px; }
header button:focus-visible { outline-color: var(--ad-on-color); }
@media (max-width: 480px) {
  .root.open { inset: 0; }
  .root.open .panel { position: fixed; inset: 0; width: 100%; height: 100%; border-radius: 0; }
  .root.open .launcher { display: none; }
}
@media (prefers-reduced-motion: reduce) { * { animation: none !important; transition: none !important; } }
`;
