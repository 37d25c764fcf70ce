// The first thing a new user does: open the portal and sign in with the printed demo password.
import { expect, test } from '@playwright/test';
import { platform } from './platform.js';

// A Latin-American browser: the portal must choose Spanish on its own.
test.use({ locale: 'es-MX' });

test('a new user signs in to the Media portal with the printed demo password (Spanish from an es-MX browser)', async ({ page }, testInfo) => {
  const p = platform();
  const password = p.accounts['admin@demo.candela.test'];
  expect(password, 'candela start printed the demo admin password').toBeTruthy();
  await page.goto(`${p.portalUrl}/`);
  await page.getByLabel(/correo electrónico/i).fill('admin@demo.candela.test');
  await page.getByLabel(/contraseña/i).fill(password ?? '');
  await page.getByRole('button', { name: /iniciar sesión/i }).click();
  await expect(page.getByRole('heading', { name: 'Servicios' })).toBeVisible();
  await expect(page.getByText('Grupo de acceso: Demo Media Co.')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('signed-in.png'), fullPage: true });
});
