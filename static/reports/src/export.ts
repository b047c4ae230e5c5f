/**
 * Downloads from the page: the bucket table as CSV and each chart as SVG or PNG. Chart colours
 * are CSS variables (design tokens) that mean nothing outside the page, so an exported chart
 * carries the colours they resolve to now.
 */
function download(name: string, href: string): void {
  const link = document.createElement('a');
  link.href = href;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
}

function dataUrl(type: string, text: string): string {
  return `data:${type};charset=utf-8,${encodeURIComponent(text)}`;
}

export function downloadCsv(name: string, csv: string): void {
  download(name, dataUrl('text/csv', csv));
}

/** The chart's SVG with every token colour resolved. */
export function standaloneSvg(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const originals = svg.querySelectorAll<SVGElement>('*');
  copy.querySelectorAll<SVGElement>('*').forEach((element, i) => {
    const original = originals[i];
    if (!original) return;
    const style = getComputedStyle(original);
    for (const attribute of ['fill', 'stroke'] as const) {
      if (element.getAttribute(attribute)?.startsWith('var(')) {
        element.setAttribute(attribute, style.getPropertyValue(attribute));
      }
    }
  });
  copy.setAttribute('width', String(svg.viewBox.baseVal.width || 720));
  copy.setAttribute('height', String(svg.viewBox.baseVal.height || 220));
  return new XMLSerializer().serializeToString(copy);
}

export function downloadSvg(name: string, svg: SVGSVGElement): void {
  download(name, dataUrl('image/svg+xml', standaloneSvg(svg)));
}

export async function downloadPng(name: string, svg: SVGSVGElement): Promise<void> {
  const image = new Image();
  image.src = dataUrl('image/svg+xml', standaloneSvg(svg));
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = image.width * 2;
  canvas.height = image.height * 2;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('No canvas');
  context.fillStyle = getComputedStyle(document.body).backgroundColor || '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  download(name, canvas.toDataURL('image/png'));
}
