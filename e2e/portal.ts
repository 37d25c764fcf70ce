// What a person does in the Media portal, in either language, through what the page exposes to assistive
// technology (roles and names), never through CSS.
import { expect, type Page } from '@playwright/test';
import { platform } from './platform.js';

/** Signs in on the portal's sign-in page, in whichever language the page came up in. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${platform().portalUrl}/sign-in`);
  await page.getByLabel(/^(correo electrónico|e-mail address)$/i).fill(email);
  await page.getByLabel(/^(contraseña|password)$/i).fill(password);
  await page.getByRole('button', { name: /^(iniciar sesión|sign in)$/i }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}

/**
 * Opens a section of the main menu (a disclosure: a <details> group named after its summary) and follows
 * one of its links, e.g. ('Portal Admin', 'Users'). `menuName` is the navigation's name in the page language.
 */
export async function chooseMenuEntry(page: Page, menuName: string, section: string, entry: string): Promise<void> {
  const group = page.getByRole('navigation', { name: menuName }).getByRole('group', { name: section });
  const link = group.getByRole('link', { name: entry });
  await expect(link).toBeHidden();
  await group.click();
  await link.click();
  // Choosing an entry closes the menu.
  await expect(link).toBeHidden();
}

/** What <html lang> says (screen readers choose their voice by it). Evaluated as text: e2e/ has no DOM types. */
export function documentLanguage(page: Page): Promise<string> {
  return page.evaluate<string>('document.documentElement.lang');
}

/** The page's full width, including anything that sticks out sideways and would make it scroll. */
export function documentWidth(page: Page): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth');
}
