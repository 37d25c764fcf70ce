// Flow 5 (issue 5): the demo admin invalidates a path of the demo property in the portal (Network Tools →
// Content invalidation) and watches the request reach every edge. `candela start` seeds the demo
// configuration active in production (aliases localhost, 127.0.0.1, demo.candela.test; primary alias
// localhost) and runs one edge in feed mode, so the edge caches the demo origin's /static/app.css, the
// invalidation reaches it through the feed, and the request completes with the object matched. Being
// Normal (revalidate), the next request for the object asks the origin again and is answered with a 304.
import { expect, test } from '@playwright/test';
import { platform } from './platform.js';
import { chooseMenuEntry, documentWidth, signIn } from './portal.js';
import { DEMO_ADMIN, demoAdminPassword } from './session.js';

// The demo admin reads Spanish.
test.use({ locale: 'es-MX' });

const DEMO_PROPERTY = 'localhost';
const OBJECT = '/static/app.css';

/** The edge's answer for the demo object, asked from Node (Host 127.0.0.1:port, an alias of the demo property). */
async function fromEdge(): Promise<{ status: number; cacheStatus: string }> {
  const response = await fetch(`${platform().edgeUrl}${OBJECT}`);
  await response.arrayBuffer();
  return { status: response.status, cacheStatus: response.headers.get('cache-status') ?? '' };
}

test('the admin invalidates a path of the demo property and watches it reach every edge', async ({ page }, testInfo) => {
  await test.step('the edge serves the demo object from its cache', async () => {
    // The edge may still be receiving the demo configuration from the control plane.
    await expect.poll(async () => (await fromEdge()).status, { timeout: 20_000, message: 'the edge serves the demo property' }).toBe(200);
    await expect.poll(async () => (await fromEdge()).cacheStatus, { timeout: 5_000 }).toMatch(/Candela; hit/);
  });

  await signIn(page, DEMO_ADMIN, demoAdminPassword());
  await chooseMenuEntry(page, 'Menú principal', 'Herramientas de red', 'Invalidación de contenido');
  await expect(page.getByRole('heading', { name: 'Invalidación de contenido', level: 1 })).toBeVisible();
  // The demo customer has one service: no need to choose it.
  const form = page.getByRole('form', { name: 'Nueva solicitud de invalidación' });
  await expect(form).toBeVisible();

  await test.step('a bad pattern is pointed at before anything is sent', async () => {
    await form.getByRole('checkbox', { name: DEMO_PROPERTY, exact: true }).check();
    await form.getByLabel('Rutas, una por línea').fill('/static/[a-');
    await expect(form.getByText('Línea 1: el conjunto abierto en el carácter 9 no tiene "]" de cierre')).toBeVisible();
    await expect(form.getByLabel('Rutas, una por línea')).toHaveAttribute('aria-invalid', 'true');
    await page.screenshot({ path: testInfo.outputPath('1-pattern-error.png'), fullPage: true });
  });

  await test.step('the request is sent and followed until every edge is done', async () => {
    await form.getByLabel('Rutas, una por línea').fill('/static/*.css');
    await expect(form.getByText(/^Línea 1:/)).toHaveCount(0);
    await expect(form.getByRole('radio', { name: 'Normal' })).toBeChecked();
    await form.getByRole('button', { name: 'Invalidar' }).click();
    await expect(form.getByText('Solicitud enviada.')).toBeVisible();
    // Every edge is meant to be done in under a second; the portal asks every second.
    await expect(form.getByRole('status')).toHaveText(/^Completada: [1-9][0-9]* edges listos, [1-9][0-9]* objetos coincidentes$/, { timeout: 15_000 });
    await page.screenshot({ path: testInfo.outputPath('2-complete.png'), fullPage: true });
  });

  await test.step('Normal revalidates: the next request costs the origin a 304', async () => {
    const after = await fromEdge();
    expect(after.status).toBe(200);
    expect(after.cacheStatus).toMatch(/fwd=stale/);
    expect(after.cacheStatus).toMatch(/fwd-status=304/);
  });

  await test.step('the history and the detail view show it complete, with the objects each path matched', async () => {
    const row = page.getByRole('table', { name: /Solicitudes de invalidación del servicio/ }).getByRole('row').filter({ hasText: '/static/*.css' }).first();
    await expect(row).toContainText('Completada');
    await form.getByRole('link', { name: 'Ver el detalle' }).click();
    await expect(page.getByRole('heading', { name: 'Solicitud de invalidación', level: 1 })).toBeVisible();
    await expect(page.getByRole('status')).toHaveText(/^Completada/);
    const item = page.getByRole('table', { name: 'Objetos coincidentes por elemento' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: '/static/*.css' }) });
    await expect(item.getByRole('cell')).toHaveText(/^[1-9][0-9]*$/);
    await page.screenshot({ path: testInfo.outputPath('3-detail.png'), fullPage: true });
  });

  await test.step('at 375 px the page fits the screen', async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.getByRole('link', { name: 'Volver a invalidación de contenido' }).click();
    await expect(page.getByRole('form', { name: 'Nueva solicitud de invalidación' })).toBeVisible();
    expect(await documentWidth(page)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: testInfo.outputPath('4-phone.png'), fullPage: true });
  });
});
