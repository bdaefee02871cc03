// icons.mjs — the integrations' icons: simple marks drawn here (a tinted rounded square with
// initials or a glyph), not the vendors' trademarks. Served as /icons/{slug}.svg.

/** 'Google Drive' → 'google-drive'. */
export const slugOf = (name) =>
  name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'integration';

/** The path of the icon of an integration or connector called `name`. */
export const iconPath = (name) => `/icons/${slugOf(name)}.svg`;

// White glyphs on a 64×64 canvas, for marks that read better as a picture than as letters.
const GLYPHS = {
  cloud: 'M22 44h22a9 9 0 0 0 1.6-17.9A13 13 0 0 0 20.4 29 8 8 0 0 0 22 44z',
  chat: 'M16 20a6 6 0 0 1 6-6h20a6 6 0 0 1 6 6v14a6 6 0 0 1-6 6H30l-9 8v-8h0a6 6 0 0 1-5-6z',
  bolt: 'M36 10 18 36h12l-4 18 20-28H34z',
  mail: 'M14 20a4 4 0 0 1 4-4h28a4 4 0 0 1 4 4v24a4 4 0 0 1-4 4H18a4 4 0 0 1-4-4zm4 1v2l14 10 14-10v-2L32 31z',
  folder: 'M12 20a4 4 0 0 1 4-4h10l5 5h17a4 4 0 0 1 4 4v19a4 4 0 0 1-4 4H16a4 4 0 0 1-4-4z',
  chart: 'M16 46V30h7v16zm12 0V18h7v28zm12 0V26h7v20z',
  calendar: 'M16 20a4 4 0 0 1 4-4h24a4 4 0 0 1 4 4v24a4 4 0 0 1-4 4H20a4 4 0 0 1-4-4zm4 7v17h24V27zm4-15h4v8h-4zm12 0h4v8h-4z',
  video: 'M12 22a4 4 0 0 1 4-4h22a4 4 0 0 1 4 4v20a4 4 0 0 1-4 4H16a4 4 0 0 1-4-4zm32 6 10-6v20l-10-6z',
  card: 'M12 20a4 4 0 0 1 4-4h32a4 4 0 0 1 4 4v24a4 4 0 0 1-4 4H16a4 4 0 0 1-4-4zm0 4v6h40v-6zm6 14v4h12v-4z',
  check: 'M32 12a20 20 0 1 1 0 40 20 20 0 0 1 0-40zm-9 20-4 4 9 9 17-17-4-4-13 13z',
};

const initialsOf = (slug) => {
  const words = slug.split('-').filter(Boolean);
  return (words.length > 1 ? words[0][0] + words[1][0] : slug.slice(0, 2)).toUpperCase();
};

// A stable hue for names without a colour of their own.
const hueOf = (slug) => [...slug].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) % 360, 7);

/**
 * The SVG for `slug`; `mark` is {color, initials?, glyph?} from the seed catalog, or undefined
 * for a derived one. Only catalog data and [a-z0-9-] slugs reach the markup.
 */
export function iconSvg(slug, mark) {
  const color = mark?.color ?? `hsl(${hueOf(slug)} 55% 45%)`;
  const art = mark?.glyph
    ? `<path fill="#fff" d="${GLYPHS[mark.glyph]}"/>`
    : `<text x="32" y="33" fill="#fff" font-family="Inter, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif" font-size="${(mark?.initials ?? initialsOf(slug)).length > 1 ? 24 : 30}" font-weight="700" text-anchor="middle" dominant-baseline="central" letter-spacing="-0.5">${mark?.initials ?? initialsOf(slug)}</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64" role="img">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${color}"/><stop offset="1" stop-color="${color}" stop-opacity="0.78"/></linearGradient></defs>
<rect width="64" height="64" rx="14" fill="#fff"/><rect width="64" height="64" rx="14" fill="url(#g)"/>
<rect x="0.5" y="0.5" width="63" height="63" rx="13.5" fill="none" stroke="#000" stroke-opacity="0.08"/>
${art}
</svg>
`;
}
