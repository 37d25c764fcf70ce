// Flow 2: the demo admin creates an API key in the portal (Portal Admin → API keys) and reads its secret,
// shown this once; a script then calls the API with requests signed as docs/api.md describes (scheme MPA).
import { expect, test } from '@playwright/test';
import { signedFetch, signedHeaders } from './mpa.js';
import { platform } from './platform.js';
import { chooseMenuEntry, signIn } from './portal.js';
import { DEMO_ADMIN, demoAdminPassword } from './session.js';

test.use({ locale: 'es-MX' });

interface ErrorBody {
  readonly error: { readonly code: string };
}

test('the admin creates an API key in the portal, and a script signs requests with it', async ({ page }, testInfo) => {
  const p = platform();
  const keyName = `Informes nocturnos ${Date.now().toString(36)}`;

  await signIn(page, DEMO_ADMIN, demoAdminPassword());
  await chooseMenuEntry(page, 'Menú principal', 'Administración del portal', 'Claves de API');
  await expect(page.getByRole('heading', { name: 'Claves de API', level: 1 })).toBeVisible();

  await page.getByRole('button', { name: 'Crear una clave de API' }).click();
  const form = page.getByRole('form', { name: 'Nueva clave de API' });
  await form.getByLabel('Nombre').fill(keyName);
  await form.getByLabel('Persona de contacto').fill('ops@example.com');
  await form.getByLabel('Notas').fill('Lee la lista de servicios cada noche.');
  // The least a script needs: GET /services answers to any permission.
  await form.getByLabel('Rol').selectOption({ label: 'Informes (solo lectura)' });
  await form.getByRole('button', { name: 'Crear clave' }).click();

  // The secret, shown once, with the key id beside it.
  const panel = page.getByRole('article', { name: `Secreto de la clave ${keyName}` });
  await expect(panel).toBeVisible();
  await expect(panel.getByText('es la única vez que se muestra', { exact: false })).toBeVisible();
  const secret = await panel.getByLabel('Secreto').inputValue();
  const keyId = /Identificador de la clave: (ck_\S+)/.exec(await panel.getByText(/^Identificador de la clave:/).innerText())?.[1] ?? '';
  expect(secret).toMatch(/^cs_/);
  expect(keyId).toMatch(/^ck_/);
  await page.screenshot({ path: testInfo.outputPath('1-secret-shown-once.png'), fullPage: true });

  await panel.getByRole('button', { name: 'Ya lo guardé, cerrar' }).click();
  await expect(panel).toBeHidden();
  await expect(page.getByText(secret)).toHaveCount(0);
  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: keyName, exact: true }) });
  await expect(row.getByRole('cell', { name: keyId })).toBeVisible();
  await expect(row.getByRole('cell', { name: 'Sin uso', exact: true })).toBeVisible();

  // A script, outside the browser, with the key id and the secret.
  const services = await signedFetch(p.portalUrl, { keyId, secret }, { method: 'GET', path: '/api/v1/services?limit=5' });
  expect(services.status).toBe(200);
  expect((services.body as { items: { scid: string }[] }).items.map((service) => service.scid)).toEqual([p.demoScid]);

  // The wrong secret: one answer for every bad signature.
  const forged = await signedFetch(p.portalUrl, { keyId, secret: `${secret}x` }, { method: 'GET', path: '/api/v1/services' });
  expect(forged.status).toBe(401);
  expect((forged.body as ErrorBody).error.code).toBe('SIGNATURE_INVALID');
  // A good signature for one path does not open another.
  const headers = signedHeaders({ keyId, secret }, { method: 'GET', path: '/api/v1/services' });
  const moved = await fetch(`${p.portalUrl}/api/v1/access-groups`, { headers });
  expect(moved.status).toBe(401);

  // The key's group, as the script sees it; the inactivity warning mail links to its API-key page.
  const groups = await signedFetch(p.portalUrl, { keyId, secret }, { method: 'GET', path: '/api/v1/access-groups' });
  expect(groups.status).toBe(200);
  const groupId = (groups.body as { items: { id: string }[] }).items[0]?.id ?? '';
  await page.goto(`${p.portalUrl}/admin/api-keys?group=${encodeURIComponent(groupId)}`);
  await expect(page.getByRole('heading', { name: 'Claves de API', level: 1 })).toBeVisible();
  await expect(page.getByText('Grupo de acceso: Demo Media Co.')).toBeVisible();
  // The signed requests count as use.
  await expect(row.getByRole('cell', { name: 'Sin uso', exact: true })).toHaveCount(0);
  await expect(row.getByRole('cell', { name: 'Activa', exact: false })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('2-key-used.png'), fullPage: true });
});
