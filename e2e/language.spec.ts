// Flow 4: a user switches the portal between Spanish and English with the header switch; the labels change
// at once, and the choice survives a reload (it is also saved as the user's preferred language). Then the
// same portal on a 375 px wide phone: menus and tools fold behind one button and stay usable.
import { expect, test, type Page } from '@playwright/test';
import { chooseMenuEntry, documentLanguage, documentWidth, signIn } from './portal.js';
import { acceptInvitationByApi, DEMO_ADMIN, demoAdminPassword, PortalApi, uniqueEmail } from './session.js';

// An English browser, for a user whose preferred language is Spanish.
test.use({ locale: 'en-US' });

const SPANISH = { heading: 'Servicios', menu: 'Menú principal', admin: 'Administración del portal', switch: 'Idioma' };
const ENGLISH = { heading: 'Services', menu: 'Main menu', admin: 'Portal Admin', switch: 'Language' };

async function expectLanguage(page: Page, labels: typeof SPANISH, code: 'es' | 'en'): Promise<void> {
  await expect(page.getByRole('heading', { name: labels.heading, level: 1 })).toBeVisible();
  await expect(page.getByRole('navigation', { name: labels.menu }).getByRole('group', { name: labels.admin })).toBeAttached();
  await expect(page.getByRole('combobox', { name: labels.switch })).toHaveValue(code);
  // Set by an effect after the render, so polled.
  await expect.poll(() => documentLanguage(page)).toBe(code);
}

test('a user switches the language in the header, keeps it across a reload, and on a 375 px screen', async ({ page }, testInfo) => {
  // A user of their own (the demo admin's language stays as the other flows expect it).
  const email = uniqueEmail('polyglot');
  const password = 'cambia el idioma 2026';
  const admin = await PortalApi.signIn(DEMO_ADMIN, demoAdminPassword());
  try {
    await admin.inviteUser({ email, displayName: 'Paula Políglota', language: 'es', roleId: 'reporting' });
  } finally {
    await admin.dispose();
  }
  await acceptInvitationByApi(email, password);

  await test.step('signed in, the preferred language (Spanish) wins over the browser (English)', async () => {
    await signIn(page, email, password);
    await expectLanguage(page, SPANISH, 'es');
    await page.screenshot({ path: testInfo.outputPath('1-spanish.png'), fullPage: true });
  });

  await test.step('es → en: the labels change at once and survive a reload', async () => {
    await page.getByRole('combobox', { name: 'Idioma' }).selectOption({ label: 'English' });
    await expectLanguage(page, ENGLISH, 'en');
    await page.reload();
    await expectLanguage(page, ENGLISH, 'en');
    // Saved as the user's preference too, so it follows them to another browser and into their mail.
    const session = await (await PortalApi.of(page)).get<{ user: { language: string } }>('/auth/session');
    expect(session.user.language).toBe('en');
    await page.screenshot({ path: testInfo.outputPath('2-english-after-reload.png'), fullPage: true });
  });

  await test.step('en → es, and again after a reload', async () => {
    await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'Español' });
    await expectLanguage(page, SPANISH, 'es');
    await page.reload();
    await expectLanguage(page, SPANISH, 'es');
  });

  await test.step('at 375 px the menus fold behind one button and still work', async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    const toggle = page.getByRole('button', { name: 'Menú', exact: true });
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await expect(page.getByRole('navigation', { name: 'Menú principal' })).toBeHidden();
    await expect(page.getByRole('combobox', { name: 'Idioma' })).toBeHidden();
    // Nothing wider than the screen: no sideways scrolling.
    expect(await documentWidth(page)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: testInfo.outputPath('3-phone-menu-folded.png'), fullPage: true });

    await toggle.click();
    const close = page.getByRole('button', { name: 'Cerrar menú', exact: true });
    await expect(close).toHaveAttribute('aria-expanded', 'true');
    await expect(page.getByRole('navigation', { name: 'Menú principal' })).toBeVisible();
    await page.getByRole('navigation', { name: 'Menú principal' }).getByRole('group', { name: 'Mis servicios' }).click();
    expect(await documentWidth(page)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: testInfo.outputPath('4-phone-menu-open.png'), fullPage: true });

    // Following an entry closes the panel.
    await page.getByRole('navigation', { name: 'Menú principal' }).getByRole('link', { name: 'Certificados' }).click();
    await expect(page.getByRole('heading', { name: 'Certificados', level: 1 })).toBeVisible();
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');

    // The tools in the panel work too: the language switch, then a menu in the new language.
    await toggle.click();
    await page.getByRole('combobox', { name: 'Idioma' }).selectOption({ label: 'English' });
    await expect(page.getByRole('heading', { name: 'Certificates', level: 1 })).toBeVisible();
    await chooseMenuEntry(page, 'Main menu', 'My Services', 'Services');
    await expect(page.getByRole('heading', { name: 'Services', level: 1 })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Menu', exact: true })).toHaveAttribute('aria-expanded', 'false');
    await page.screenshot({ path: testInfo.outputPath('5-phone-after-navigation.png'), fullPage: true });
  });
});
