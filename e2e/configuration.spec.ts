// Flow 6 (issue 4): the demo admin creates a configuration in the portal's form (My Services → Caching)
// for a new hostname in front of the bundled demo origin, activates it to production and sees the edge
// serve it within seconds, with the TTL the form set. Then a new version with another TTL and a response
// header: activated to staging it shows only on the edge's staging listener; activated to production,
// everywhere. The edge is asked from Node with the property's alias as the Host header.
import { request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { expect, test, type Page } from '@playwright/test';
import { platform } from './platform.js';
import { chooseMenuEntry, signIn } from './portal.js';
import { DEMO_ADMIN, demoAdminPassword } from './session.js';

// The demo admin reads Spanish.
test.use({ locale: 'es-MX' });

const ALIAS = 'e2e.example.test';
const NAME = 'Sitio e2e';
const HEADER = 'X-E2e-Version';

interface EdgeAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
}

/** GET `path` from an edge listener with the property's alias as the Host header. */
function fromEdge(baseUrl: string, path: string): Promise<EdgeAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}${path}`, { headers: { host: ALIAS }, agent: false, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${path} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

/** The `ttl=` of a Cache-Status hit (the edge's remaining freshness), or NaN when it was not a hit. */
function hitTtl(answer: EdgeAnswer): number {
  const match = /; hit; ttl=(-?\d+)/.exec(String(answer.headers['cache-status']));
  return match ? Number(match[1]) : NaN;
}

/** Activates a version from the configuration page and waits for the edges to report it. */
async function activate(page: Page, version: number, network: 'Staging' | 'Producción'): Promise<void> {
  const form = page.getByRole('form', { name: 'Activar una versión' });
  await form.getByLabel('Versión a activar').selectOption({ label: `Versión ${version}` });
  await form.getByRole('radio', { name: network, exact: true }).check();
  await form.getByRole('button', { name: 'Activar', exact: true }).click();
  // The portal follows the activation every second; the one edge applies it in well under that.
  await expect(page.getByRole('status').filter({ hasText: /servidores edge|Pendiente|Propagando/ })).toHaveText('Activa en 1 servidores edge', { timeout: 15_000 });
}

test('the admin creates a configuration in the form, activates it, and the edge serves it; a new version reaches staging, then production', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const p = platform();

  await signIn(page, DEMO_ADMIN, demoAdminPassword());
  await chooseMenuEntry(page, 'Menú principal', 'Mis servicios', 'Caché');
  await page.getByRole('link', { name: new RegExp(`^${p.demoScid} · `) }).click();

  await test.step('the demo configuration is already in production', async () => {
    const demo = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Demo site', exact: true }) });
    await expect(demo.getByRole('cell', { name: 'Versión 1' }).first()).toBeVisible();
  });

  await test.step('a new configuration from the form: alias, the demo origin, a 10-minute TTL', async () => {
    expect((await fromEdge(p.edgeUrl, '/')).status, 'nothing serves the alias yet').toBe(404);
    await page.getByRole('button', { name: 'Nueva configuración' }).click();
    const form = page.getByRole('form', { name: 'Nueva configuración' });
    await form.getByLabel('Nombre de la configuración').fill(NAME);
    await form.getByLabel('Alias principal').fill(ALIAS);
    await form.getByLabel('Host del origen', { exact: true }).fill('127.0.0.1');
    await form.getByLabel('Puerto del origen', { exact: true }).fill(String(p.originPort));
    const defaults = form.getByRole('group', { name: 'Comportamientos por defecto' });
    await defaults.getByLabel('Política de caché').selectOption('ttl');
    await defaults.getByLabel('TTL', { exact: true }).fill('10m');
    await page.screenshot({ path: testInfo.outputPath('1-new-configuration.png'), fullPage: true });
    await form.getByRole('button', { name: 'Crear configuración' }).click();
    await expect(page.getByRole('heading', { name: NAME, level: 1 })).toBeVisible();
  });

  await test.step('activated to production, the edge serves the demo origin under the alias with the TTL', async () => {
    await activate(page, 1, 'Producción');
    await page.screenshot({ path: testInfo.outputPath('2-active-in-production.png'), fullPage: true });
    const first = await fromEdge(p.edgeUrl, '/');
    expect(first.status).toBe(200);
    expect(first.text).toContain('Candela demo origin');
    expect(String(first.headers['cache-status'])).toMatch(/fwd=uri-miss; fwd-status=200; stored/);
    // The property's TTL (10 minutes) rules the edge, not the origin's max-age=60.
    const ttl = hitTtl(await fromEdge(p.edgeUrl, '/'));
    expect(ttl).toBeGreaterThan(590);
    expect(ttl).toBeLessThanOrEqual(600);
    expect(first.headers[HEADER.toLowerCase()]).toBeUndefined();
  });

  await test.step('version 2: a one-hour TTL and a response header, saved', async () => {
    const defaults = page.getByRole('group', { name: 'Comportamientos por defecto' });
    await defaults.getByLabel('TTL', { exact: true }).fill('1h');
    await defaults.getByRole('button', { name: 'Agregar un encabezado' }).click();
    await defaults.getByLabel('Nombre del encabezado 1').fill(HEADER);
    await defaults.getByLabel('Valor del encabezado 1').fill('dos');
    const save = page.getByRole('form', { name: 'Guardar una versión nueva' });
    await save.getByLabel('Comentario').fill('Una hora y un encabezado');
    await save.getByRole('button', { name: 'Guardar', exact: true }).click();
    await expect(page.getByText('Se guardó la versión 2.')).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('3-version-2-saved.png'), fullPage: true });
  });

  await test.step('version 2 in staging: only the staging listener serves it', async () => {
    await activate(page, 2, 'Staging');
    await expect.poll(async () => (await fromEdge(p.stagingUrl, '/time')).headers[HEADER.toLowerCase()], { timeout: 10_000 }).toBe('dos');
    const production = await fromEdge(p.edgeUrl, '/time');
    expect(production.status).toBe(200);
    expect(production.headers[HEADER.toLowerCase()], 'production still serves version 1').toBeUndefined();
  });

  await test.step('version 2 in production: the header, and the new TTL for what the edge stores now', async () => {
    await activate(page, 2, 'Producción');
    await page.screenshot({ path: testInfo.outputPath('4-version-2-in-production.png'), fullPage: true });
    await expect.poll(async () => (await fromEdge(p.edgeUrl, '/')).headers[HEADER.toLowerCase()], { timeout: 10_000 }).toBe('dos');
    const stored = await fromEdge(p.edgeUrl, '/static/app.css');
    expect(stored.status).toBe(200);
    expect(stored.headers[HEADER.toLowerCase()]).toBe('dos');
    // One hour, although the origin says a day (max-age=86400).
    const ttl = hitTtl(await fromEdge(p.edgeUrl, '/static/app.css'));
    expect(ttl).toBeGreaterThan(3590);
    expect(ttl).toBeLessThanOrEqual(3600);
  });
});
