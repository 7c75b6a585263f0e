// Browser journeys of council reporting against the real `kurs` binary with demo data
// (two frozen reports, one open reporting round): a department answers its reporting duty
// and the officer approves it; a council member reads a report and its changes; anyone
// reads the public transparency page and a published report. Every page is checked with
// axe-core in German and English and saved under test-output/screenshots.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  axeViolations,
  formatViolations,
  launchBrowser,
  login,
  newPage,
  PASSWORD,
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
  await demoHasReports();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A JSON request as the officer (the API the app uses). */
async function asOfficer(method, path, body, headers = {}) {
  asOfficer.token ??= (
    await (
      await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'officer', password: PASSWORD }),
      })
    ).json()
  ).access_token;
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${asOfficer.token}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${await response.clone().text()}`);
  return response.status === 204 ? null : response.json();
}

/** The demo data brings two frozen reports (the second compares with the first) and an open round. */
async function demoHasReports() {
  const reports = await asOfficer('GET', '/api/v1/reports');
  assert.ok(reports.filter((r) => !r.withdrawn).length >= 2, 'two frozen reports in the demo');
  const rounds = await asOfficer('GET', '/api/v1/reporting-rounds');
  assert.ok(
    rounds.some((r) => r.state === 'open'),
    'an open reporting round in the demo',
  );
}

/** axe (German, then English via the language switch), screenshots, no foreign requests. */
async function checkPage(page, name, { enScreenshot = true } = {}) {
  await settled(page);
  for (const language of ['de', 'en']) {
    if (language === 'en') {
      await page.getByRole('button', { name: 'Switch to English' }).click();
      await page.getByRole('button', { name: 'Auf Deutsch wechseln' }).waitFor();
      await settled(page);
    }
    const violations = await axeViolations(page);
    assert.deepEqual(
      violations,
      [],
      `axe (${language}) on ${name}:\n${formatViolations(violations)}`,
    );
    if (language === 'de' || enScreenshot) await screenshot(page, `${name}-${language}`);
  }
  await page.getByRole('button', { name: 'Auf Deutsch wechseln' }).click();
  await page.getByRole('button', { name: 'Switch to English' }).waitFor();
  assert.deepEqual(page.foreignRequests, [], 'requests to other hosts');
  assert.deepEqual(page.pageErrors, [], 'script errors');
}

/** axe on the current state (German) and a viewport screenshot (dialogs, panels). */
async function checkState(page, name) {
  await settled(page);
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], `axe on ${name}:\n${formatViolations(violations)}`);
  await screenshot(page, name, { fullPage: false });
}

/** The row of `measure` in the changes table named `table`. */
function changeRow(panel, table, measure) {
  return panel
    .getByRole('table', { name: table, exact: true })
    .locator('tbody tr')
    .filter({
      has: panel
        .page()
        .getByRole('rowheader', { name: `${measure.code} ${measure.title}`, exact: true }),
    });
}

/** `YYYY-MM-DD` of today plus `days`. */
function isoIn(days) {
  const d = new Date(Date.now() + days * 86_400_000);
  return d.toISOString().slice(0, 10);
}

describe('reporting round', () => {
  it('the officer opens a round, the department answers (draft, submit), the officer approves', async () => {
    const title = 'Sachstand für den Bauausschuss (Browsertest)';
    const officer = await newPage(browser, base);
    await login(officer, base, 'officer');
    await officer.getByRole('link', { name: 'Berichtsrunden' }).click();
    await officer.getByRole('heading', { level: 1, name: 'Berichtsrunden' }).waitFor();
    await checkPage(officer, 'reporting-rounds');

    await officer.getByRole('button', { name: 'Berichtsrunde eröffnen' }).click();
    await officer.getByRole('heading', { level: 2, name: 'Berichtsrunde eröffnen' }).waitFor();
    await officer.getByLabel('Titel der Berichtsrunde').fill(title);
    await officer.getByLabel('Gremium').fill('Bau- und Umweltausschuss');
    await officer.getByLabel('Sitzungsdatum').fill(isoIn(30));
    await officer.getByLabel('Vorlagen-Nr.').fill('FB 4/077/2027');
    await officer.getByLabel('Frist für die Fachbereiche').fill(isoIn(14));
    await officer.getByLabel('Nachfrist in Tagen').fill('3');
    await checkState(officer, 'reporting-round-new-de');
    await officer.getByRole('button', { name: 'Berichtsrunde jetzt eröffnen' }).click();
    await officer.getByRole('heading', { level: 1, name: title }).waitFor();
    await officer.getByText('Die Berichtsrunde ist eröffnet.').waitFor();
    const roundUrl = officer.url();

    const editor = await newPage(browser, base);
    await login(editor, base, 'editor1');
    // The bell in the header names the number of unread notifications.
    const bell = editor.getByRole('button', { name: /^Benachrichtigungen: / });
    await bell.click();
    await editor.getByRole('heading', { name: 'Benachrichtigungen' }).waitFor();
    await checkState(editor, 'reporting-notifications-de');
    await editor.keyboard.press('Escape');
    assert.equal(await bell.getAttribute('aria-expanded'), 'false');

    await editor.getByRole('link', { name: 'Meine Aktualisierungen' }).click();
    const duties = editor.getByRole('table', { name: 'Offene Berichtspflichten' });
    await duties.waitFor();
    await checkPage(editor, 'reporting-duties');
    await screenshot(editor, 'reporting-duties-top-de', { fullPage: false });

    const answer = duties
      .locator('tbody tr')
      .filter({ hasText: title })
      .getByRole('link', { name: /^Antworten zu / })
      .first();
    const label = await answer.getAttribute('aria-label');
    const code = /^Antworten zu (.+)$/.exec(label)[1];
    await answer.click();
    await editor
      .getByRole('heading', { level: 1, name: new RegExp(`^Berichtspflicht: ${code} `) })
      .waitFor();
    await checkPage(editor, 'reporting-answer', { enScreenshot: false });

    await editor.getByRole('spinbutton', { name: 'Fortschritt in Prozent' }).fill('35');
    const text = `Sachstand zu ${code}: Pilot in zwei Bürgerbüros gestartet, Rollout im Herbst.`;
    await editor.getByLabel('Sachstand', { exact: true }).fill(text);
    await editor.getByRole('button', { name: 'Entwurf speichern' }).click();
    await editor.getByText('Der Entwurf wurde gespeichert').waitFor();
    assert.equal(await editor.getByLabel('Sachstand', { exact: true }).inputValue(), text);
    await screenshot(editor, 'reporting-answer-draft-de');

    await editor.getByRole('button', { name: 'Einreichen' }).click();
    await editor
      .getByRole('status')
      .filter({ hasText: `Ihre Antwort zu ${code} ist eingereicht.` })
      .waitFor();
    await editor.context().close();

    await officer.goto(roundUrl);
    await officer.getByRole('heading', { name: 'Berichtspflichten nach Fachbereich' }).waitFor();
    await checkPage(officer, 'reporting-round');
    await screenshot(officer, 'reporting-round-top-de', { fullPage: false });

    await officer.getByRole('button', { name: 'Erinnerungen jetzt senden' }).click();
    await officer
      .getByText(/Erinnerung|Benachrichtigungen und/)
      .first()
      .waitFor();

    await officer.getByRole('button', { name: `Prüfen: Antwort zu ${code}` }).click();
    const panel = officer.locator('.review-panel');
    await panel.getByText(text).waitFor();
    await panel.scrollIntoViewIfNeeded();
    await checkState(officer, 'reporting-review-de');

    // Returning needs a comment.
    await panel.getByRole('button', { name: 'Zurückgeben' }).click();
    await panel.getByText('Bitte begründen Sie die Rückgabe in einem Kommentar.').waitFor();
    await panel.getByRole('button', { name: 'Freigeben' }).click();
    await officer
      .getByRole('status')
      .filter({ hasText: `Die Antwort zu ${code} ist freigegeben` })
      .waitFor();

    // The freeze dialog explains that a report cannot change afterwards.
    await officer.getByRole('button', { name: 'Bericht einfrieren' }).click();
    const dialog = officer.getByRole('dialog', { name: 'Sachstandsbericht einfrieren' });
    await dialog.getByText(/kann danach nicht mehr geändert werden/).waitFor();
    await checkState(officer, 'reporting-freeze-dialog-de');
    await dialog.getByRole('button', { name: 'Abbrechen' }).click();
    await dialog.waitFor({ state: 'detached' });

    // The approved answer is now the measure's latest status update.
    await officer.getByRole('link', { name: code, exact: true }).first().click();
    await officer.getByRole('heading', { name: 'Sachstandsmeldungen' }).waitFor();
    await officer.getByText(text).first().waitFor();
    await officer.context().close();
  });
});

describe('council reports', () => {
  it('a council member opens the latest report and the changes since the last one', async () => {
    const page = await newPage(browser, base);
    await login(page, base, 'council');
    await page.getByRole('link', { name: 'Berichte' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sachstandsberichte' }).waitFor();
    await checkPage(page, 'reports');
    const links = page.locator('.report-list li:not(.withdrawn) > a');
    assert.ok((await links.count()) >= 2, 'the demo data has two frozen reports');
    // The newest meeting comes first: the demo's second report, which has a predecessor.
    const title = await links.first().innerText();
    await links.first().click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    const reportId = Number(/\/berichte\/(\d+)/.exec(page.url())[1]);
    const changes = await asOfficer('GET', `/api/v1/reports/${reportId}/changes`);
    assert.ok(changes.previous_report, 'the newest demo report compares with the earlier one');
    await page.getByRole('heading', { name: 'Handlungsfelder' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Bericht zurückziehen' }).count(), 0);
    await checkPage(page, 'report');
    await screenshot(page, 'report-top-de', { fullPage: false });

    await page.getByRole('tab', { name: 'Änderungen seit dem letzten Bericht' }).click();
    await page.waitForURL(/ansicht=aenderungen/);
    const panel = page.getByRole('tabpanel');
    await panel.getByText('Verglichen mit').waitFor();
    await panel.getByRole('link', { name: changes.previous_report.title }).waitFor();
    await panel
      .getByRole('heading', { name: `Fortschritt (${changes.progress_changes.length})` })
      .waitFor();
    // Real entries: the biggest progress change and a status change, as the API computed them.
    assert.ok(changes.progress_changes.length > 0, 'the demo reports differ in progress');
    const top = [...changes.progress_changes].sort(
      (a, b) => Math.abs(b.delta) - Math.abs(a.delta),
    )[0];
    const progressRow = changeRow(panel, 'Fortschritt', top.measure);
    await progressRow.waitFor();
    const progressText = await progressRow.innerText();
    assert.match(progressText, new RegExp(`${top.from}\\s%`));
    assert.match(progressText, new RegExp(`${top.to}\\s%`));
    assert.match(
      progressText,
      new RegExp(`${top.delta > 0 ? '\\+' : '−'}${Math.abs(top.delta)} Prozentpunkte`),
    );
    assert.ok(changes.status_changes.length > 0, 'the demo reports differ in a status');
    const status = changes.status_changes[0];
    const statusText = await changeRow(panel, 'Statusänderungen', status.measure).innerText();
    assert.ok(
      statusText.includes(status.from.name) && statusText.includes(status.to.name),
      `status change row: ${statusText}`,
    );
    await checkPage(page, 'report-changes');
    await screenshot(page, 'report-changes-top-de', { fullPage: false });

    // Keyboard: arrow keys move between the tabs.
    await page.getByRole('tab', { name: 'Änderungen seit dem letzten Bericht' }).focus();
    await page.keyboard.press('ArrowLeft');
    await page.getByRole('tab', { name: 'Bericht', exact: true, selected: true }).waitFor();

    // The JSON export is exactly the bytes the content hash covers.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Als JSON' }).click();
    const file = await download;
    assert.match(file.suggestedFilename(), /\.json$/);
    await page.getByText(/Heruntergeladen:/).waitFor();
    await page.context().close();
  });
});

describe('public transparency page', () => {
  it('anyone opens /oeffentlich and a published report', async () => {
    const page = await newPage(browser, base);
    await page.goto(`${base}/oeffentlich`);
    await page
      .getByRole('heading', { level: 1, name: 'Digitalisierung: öffentlicher Sachstand' })
      .waitFor();
    await page.getByRole('table', { name: 'Veröffentlichte Maßnahmen' }).waitFor();
    await checkPage(page, 'public');
    await screenshot(page, 'public-top-de', { fullPage: false });

    // Filter by Handlungsfeld.
    const rows = page.getByRole('table', { name: 'Veröffentlichte Maßnahmen' }).locator('tbody tr');
    const all = await rows.count();
    await page.getByLabel('Handlungsfeld').selectOption({ index: 1 });
    const some = await rows.count();
    assert.ok(some > 0 && some <= all, `filter: ${some} of ${all}`);

    const pdf = page.getByRole('link', { name: /^PDF herunterladen: / }).first();
    const href = await pdf.getAttribute('href');
    const response = await page.request.get(new URL(href, base).toString());
    assert.equal(response.status(), 200);
    assert.match(response.headers()['content-type'], /application\/pdf/);

    const report = page.locator('section[aria-labelledby="public-reports"] li > a').first();
    const title = await report.innerText();
    await report.click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await page.getByRole('heading', { name: 'Handlungsfelder' }).waitFor();
    await checkPage(page, 'public-report');
    await page.getByRole('tab', { name: 'Änderungen seit dem letzten Bericht' }).click();
    const changes = page.getByRole('tabpanel');
    await changes.getByText('Verglichen mit').waitFor();
    assert.ok(
      (await changes
        .getByRole('table', { name: 'Fortschritt', exact: true })
        .locator('tbody tr')
        .count()) > 0,
      'the published report lists progress changes',
    );
    await checkPage(page, 'public-report-changes');
    await page.getByRole('tab', { name: 'Bericht', exact: true }).click();
    // No names of people on the public page.
    const body = await page.locator('main').innerText();
    for (const name of ['Dana Digital', 'Ines IT', 'Bernd Bürgerbüro'])
      assert.ok(!body.includes(name), `no personal names on the public page (${name})`);
    await page.context().close();
  });
});
