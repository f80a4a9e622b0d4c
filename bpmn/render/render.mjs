// Renders every bpmn/src/main/resources/bpmn/*.bpmn to docs/bpmn/<name>.svg with the bpmn-js NavigatedViewer in
// headless Chromium, so the committed pictures are exactly what Camunda Modeler's own renderer draws.
//
//   node render.mjs               write the SVGs
//   node render.mjs --png <dir>   also write a PNG screenshot of each diagram into <dir> (to look at the layout)
//
// CHROMIUM names the browser executable (default /usr/bin/chromium, Debian's package).
import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const modelsDir = resolve(here, '../src/main/resources/bpmn');
const svgDir = resolve(here, '../../docs/bpmn');
const viewerScript = createRequire(import.meta.url).resolve('bpmn-js/dist/bpmn-navigated-viewer.production.min.js');

const pngFlag = process.argv.indexOf('--png');
const pngDir = pngFlag >= 0 ? resolve(process.argv[pngFlag + 1] ?? '.') : null;

// bpmn-js gives the arrow-head markers random ids: number them in order, so an unchanged model renders to an
// unchanged file.
function stableMarkerIds(svg) {
  const ids = [...new Set([...svg.matchAll(/id="(marker-[A-Za-z0-9_-]+)"/g)].map((match) => match[1]))];
  return ids.reduce((text, id, index) => text.replaceAll(`#${id}'`, `#marker-${index + 1}'`)
    .replaceAll(`#${id})`, `#marker-${index + 1})`)
    .replaceAll(`id="${id}"`, `id="marker-${index + 1}"`), svg);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.setContent('<!DOCTYPE html><html><body style="margin:0;background:#fff">'
    + '<div id="canvas" style="width:100vw;height:100vh"></div></body></html>');
  await page.addScriptTag({ path: viewerScript });
  await page.evaluate(() => {
    window.viewer = new window.BpmnJS({ container: '#canvas' });
  });

  await mkdir(svgDir, { recursive: true });
  if (pngDir) {
    await mkdir(pngDir, { recursive: true });
  }
  const models = (await readdir(modelsDir)).filter((file) => file.endsWith('.bpmn')).sort();
  if (models.length === 0) {
    throw new Error(`No .bpmn file in ${modelsDir}`);
  }
  for (const model of models) {
    const xml = await readFile(join(modelsDir, model), 'utf8');
    const result = await page.evaluate(async (source) => {
      try {
        const { warnings } = await window.viewer.importXML(source);
        window.viewer.get('canvas').zoom('fit-viewport', 'auto');
        const { svg } = await window.viewer.saveSVG();
        return { svg, warnings: warnings.map((warning) => warning.message) };
      } catch (error) {
        return { error: error.message };
      }
    }, xml);
    if (result.error || result.warnings.length > 0) {
      throw new Error(`${model} does not import cleanly: ${result.error ?? result.warnings.join('; ')}`);
    }
    const name = basename(model, '.bpmn');
    await writeFile(join(svgDir, `${name}.svg`), `${stableMarkerIds(result.svg)}\n`);
    console.log(`${model} -> ${relative(process.cwd(), join(svgDir, `${name}.svg`))}`);
    if (pngDir) {
      await page.locator('#canvas').screenshot({ path: join(pngDir, `${name}.png`) });
    }
  }
} finally {
  await browser.close();
}
