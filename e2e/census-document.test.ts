import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/server/demo/load.js';
import { demoForTests, logInAt, openPage, shot, textOf, typeDate, visible } from './pages.js';

/** LibreOffice, where the machine has it: the report is also turned into a PDF, as an official would print it. */
const SOFFICE = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((p) => existsSync(p));

const BRIEF =
  'Tính đến tháng 4-2018, toàn tỉnh có 2.596 Tổ nhân dân tự quản với 4.425 thành viên, 20 đội dân phòng với 373 thành viên, 76 tổ an ninh xung kích với 612 thành viên và 113 tộc họ tự quản về ANTT.';

/** The text of each paragraph of a .docx (a line break inside one reads as a space). */
async function paragraphsOf(file: Buffer): Promise<string[]> {
  const xml = (await (await JSZip.loadAsync(file)).file('word/document.xml')?.async('string')) ?? '';
  return xml
    .split('</w:p>')
    .map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:br\/>/g)].map((m) => m[1] ?? ' ').join(''))
    .filter((p) => p !== '');
}

const demo = demoForTests();

async function openDialog(page: Page): Promise<Locator> {
  await logInAt(page, `${demo.url}/census?unit=58&date=2018-04`, { username: 'tinh.khanhhoa', password: DEMO_PASSWORD });
  await textOf(page.getByTestId('census-sentence')).toBe(BRIEF);
  await page.getByRole('button', { name: 'Tải báo cáo (.docx)' }).click();
  const dialog = page.getByRole('dialog', { name: 'Báo cáo theo thể thức văn bản hành chính' });
  await visible(dialog);
  return dialog;
}

describe('the census as a report (.docx)', () => {
  it('downloads the April 2018 report of Ninh Thuận with the header the user fills in', async () => {
    const { context, page } = await openPage(demo.browser);
    const dialog = await openDialog(page);
    // Prefilled: the place from the area, the Steering Committee, the head of it.
    expect(await dialog.getByRole('textbox', { name: 'Địa danh' }).inputValue()).toBe('Ninh Thuận');
    expect(await dialog.getByRole('textbox', { name: 'Cơ quan ban hành' }).inputValue()).toMatch(/^BAN CHỈ ĐẠO PHÒNG, CHỐNG TỘI PHẠM/);
    expect(await dialog.getByRole('textbox', { name: 'Chức vụ người ký' }).inputValue()).toBe('TRƯỞNG BAN');

    await dialog.getByRole('textbox', { name: 'Số văn bản' }).fill('12');
    await typeDate(dialog, 'Ngày ký', '11/5/2018');
    await dialog.getByRole('textbox', { name: 'Họ và tên người ký' }).fill('Lê Văn Bình');
    if (process.env.SHOTS) await page.waitForTimeout(500); // the dialog's opening transition
    await shot(page, 'census-document-1366.png', false);
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Tải báo cáo', exact: true }).click()]);
    expect(download.suggestedFilename()).toBe('bao-cao-mo-hinh-58-2018-04.docx');
    await dialog.waitFor({ state: 'hidden' });
    const file = readFileSync((await download.path())!);

    const p = await paragraphsOf(file);
    expect(p.slice(0, 4)).toEqual([
      'UBND TỈNH NINH THUẬN',
      'BAN CHỈ ĐẠO PHÒNG, CHỐNG TỘI PHẠM, TỆ NẠN XÃ HỘI VÀ XÂY DỰNG PHONG TRÀO TOÀN DÂN BẢO VỆ AN NINH TỔ QUỐC',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
    ]);
    expect(p).toEqual(expect.arrayContaining(['Số: 12/BC-BCĐ', 'Ninh Thuận, ngày 11 tháng 5 năm 2018', 'BÁO CÁO', BRIEF, 'Lê Văn Bình']));
    expect(p).toContain('Kết quả xây dựng các mô hình quần chúng tự quản về an ninh, trật tự, tính đến tháng 4-2018');

    // Printed as an official would: LibreOffice makes a PDF of one page or more.
    if (SOFFICE) {
      const dir = mkdtempSync(join(tmpdir(), 'tq-docx-'));
      try {
        const docx = join(dir, 'bao-cao.docx');
        execFileSync('cp', [(await download.path())!, docx]);
        execFileSync(SOFFICE, ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'pdf', '--outdir', dir, docx], { timeout: 120_000, stdio: 'ignore' });
        const pdf = readFileSync(join(dir, 'bao-cao.pdf')).toString('latin1');
        expect(pdf.startsWith('%PDF')).toBe(true);
        expect(Number(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)/.exec(pdf)?.[1] ?? /\/Count\s+(\d+)/.exec(pdf)?.[1])).toBeGreaterThanOrEqual(1);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    await context.close();
  });

  it('shows the header fields full screen on a phone, and a refusal in the dialog', async () => {
    const { context, page } = await openPage(demo.browser, { width: 390, height: 844 });
    const dialog = await openDialog(page);
    if (process.env.SHOTS) await page.waitForTimeout(500); // the dialog's opening transition
    await shot(page, 'census-document-390.png', false);
    // The session ends while the dialog is open: the server's refusal shows in it, nothing is saved.
    await context.clearCookies();
    await dialog.getByRole('button', { name: 'Tải báo cáo', exact: true }).click();
    await textOf(dialog.getByRole('alert')).toContain('Bạn chưa đăng nhập hoặc phiên làm việc đã hết hạn.');
    await context.close();
  });
});
