// styles.mjs — the embed's look, as one constructable stylesheet shared by every instance.
//
// Constructable stylesheets (adoptedStyleSheets) need no <style> element and no style
// attribute, so the embed works under `style-src 'self'`. Hosts theme through the
// --embedhub-* custom properties (documented on the element) and ::part; everything else
// here is private (--_*).

const css = String.raw`
:host {
  --_font: var(--embedhub-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
  --_radius: var(--embedhub-radius, 12px);
  --_gap: var(--embedhub-gap, 16px);
  --_tile-min: var(--embedhub-tile-min, 260px);
  --_accent: var(--embedhub-accent, #4f46e5);
  --_accent-hover: var(--embedhub-accent-hover, #4338ca);
  --_on-accent: var(--embedhub-on-accent, #fff);
  --_bg: var(--embedhub-bg, #fff);
  --_surface: var(--embedhub-surface, #fff);
  --_sunken: var(--embedhub-sunken, #f6f6f8);
  --_text: var(--embedhub-text, #18181b);
  --_muted: var(--embedhub-muted, #62626e);
  --_border: var(--embedhub-border, #e3e3e8);
  --_focus: var(--embedhub-focus, #6366f1);
  --_ok: var(--embedhub-success, #157f3b);
  --_ok-bg: var(--embedhub-success-bg, #e7f6ec);
  --_warn: var(--embedhub-warning, #a15c07);
  --_warn-bg: var(--embedhub-warning-bg, #fdf2dc);
  --_bad: var(--embedhub-danger, #c4262e);
  --_bad-bg: var(--embedhub-danger-bg, #fdeced);
  --_shadow: 0 1px 2px rgb(16 16 24 / .05), 0 1px 3px rgb(16 16 24 / .06);
  --_lift: 0 6px 20px rgb(16 16 24 / .08), 0 2px 6px rgb(16 16 24 / .05);
  --_scrim: rgb(16 16 24 / .45);
  color-scheme: light;
  display: block;
  font: 14px/1.45 var(--_font);
  color: var(--_text);
  background: var(--_bg);
  -webkit-font-smoothing: antialiased;
}
@media (prefers-color-scheme: dark) {
  :host(:not([theme=light])) { DARK }
}
:host([theme=dark]) { DARK }
:host([hidden]) { display: none; }
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
h2, h3, p { margin: 0; }
.sr { position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
:focus-visible { outline: 2px solid var(--_focus); outline-offset: 2px; }

.root { display: grid; gap: var(--_gap); padding: var(--embedhub-padding, 24px); }
header { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 12px 24px; }
.heading { display: flex; align-items: center; gap: 10px; }
.heading h2 { font-size: 20px; font-weight: 650; letter-spacing: -.01em; }
.count { font-size: 12px; font-weight: 600; padding: 2px 9px; border-radius: 999px; color: var(--_ok); background: var(--_ok-bg); }
.count[data-zero] { color: var(--_muted); background: var(--_sunken); }
.tools { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
.search { position: relative; }
.search::before { content: ""; position: absolute; inset-inline-start: 11px; top: 50%; width: 10px; height: 10px; margin-top: -7px;
  border: 1.6px solid var(--_muted); border-radius: 50%; pointer-events: none; }
.search::after { content: ""; position: absolute; inset-inline-start: 21px; top: 50%; width: 5px; height: 1.6px; margin-top: 3px;
  background: var(--_muted); transform: rotate(45deg); pointer-events: none; }
input, select, textarea { font: inherit; color: inherit; }
.seg { display: inline-flex; padding: 3px; gap: 2px; border-radius: 10px; background: var(--_sunken); border: 1px solid var(--_border); }
.seg button { border: 0; background: none; color: var(--_muted); font: inherit; font-size: 13px; font-weight: 550; padding: 5px 11px; border-radius: 7px; cursor: pointer; }
.seg button[aria-pressed=true] { background: var(--_surface); color: var(--_text); box-shadow: var(--_shadow); }

.grid { list-style: none; margin: 0; padding: 0; display: grid; gap: var(--_gap); grid-template-columns: repeat(auto-fill, minmax(min(100%, var(--_tile-min)), 1fr)); }
.tile { display: flex; flex-direction: column; gap: 10px; padding: 18px; min-height: 190px; background: var(--_surface);
  border: 1px solid var(--_border); border-radius: var(--_radius); box-shadow: var(--_shadow); transition: box-shadow .15s, border-color .15s; }
.tile:hover { box-shadow: var(--_lift); }
.tile[data-state=unavailable] { background: var(--_sunken); box-shadow: none; }
.tile[data-state=unavailable] .icon { filter: grayscale(1); opacity: .6; }
.tile-top { display: flex; align-items: flex-start; justify-content: space-between; gap: 8px; }
.icon { width: 44px; height: 44px; border-radius: 10px; flex: none; object-fit: cover; }
.ph { display: grid; place-items: center; font-weight: 700; font-size: 18px; color: #fff; background: #6b7280; }
.ph[data-hue="0"] { background: #4f46e5; } .ph[data-hue="1"] { background: #0e7490; } .ph[data-hue="2"] { background: #b45309; }
.ph[data-hue="3"] { background: #be185d; } .ph[data-hue="4"] { background: #15803d; } .ph[data-hue="5"] { background: #7c3aed; }
.tile h3 { font-size: 15px; font-weight: 620; line-height: 1.3; overflow-wrap: anywhere; }
.desc { color: var(--_muted); font-size: 13px; overflow-wrap: anywhere; display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical; overflow: hidden; }
.problem { color: var(--_bad); font-size: 12.5px; overflow-wrap: anywhere; }
.foot { margin-top: auto; display: flex; justify-content: flex-end; }

.badge { display: inline-flex; align-items: center; gap: 6px; white-space: nowrap; font-size: 12px; font-weight: 600; padding-block: 2px; padding-inline: 8px 9px;
  border-radius: 999px; color: var(--_muted); background: var(--_sunken); border: 1px solid var(--_border); }
.badge::before { content: ""; width: 6px; height: 6px; border-radius: 50%; background: currentColor; }
.badge[data-state=connected], .badge[data-state=active] { color: var(--_ok); background: var(--_ok-bg); border-color: transparent; }
.badge[data-state=connecting], .badge[data-state=needs_reauth] { color: var(--_warn); background: var(--_warn-bg); border-color: transparent; }
.badge[data-state=error], .badge[data-state$=_error] { color: var(--_bad); background: var(--_bad-bg); border-color: transparent; }
.badge[data-state=unavailable]::before { display: none; }

.btn { display: inline-flex; align-items: center; justify-content: center; gap: 6px; min-height: 34px; padding: 6px 14px; border-radius: 8px; cursor: pointer;
  font: inherit; font-weight: 600; font-size: 13.5px; border: 1px solid var(--_border); background: var(--_surface); color: var(--_text); transition: background .15s, border-color .15s; }
.btn:hover { background: var(--_sunken); }
.btn.primary { background: var(--_accent); border-color: var(--_accent); color: var(--_on-accent); }
.btn.primary:hover { background: var(--_accent-hover); border-color: var(--_accent-hover); }
.btn.danger { color: var(--_bad); }
.btn.danger.primary { background: var(--_bad); border-color: var(--_bad); color: #fff; }
.btn:disabled { opacity: .55; cursor: default; }
.btn.ghost { border-color: transparent; background: none; }
.btn.icon-btn { min-height: 32px; width: 32px; padding: 0; font-size: 18px; font-weight: 400; color: var(--_muted); }

nav.pager { display: flex; align-items: center; justify-content: space-between; gap: 12px; color: var(--_muted); font-size: 13px; }
nav.pager div { display: flex; gap: 8px; }

.state { display: grid; justify-items: center; gap: 8px; text-align: center; padding: 48px 16px; border: 1px dashed var(--_border); border-radius: var(--_radius); }
.state h3 { font-size: 16px; font-weight: 620; }
.state p { color: var(--_muted); max-width: 40ch; }
.state .btn { margin-top: 8px; }
.state .mark { width: 44px; height: 44px; border-radius: 50%; display: grid; place-items: center; font-size: 20px; font-weight: 700; background: var(--_sunken); color: var(--_muted); }
.state[data-kind=error] .mark { background: var(--_bad-bg); color: var(--_bad); }

.sk { background: linear-gradient(90deg, var(--_sunken) 30%, var(--_border) 50%, var(--_sunken) 70%) 0 0 / 300% 100%; border-radius: 6px; animation: sk 1.4s ease infinite; }
.tile.skeleton .sk.icon { border-radius: 10px; }
.sk.line { height: 12px; } .sk.w40 { width: 40%; } .sk.w90 { width: 90%; } .sk.w70 { width: 70%; } .sk.pill { width: 84px; height: 22px; border-radius: 999px; }
.sk.btn-s { width: 92px; height: 34px; margin-inline-start: auto; margin-top: auto; border-radius: 8px; }
@keyframes sk { from { background-position: 100% 0; } to { background-position: 0 0; } }
@media (prefers-reduced-motion: reduce) { .sk { animation: none; } .tile, .btn { transition: none; } }

dialog { width: min(560px, calc(100vw - 32px)); max-height: min(720px, calc(100vh - 32px)); padding: 0; border: 1px solid var(--_border);
  border-radius: 16px; background: var(--_surface); color: var(--_text); box-shadow: 0 24px 60px rgb(0 0 0 / .25); overflow: hidden; }
dialog[open] { display: flex; flex-direction: column; }
dialog::backdrop { background: var(--_scrim); }
.dh { display: flex; gap: 14px; align-items: center; padding-block: 20px 16px; padding-inline: 24px 20px; border-bottom: 1px solid var(--_border); }
.dh .icon { width: 40px; height: 40px; }
.dh div { flex: 1; min-width: 0; }
.dh h2 { font-size: 17px; font-weight: 650; overflow-wrap: anywhere; }
.dh p { color: var(--_muted); font-size: 13px; }
ol.steps { list-style: none; margin: 0; padding: 12px 24px; display: flex; gap: 6px 18px; flex-wrap: wrap; font-size: 12.5px; color: var(--_muted); border-bottom: 1px solid var(--_border); background: var(--_sunken); }
ol.steps li { display: flex; align-items: center; gap: 7px; }
ol.steps li::before { content: attr(data-n); display: grid; place-items: center; width: 20px; height: 20px; border-radius: 50%; font-size: 11px; font-weight: 700; border: 1px solid var(--_border); background: var(--_surface); }
ol.steps li[aria-current=step] { color: var(--_text); font-weight: 600; }
ol.steps li[aria-current=step]::before { background: var(--_accent); border-color: var(--_accent); color: var(--_on-accent); }
ol.steps li[data-done]::before { content: "✓"; color: var(--_ok); background: var(--_ok-bg); border-color: transparent; }
.db { padding: 20px 24px; overflow: auto; display: grid; gap: 16px; align-content: start; }
.db > p { color: var(--_muted); }
.df { display: flex; align-items: center; gap: 8px; padding: 14px 20px; border-top: 1px solid var(--_border); background: var(--_sunken); }
.df .spacer { flex: 1; }
.msg { font-size: 13px; color: var(--_muted); }
.msg:empty { display: none; }
.msg[data-kind=error] { color: var(--_bad); }
.msg[data-kind=ok] { color: var(--_ok); }

fieldset { border: 0; margin: 0; padding: 0; min-width: 0; display: grid; gap: 10px; }
legend { padding: 0; margin-bottom: 8px; font-weight: 600; font-size: 14px; }
.choice { display: flex; align-items: center; gap: 10px; padding: 11px 14px; border: 1px solid var(--_border); border-radius: 10px; cursor: pointer; }
.account { display: flex; gap: 8px; align-items: center; }
.account .choice { flex: 1; min-width: 0; }
.choice:has(input:checked) { border-color: var(--_accent); box-shadow: inset 0 0 0 1px var(--_accent); }
.choice span { flex: 1; }
.choice input { accent-color: var(--_accent); margin: 0; }
.newconn { display: grid; gap: 10px; padding: 14px; border-radius: 10px; background: var(--_sunken); }
.newconn .row { display: flex; flex-wrap: wrap; gap: 8px; align-items: flex-start; }
.newconn .row .secret { flex: 1 1 14rem; }
.newconn .row .field { flex: 1; }

.form { display: grid; grid-template-columns: 1fr 1fr; gap: 14px 16px; }
.form > *, .group > * { grid-column: 1 / -1; }
.form [data-align=left] { grid-column: 1; } .form [data-align=right] { grid-column: 2; }
.group { display: grid; grid-template-columns: 1fr 1fr; gap: 12px 16px; padding: 14px 16px 16px; border: 1px solid var(--_border); border-radius: 10px; }
.group > legend { float: inline-start; width: 100%; margin: 0 0 2px; font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: var(--_muted); }
.field { display: grid; gap: 5px; align-content: start; min-width: 0; }
.field > label, .field > .label { font-weight: 550; font-size: 13.5px; }
.field .opt { font-weight: 400; color: var(--_muted); font-size: 12px; margin-inline-start: 4px; }
.help { color: var(--_muted); font-size: 12.5px; }
.err { color: var(--_bad); font-size: 12.5px; font-weight: 500; }
.err:empty { display: none; }
.field input:not([type=checkbox]):not([type=radio]), .field select, .field textarea, .search input {
  width: 100%; min-height: 36px; padding: 7px 11px; border: 1px solid var(--_border); border-radius: 8px; background: var(--_surface); }
.field textarea { min-height: 76px; resize: vertical; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12.5px; }
.search input { width: 240px; padding-inline-start: 32px; }
[dir=rtl] .search::after { transform: rotate(-45deg); }
.field input:hover, .field select:hover, .field textarea:hover, .search input:hover { border-color: color-mix(in srgb, var(--_muted) 55%, var(--_border)); }
.field input:focus-visible, .field select:focus-visible, .field textarea:focus-visible, .search input:focus-visible {
  outline: 0; border-color: var(--_focus); box-shadow: 0 0 0 3px color-mix(in srgb, var(--_focus) 25%, transparent); }
[aria-invalid=true] { border-color: var(--_bad) !important; }
.check { display: flex; gap: 9px; align-items: center; font-weight: 500; cursor: pointer; min-height: 36px; }
.check input { width: 16px; height: 16px; margin: 0; accent-color: var(--_accent); }
/* A checkbox beside an input lines up with the input, not its label. */
.field[data-align]:has(> .check) { padding-top: 26px; }
.checks { display: flex; flex-wrap: wrap; gap: 4px 16px; }
.checks .check { min-height: 28px; font-weight: 400; }
.secret { display: flex; gap: 6px; }
.secret input { flex: 1; min-width: 8rem; }

.conns { display: grid; gap: 10px; list-style: none; margin: 0; padding: 0; }
.conns li { display: grid; gap: 8px; padding: 12px 14px; border: 1px solid var(--_border); border-radius: 10px; }
.conns .top { display: flex; align-items: center; gap: 10px; justify-content: space-between; }
.conns .name { font-weight: 600; }
.confirm { padding: 14px 16px; border-radius: 10px; background: var(--_bad-bg); color: var(--_text); display: grid; gap: 6px; }
.confirm h3 { font-size: 14.5px; color: var(--_bad); }
@media (max-width: 520px) {
  .root { padding: 16px; }
  .search input { width: 100%; }
  .tools, .search { width: 100%; }
  .form, .group { grid-template-columns: 1fr; }
  .form [data-align=left], .form [data-align=right] { grid-column: 1; }
}
`;

