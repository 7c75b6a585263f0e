// Browser journey of the measure import (Import/Export in the administration): the
// officer downloads the CSV export, uploads a small German CSV of their own, reads the
// dry run (planned changes, a new measure, an unknown column), applies it and finds the
// change in the measure list. Axe (WCAG 2.1 AA) in German and English on the page with a
// result; no foreign requests, no script errors.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  axeViolations,
  formatViolations,
  launchBrowser,
  login,
  newPage,
  screenshot,
  settled,
  startServer,
} from './harness.mjs';

let server;
let browser;
let base;

before(async () => {
  server = await startServer();
  base = server.baseUrl;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function noViolations(page, name) {
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], `axe on ${name}:\n${formatViolations(violations)}`);
}

describe('measure import (officer)', () => {
  it('downloads the export, checks a German CSV, applies it and sees the change', async () => {
    const page = await newPage(browser, base);
    await login(page, base, 'officer');
    await page.getByRole('link', { name: 'Verwaltung' }).click();
    await page
      .getByRole('navigation', { name: 'Bereiche der Verwaltung' })
      .getByRole('link', { name: 'Import/Export' })
      .click();
    await page
      .getByRole('heading', { level: 1, name: 'Maßnahmen importieren und exportieren' })
      .waitFor();
    await settled(page);
    await noViolations(page, 'import-export (empty)');

    // The export: a CSV for German Excel.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Als CSV herunterladen' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^massnahmen-\d{4}-\d{2}-\d{2}\.csv$/);
    const exported = readFileSync(await download.path(), 'utf8');
    assert.ok(exported.startsWith('\uFEFFKennung;Titel;Beschreibung;Ziele;Federführung'));
    assert.match(exported, /M-001;Online-Terminvergabe im Bürgerbüro;/);

    // A hand-made sheet: own column names and order, German date and percent, an extra column.
    const dir = mkdtempSync(join(tmpdir(), 'kurs-import-'));
    const file = join(dir, 'massnahmenplan.csv');
    writeFileSync(
      file,
      [
        'Kennung;Maßnahme;Ziele;Federführung;Fertigstellung (geplant);Fortschritt in %;Bemerkung',
        'M-001;Online-Terminvergabe im Bürgerbüro und Standesamt;HF1.2;FB 3.1;31.12.2027;;geprüft',
        ';Bürgerportal-Testimport;HF1.2;FB 3.1;30.06.2027;10 %;neu',
        '',
      ].join('\r\n'),
    );
    await page.getByLabel('Datei (CSV oder Excel, höchstens 10 MB)').setInputFiles(file);
    await page.getByRole('button', { name: 'Datei prüfen' }).click();
    await page.getByRole('heading', { name: 'Ergebnis der Prüfung' }).waitFor();
    const planned = page.getByRole('table', { name: 'Geplante Änderungen' });
    assert.match(
      await planned.innerText(),
      /M-001\s+Maßnahme\s+Online-Terminvergabe im Bürgerbüro\s+Online-Terminvergabe im Bürgerbüro und Standesamt/,
    );
    assert.match(
      await page.getByRole('table', { name: 'Neue Maßnahmen' }).innerText(),
      /Bürgerportal-Testimport/,
    );
    assert.match(await page.getByRole('table', { name: 'Hinweise' }).innerText(), /Bemerkung/);
    await settled(page);
    await noViolations(page, 'import-export (dry run)');
    await screenshot(page, 'import-export-dry-run-de');
    // The same result in English.
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { name: 'Result of the check' }).waitFor();
    await noViolations(page, 'import-export (dry run, en)');
    await screenshot(page, 'import-export-dry-run-en');
    await page.getByRole('button', { name: 'Auf Deutsch wechseln' }).click();
    await page.getByRole('heading', { name: 'Ergebnis der Prüfung' }).waitFor();

    await page.getByRole('button', { name: 'Änderungen übernehmen' }).click();
    await page.getByRole('heading', { name: 'Änderungen übernommen' }).waitFor();
    await page.getByText('Übernommen: 1 Maßnahmen angelegt, 1 Maßnahmen geändert.').waitFor();
    await screenshot(page, 'import-export-applied-de');

    // The measure list shows the changed and the new measure.
    await page.locator('nav.app-nav').getByRole('link', { name: 'Maßnahmen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Maßnahmen' }).waitFor();
    for (const [query, title] of [
      ['Standesamt', 'Online-Terminvergabe im Bürgerbüro und Standesamt'],
      ['Testimport', 'Bürgerportal-Testimport'],
    ]) {
      await page.locator('#f-q').fill(query);
      await page.locator('#f-q').press('Enter');
      await page.getByRole('cell', { name: title, exact: true }).waitFor();
    }

    assert.deepEqual(page.foreignRequests, [], 'requests to other hosts');
    assert.deepEqual(page.pageErrors, [], 'script errors');
    await page.context().close();
  });
});
