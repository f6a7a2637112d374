// Renders the app icons (public/icons/*.png, public/favicon.ico) from the SVG below with the
// Debian Chromium — run after changing the artwork, then commit the PNGs:
//   npx tsx lib/pwa/render-icons.ts
// Not imported by the app.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';

const GREEN = '#07C160';

// The crystal ball (水晶球): a white sphere with a highlight and a sparkle, on a stand.
// Drawn in a 100×100 box; `scale` shrinks it around the centre (maskable icons keep their
// content inside the central 80 % circle).
function ball(scale: number): string {
  return `<g transform="translate(50 50) scale(${scale}) translate(-50 -50)">
    <path d="M31 79h38l-4.5-9h-29z" fill="#fff" opacity=".9"/>
    <rect x="27" y="79" width="46" height="6" rx="3" fill="#fff"/>
    <circle cx="50" cy="45" r="27" fill="#fff"/>
    <path d="M34 40a17 17 0 0 1 13-14" stroke="${GREEN}" stroke-width="4" stroke-linecap="round" fill="none" opacity=".45"/>
    <path d="M55 38l2.6 6.4 6.4 2.6-6.4 2.6L55 56l-2.6-6.4-6.4-2.6 6.4-2.6z" fill="${GREEN}"/>
  </g>`;
}

export function iconSvg(kind: 'any' | 'maskable' | 'apple'): string {
  const bg = kind === 'any' ? `<rect width="100" height="100" rx="22" fill="${GREEN}"/>` : `<rect width="100" height="100" fill="${GREEN}"/>`;
  const scale = kind === 'maskable' ? 0.72 : kind === 'apple' ? 0.86 : 0.9;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">${bg}${ball(scale)}</svg>`;
}

/** An .ico file holding PNG images (supported by every browser since IE Vista days). */
function ico(pngs: { size: number; data: Buffer }[]): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(pngs.length, 4);
  let offset = 6 + 16 * pngs.length;
  const entries = pngs.map(({ size, data }) => {
    const e = Buffer.alloc(16);
    e.writeUInt8(size >= 256 ? 0 : size, 0);
    e.writeUInt8(size >= 256 ? 0 : size, 1);
    e.writeUInt16LE(1, 4); // colour planes
    e.writeUInt16LE(32, 6); // bits per pixel
    e.writeUInt32LE(data.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += data.length;
    return e;
  });
  return Buffer.concat([header, ...entries, ...pngs.map((p) => p.data)]);
}

async function main() {
  const out = path.resolve(import.meta.dirname, '../../public');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  const render = async (svg: string, size: number) => {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`);
    return page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
  };
  const files: [string, 'any' | 'maskable' | 'apple', number][] = [
    ['icons/icon-192.png', 'any', 192],
    ['icons/icon-512.png', 'any', 512],
    ['icons/maskable-512.png', 'maskable', 512],
    ['icons/apple-touch-icon.png', 'apple', 180],
  ];
  for (const [file, kind, size] of files) writeFileSync(path.join(out, file), await render(iconSvg(kind), size));
  writeFileSync(path.join(out, 'icons/icon.svg'), iconSvg('any'));
  const small = await Promise.all([16, 32, 48].map(async (size) => ({ size, data: await render(iconSvg('any'), size) })));
  writeFileSync(path.join(out, 'favicon.ico'), ico(small));
  await browser.close();
  console.log('icons written to', out);
}

await main();