const dark = `
  --_accent: var(--embedhub-accent, #7c83f7); --_accent-hover: var(--embedhub-accent-hover, #969cfa); --_on-accent: var(--embedhub-on-accent, #0d0d14);
  --_bg: var(--embedhub-bg, #111114); --_surface: var(--embedhub-surface, #19191e); --_sunken: var(--embedhub-sunken, #141418);
  --_text: var(--embedhub-text, #ececf1); --_muted: var(--embedhub-muted, #a0a0ad); --_border: var(--embedhub-border, #2d2d35);
  --_focus: var(--embedhub-focus, #8b91fa); --_ok: var(--embedhub-success, #5bd28a); --_ok-bg: var(--embedhub-success-bg, #133322);
  --_warn: var(--embedhub-warning, #f0b35a); --_warn-bg: var(--embedhub-warning-bg, #3a2a10); --_bad: var(--embedhub-danger, #f37b80);
  --_bad-bg: var(--embedhub-danger-bg, #3c1619); --_shadow: 0 1px 2px rgb(0 0 0 / .4); --_lift: 0 8px 24px rgb(0 0 0 / .45); --_scrim: rgb(0 0 0 / .6);
  color-scheme: dark;`;

let shared;
/** The stylesheet, built on first use (a document must exist) and shared by every instance. */
export function sheet() {
  if (!shared) {
    shared = new CSSStyleSheet();
    shared.replaceSync(css.replaceAll('DARK', dark));
  }
  return shared;
}
