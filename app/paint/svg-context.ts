/**
 * A 2D context that writes SVG: the subset of CanvasRenderingContext2D the map's painter
 * (paint-map.ts) and the export frame (export-image.ts) use, recorded as SVG elements, so that the
 * SVG export is the map as the canvas draws it — the same code, another surface — and real vector
 * output: a rect per region, text as text. Coordinates are CSS pixels (the painter's device-pixel
 * transform is ignored: SVG scales itself). Text measures come from a real canvas context.
 * Every text and attribute is escaped for XML, and characters XML 1.0 forbids become U+FFFD, so
 * the document is valid XML whatever a name holds (names arrive already shown through
 * formatNameForDisplay).
 */

/** XML 1.0 §2.2: characters a document may not contain; lone surrogates are not characters either. */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text as XML character data or an attribute value. */
export function xmlText(text: string): string {
  return text.replace(NOT_XML, '\ufffd').replace(/[&<>"']/g, (c) => `&${({ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' } as const)[c as '&']};`);
}

/** A pattern handed out by createPattern: drawn as an SVG <pattern> of diagonal stripes. */
interface SvgPattern {
  readonly svgPatternId: string;
  setTransform(): void;
}

function num(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2).replace(/\.?0+$/, '');
}

const ANCHOR: Record<string, string> = { left: 'start', start: 'start', center: 'middle', right: 'end', end: 'end' };
const BASELINE: Record<string, string> = { middle: 'central', top: 'hanging', hanging: 'hanging', bottom: 'text-after-edge' };

/** Records drawing as SVG. `stripeColor`: the colour of the painter's stripe patterns (the theme's alarm colour). */
export class SvgContext {
  fillStyle: string | SvgPattern = '#000';
  strokeStyle = '#000';
  lineWidth = 1;
  globalAlpha = 1;
  font = '11px sans-serif';
  textAlign = 'start';
  textBaseline = 'alphabetic';
  lineJoin = 'miter';
  private dash: number[] = [];
  private path: string[] = [];
  private readonly body: string[] = [];
  private readonly defs: string[] = [];
  private offsetY = 0;

  constructor(
    private readonly measurer: OffscreenCanvasRenderingContext2D,
    private readonly stripeColor: string,
  ) {}

  /** Draws what follows `dy` pixels lower (the painter's own transforms are ignored). */
  setOffsetY(dy: number): void {
    this.offsetY = dy;
  }

  setTransform(): void {}
  clearRect(): void {}
  setLineDash(dash: number[]): void {
    this.dash = dash;
  }

  measureText(text: string): TextMetrics {
    this.measurer.font = this.font;
    return this.measurer.measureText(text);
  }

  createPattern(): SvgPattern {
    const id = `stripes-${this.defs.length}`;
    // The painter's stripe tile: 8 px, one diagonal stroke of 2.2 px (paint-map.ts stripePattern).
    this.defs.push(
      `<pattern id="${id}" width="8" height="8" patternUnits="userSpaceOnUse"><path d="M-8,8 L0,0 M0,8 L8,0 M8,8 L16,0" stroke="${xmlText(this.stripeColor)}" stroke-width="2.2"/></pattern>`,
    );
    return { svgPatternId: id, setTransform() {} };
  }

  private fillAttr(): string {
    const fill = typeof this.fillStyle === 'string' ? xmlText(this.fillStyle) : `url(#${this.fillStyle.svgPatternId})`;
    return `fill="${fill}"${this.globalAlpha < 1 ? ` fill-opacity="${num(this.globalAlpha)}"` : ''}`;
  }

  private strokeAttr(): string {
    return `fill="none" stroke="${xmlText(this.strokeStyle)}" stroke-width="${num(this.lineWidth)}"${this.dash.length > 0 ? ` stroke-dasharray="${this.dash.join(' ')}"` : ''}`;
  }

  fillRect(x: number, y: number, w: number, h: number): void {
    if (w <= 0 || h <= 0) return;
    this.body.push(`<rect x="${num(x)}" y="${num(y + this.offsetY)}" width="${num(w)}" height="${num(h)}" ${this.fillAttr()}/>`);
  }

  strokeRect(x: number, y: number, w: number, h: number): void {
    this.body.push(`<rect x="${num(x)}" y="${num(y + this.offsetY)}" width="${num(w)}" height="${num(h)}" ${this.strokeAttr()}/>`);
  }

  fillText(text: string, x: number, y: number): void {
    const size = /([0-9.]+)px/.exec(this.font)?.[1] ?? '11';
    const family = this.font.replace(/^.*?[0-9.]+px\s*/, '');
    const baseline = BASELINE[this.textBaseline];
    this.body.push(
      `<text x="${num(x)}" y="${num(y + this.offsetY)}" font-size="${size}" font-family="${xmlText(family)}" text-anchor="${ANCHOR[this.textAlign] ?? 'start'}"` +
        `${baseline ? ` dominant-baseline="${baseline}"` : ''} ${this.fillAttr()}>${xmlText(text)}</text>`,
    );
  }

  beginPath(): void {
    this.path = [];
  }
  moveTo(x: number, y: number): void {
    this.path.push(`M${num(x)},${num(y + this.offsetY)}`);
  }
  lineTo(x: number, y: number): void {
    this.path.push(`L${num(x)},${num(y + this.offsetY)}`);
  }
  closePath(): void {
    this.path.push('Z');
  }
  fill(): void {
    if (this.path.length > 0) this.body.push(`<path d="${this.path.join(' ')}" ${this.fillAttr()}/>`);
  }
  stroke(): void {
    if (this.path.length > 0) this.body.push(`<path d="${this.path.join(' ')}" ${this.strokeAttr()}/>`);
  }

  /** The SVG document: `title` and `metadata` (text) inside it. */
  document(widthPx: number, heightPx: number, title: string, metadata: string): string {
    return (
      `<?xml version="1.0" encoding="UTF-8"?>\n` +
      `<svg xmlns="http://www.w3.org/2000/svg" width="${num(widthPx)}" height="${num(heightPx)}" viewBox="0 0 ${num(widthPx)} ${num(heightPx)}">\n` +
      `<title>${xmlText(title)}</title>\n<metadata>${xmlText(metadata)}</metadata>\n` +
      (this.defs.length > 0 ? `<defs>${this.defs.join('')}</defs>\n` : '') +
      this.body.join('\n') +
      '\n</svg>\n'
    );
  }
}
