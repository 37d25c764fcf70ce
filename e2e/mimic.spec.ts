// Flow 3: the demo admin views the portal as another user of the organisation ("mimic"), sees the banner
// naming that user and the portal with that user's rights, and ends the mimic. The user is invited for
// the occasion; an invitee who has not chosen a password yet is an active user, so may be mimicked.
import { expect, test } from '@playwright/test';
import { platform } from './platform.js';
import { chooseMenuEntry, signIn } from './portal.js';
import { DEMO_ADMIN, demoAdminPassword, PortalApi, uniqueEmail } from './session.js';

test.use({ locale: 'es-MX' });

test('the admin mimics a user, sees the portal as them under a banner, and ends the mimic', async ({ page }, testInfo) => {
  const email = uniqueEmail('mimicked');
  const displayName = 'Marta Reportes';

  await signIn(page, DEMO_ADMIN, demoAdminPassword());
  // Set-up through the API, with the admin's own browser session.
  const target = await (await PortalApi.of(page)).inviteUser({ email, displayName, language: 'es', roleId: 'reporting' });

  await chooseMenuEntry(page, 'Menú principal', 'Administración del portal', 'Usuarios');
  const row = page.getByRole('row').filter({ hasText: email });
  // Nobody views the portal as themselves: the admin's own row has no such button.
  await expect(page.getByRole('row').filter({ hasText: DEMO_ADMIN }).getByRole('button', { name: 'Ver como este usuario' })).toHaveCount(0);
  await row.getByRole('button', { name: 'Ver como este usuario' }).click();

  const banner = page.getByRole('complementary', { name: 'Vista como otro usuario' });
  await expect(banner).toContainText(`Está viendo el portal como ${displayName} (${email})`);
  await expect(page.getByRole('heading', { name: 'Servicios', level: 1 })).toBeVisible();
  await expect(page.getByRole('rowheader', { name: platform().demoScid })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('1-mimicking.png'), fullPage: true });

  // With the user's rights, not the admin's: a read-only user may not manage users.
  await chooseMenuEntry(page, 'Menú principal', 'Administración del portal', 'Usuarios');
  await expect(page.getByRole('alert')).toHaveText('No tiene permiso para realizar esta acción.');
  await expect(page.getByRole('table')).toHaveCount(0);
  await expect(banner).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('2-mimicking-without-admin-rights.png'), fullPage: true });

  await banner.getByRole('button', { name: 'Terminar vista como usuario' }).click();
  await expect(banner).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Usuarios', level: 1 })).toBeVisible();
  await expect(row.getByRole('button', { name: 'Ver como este usuario' })).toBeVisible();

  // Both ends of the mimic are in the audit log, under the admin's name.
  await chooseMenuEntry(page, 'Menú principal', 'Administración del portal', 'Registro de auditoría');
  const entries = page.getByRole('row').filter({ hasText: target.id }).filter({ hasText: DEMO_ADMIN });
  await expect(entries.filter({ has: page.getByRole('cell', { name: 'mimic.start', exact: true }) })).toHaveCount(1);
  await expect(entries.filter({ has: page.getByRole('cell', { name: 'mimic.end', exact: true }) })).toHaveCount(1);
  await page.screenshot({ path: testInfo.outputPath('3-mimic-ended-audit-log.png'), fullPage: true });
});
