// Geohash cells drawn locally: no tiles, no network. A cell's 32 children form an 8x4 grid (even length) or a 4x8 grid (odd).
export const ALPHABET = '0123456789bcdefghjkmnpqrstuvwxyz';

export function bounds(hash) {
  let lat = [-90, 90], lon = [-180, 180], even = true;
  for (const c of hash) {
    const bits = ALPHABET.indexOf(c);
    if (bits < 0) throw new Error(`'${hash}' is not a geohash`);
    for (let i = 4; i >= 0; i--) {
      const range = even ? lon : lat;
      const mid = (range[0] + range[1]) / 2;
      if ((bits >> i) & 1) range[0] = mid; else range[1] = mid;
      even = !even;
    }
  }
  return { south: lat[0], north: lat[1], west: lon[0], east: lon[1] };
}

export const isGeohash = text => /^[0123456789bcdefghjkmnpqrstuvwxyz]{1,12}$/.test(text);

// Draws the children of `parent` into `svg`; marks cells that are (or contain) the chosen pickup/destination.
export function drawGrid(svg, parent, marks, onPick) {
  const outer = bounds(parent || '');
  const cols = parent.length % 2 === 0 ? 8 : 4, rows = 32 / cols;
  const w = 320, h = cols === 8 ? 160 : 320;
  svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
  svg.replaceChildren();
  for (const c of ALPHABET) {
    const hash = parent + c, b = bounds(hash);
    const x = (b.west - outer.west) / (outer.east - outer.west) * w;
    const y = (outer.north - b.north) / (outer.north - outer.south) * h;
    const cw = w / cols, ch = h / rows;
    const g = document.createElementNS('http://www.w3.org/2000/svg', 'g');
    const mark = marks.from && marks.from.startsWith(hash) ? 'from' : marks.to && marks.to.startsWith(hash) ? 'to' : '';
    g.setAttribute('class', 'cell ' + mark);
    g.setAttribute('role', 'button');
    g.setAttribute('tabindex', '0');
    g.setAttribute('data-cell', hash);
    g.setAttribute('aria-label', `cell ${hash}${mark === 'from' ? ', pickup' : mark === 'to' ? ', destination' : ''}`);
    const rect = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
    rect.setAttribute('x', x + 0.5); rect.setAttribute('y', y + 0.5);
    rect.setAttribute('width', cw - 1); rect.setAttribute('height', ch - 1); rect.setAttribute('rx', 3);
    const text = document.createElementNS('http://www.w3.org/2000/svg', 'text');
    text.setAttribute('x', x + cw / 2); text.setAttribute('y', y + ch / 2 + 3); text.setAttribute('text-anchor', 'middle');
    text.textContent = c;
    g.append(rect, text);
    g.addEventListener('click', () => onPick(hash));
    g.addEventListener('keydown', e => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); onPick(hash); } });
    svg.append(g);
  }
}
