import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { components } from '../../lib/api/schema';
import { FakeApi, FakeResponse } from '../../test/fakeApi';
import { referenceApi, users } from '../../test/fixtures';
import { renderApp } from '../../test/render';

type ImportReport = components['schemas']['ImportReport'];

interface SentRequest {
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

/** XMLHttpRequest as the page uses it: upload progress, then the answer. */
class FakeXhr {
  static sent: SentRequest[] = [];
  static answer: (url: string) => { status: number; body: unknown } = () => ({
    status: 500,
    body: undefined,
  });
  upload: {
    onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null;
  } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  status = 0;
  responseText = '';
  private url = '';
  private headers: Record<string, string> = {};

  open(_method: string, url: string) {
    this.url = url;
  }

  setRequestHeader(name: string, value: string) {
    this.headers[name.toLowerCase()] = value;
  }

  send(body: unknown) {
    FakeXhr.sent.push({ url: this.url, headers: this.headers, body });
    setTimeout(() => {
      this.upload.onprogress?.({ lengthComputable: true, loaded: 50, total: 100 });
      const answer = FakeXhr.answer(this.url);
      this.status = answer.status;
      this.responseText = answer.body === undefined ? '' : JSON.stringify(answer.body);
      this.onload?.();
    }, 0);
  }
}

function report(overrides: Partial<ImportReport> = {}): ImportReport {
  return {
    dry_run: true,
    applied: false,
    format: 'csv',
    rows: 3,
    created: [{ row: 4, code: 'M-010', title: 'Open-Data-Portal' }],
    updated: [
      {
        row: 2,
        code: 'M-001',
        changes: [
          { field: 'planned_end', column: 'Ende (geplant)', from: '30.06.2027', to: '31.12.2027' },
        ],
      },
    ],
    unchanged: 1,
    errors: [],
    warnings: [
      {
        row: 1,
        column: 'Bemerkung',
        cell: null,
        code: 'unknown_column',
        message: 'Die Spalte „Bemerkung“ ist unbekannt und wird nicht übernommen.',
      },
    ],
    ...overrides,
  };
}

const csv = () =>
  new File(['Kennung;Titel;Ende (geplant)\nM-001;E-Akte;31.12.2027\n'], 'plan.csv', {
    type: 'text/csv',
  });

beforeEach(() => {
  FakeXhr.sent = [];
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

async function openPage(api = referenceApi(new FakeApi())) {
  const utils = await renderApp({ api, user: users.officer, route: '/admin/import-export' });
  await screen.findByRole('heading', { level: 1, name: 'Maßnahmen importieren und exportieren' });
  return utils;
}

describe('Verwaltung: Import/Export', () => {
  it('is reachable from the administration navigation', async () => {
    await openPage();
    const nav = screen.getByRole('navigation', { name: 'Bereiche der Verwaltung' });
    expect(within(nav).getByRole('link', { name: 'Import/Export' })).toHaveAttribute(
      'href',
      '/admin/import-export',
    );
  });

  it('checks a file, shows the planned changes and applies them on confirmation', async () => {
    FakeXhr.answer = (url) =>
      url.endsWith('dry_run=true')
        ? { status: 200, body: report() }
        : { status: 200, body: report({ dry_run: false, applied: true }) };
    await openPage();
    await userEvent.upload(screen.getByLabelText('Datei (CSV oder Excel, höchstens 10 MB)'), csv());
    await userEvent.click(screen.getByRole('button', { name: 'Datei prüfen' }));

    const heading = await screen.findByRole('heading', { name: 'Ergebnis der Prüfung' });
    await waitFor(() => expect(heading).toHaveFocus());
    expect(screen.getByText('3 Zeilen gelesen: 1 neu, 1 geändert, 1 unverändert.')).toBeVisible();
    const changes = screen.getByRole('table', { name: 'Geplante Änderungen' });
    expect(within(changes).getByRole('row', { name: /M-001 Ende \(geplant\)/ })).toHaveTextContent(
      '30.06.202731.12.2027',
    );
    expect(screen.getByRole('table', { name: 'Neue Maßnahmen' })).toHaveTextContent(
      'Open-Data-Portal',
    );
    expect(screen.getByRole('table', { name: 'Hinweise' })).toHaveTextContent('Bemerkung');

    const [check] = FakeXhr.sent;
    expect(check?.url).toBe('http://localhost:3000/api/v1/measures/import?dry_run=true');
    expect(check?.headers['content-type']).toBe('text/csv');
    expect(check?.headers.authorization).toMatch(/^Bearer /);

    await userEvent.click(screen.getByRole('button', { name: 'Änderungen übernehmen' }));
    const done = await screen.findByRole('heading', { name: 'Änderungen übernommen' });
    await waitFor(() => expect(done).toHaveFocus());
    expect(
      screen.getByText('Übernommen: 1 Maßnahmen angelegt, 1 Maßnahmen geändert.'),
    ).toBeVisible();
    expect(FakeXhr.sent[1]?.url).toMatch(/dry_run=false$/);
    expect(screen.queryByRole('button', { name: 'Änderungen übernehmen' })).toBeNull();
  });

  it('lists errors by row and column and offers nothing to apply', async () => {
    FakeXhr.answer = () => ({
      status: 422,
      body: report({
        format: 'xlsx',
        created: [],
        updated: [],
        warnings: [],
        errors: [
          {
            row: 3,
            column: 'Ende (geplant)',
            cell: 'D3',
            code: 'invalid_date',
            message: '„32.13.2026“ ist kein Datum (erwartet z. B. 31.12.2026 oder 2026-12-31).',
          },
        ],
      }),
    });
    await openPage();
    await userEvent.upload(screen.getByLabelText(/^Datei/), csv());
    await userEvent.click(screen.getByRole('button', { name: 'Datei prüfen' }));
    const errors = await screen.findByRole('table', { name: 'Fehler' });
    const row = within(errors).getAllByRole('row')[1];
    expect(row).toHaveTextContent('3');
    expect(row).toHaveTextContent('Ende (geplant) (D3)');
    expect(row).toHaveTextContent('32.13.2026');
    expect(
      screen.getByText(/Die Datei enthält Fehler \(1\)\. Es wurde nichts geändert/),
    ).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Änderungen übernehmen' })).toBeNull();
    expect(screen.queryByRole('table', { name: 'Geplante Änderungen' })).toBeNull();
  });

  it('names a file that is not a spreadsheet', async () => {
    FakeXhr.answer = () => ({
      status: 415,
      body: { type: '/problems/legacy_excel', title: 'x', status: 415, code: 'legacy_excel' },
    });
    await openPage();
    await userEvent.upload(
      screen.getByLabelText(/^Datei/),
      new File(['x'], 'alt.xlsx', { type: '' }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Datei prüfen' }));
    expect(
      await screen.findByText(/Das alte Excel-Format \(\.xls\) wird nicht unterstützt/),
    ).toBeVisible();
  });

  it('asks for a file before uploading', async () => {
    await openPage();
    await userEvent.click(screen.getByRole('button', { name: 'Datei prüfen' }));
    const input = screen.getByLabelText(/^Datei/);
    expect(input).toHaveFocus();
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAccessibleDescription(/Bitte wählen Sie eine Datei aus\./);
    expect(FakeXhr.sent).toHaveLength(0);
  });

  it('downloads the export', async () => {
    const createObjectURL = vi.fn(() => 'blob:kurs');
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }));
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    const api = referenceApi(new FakeApi()).on(
      'get',
      '/api/v1/measures/export',
      () =>
        new FakeResponse(200, 'Kennung;Titel', {
          'content-disposition': 'attachment; filename="massnahmen-2026-11-28.csv"',
        }),
    );
    await openPage(api);
    await userEvent.click(screen.getByRole('button', { name: 'Als CSV herunterladen' }));
    expect(
      await screen.findByText('Die Datei „massnahmen-2026-11-28.csv“ wurde heruntergeladen.'),
    ).toBeVisible();
    expect(api.callsTo('get', '/api/v1/measures/export')[0]?.search).toBe('?format=csv');
    expect(createObjectURL).toHaveBeenCalled();
    expect(click).toHaveBeenCalled();
  });
});
