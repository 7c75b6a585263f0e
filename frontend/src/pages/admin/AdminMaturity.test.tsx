import { describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { components } from '../../lib/api/schema';
import { FakeApi, problem, reply } from '../../test/fakeApi';
import { referenceApi, userViews, users } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import * as download from '../../lib/download';

type S = components['schemas'];

const model: S['ModelSummary'] = {
  id: 1,
  key: 'kurs-kommunal',
  name: 'Kurs-Standardmodell',
  description: 'Acht Dimensionen',
  model_version: 1,
  aggregation_rule: 'weighted_mean',
  dimension_count: 8,
  frozen: true,
  latest: true,
  version: 2,
  updated_at: '2026-01-01T10:00:00Z',
};

function modelView(overrides: Partial<S['ModelView']> = {}): S['ModelView'] {
  return {
    id: 2,
    key: 'kurs-kommunal',
    name: 'Kurs-Standardmodell',
    description: 'Acht Dimensionen',
    model_version: 2,
    aggregation_rule: 'weighted_mean',
    levels: { min: 0, max: 4, labels: [] },
    dimensions: [],
    frozen: false,
    rounds_using: 0,
    based_on_id: 1,
    version: 1,
    created_at: '2026-11-28T10:00:00Z',
    updated_at: '2026-11-28T10:00:00Z',
    ...overrides,
  };
}

function round(state: S['RoundState'], overrides: Partial<S['RoundView']> = {}): S['RoundView'] {
  return {
    id: 3,
    title: 'Reifegraderhebung 2026',
    description: '',
    round_date: '2026-10-01',
    state,
    model: {
      id: 1,
      key: 'kurs-kommunal',
      name: 'Kurs-Standardmodell',
      model_version: 1,
      aggregation_rule: 'weighted_mean',
      dimension_count: 8,
    },
    includes_administration: false,
    department_ids: [1, 2],
    completion: { expected: 16, assessed: 16 },
    submitted_at: state === 'open' ? null : '2026-11-01T09:00:00Z',
    submitted_by: state === 'open' ? null : 2,
    version: 3,
    created_at: '2026-10-01T10:00:00Z',
    updated_at: '2026-11-01T09:00:00Z',
    ...overrides,
  };
}

function api(state: S['RoundState'] = 'submitted') {
  return referenceApi(new FakeApi())
    .on('get', '/api/v1/users', () => userViews)
    .on('get', '/api/v1/maturity/models', () => [model])
    .on('get', '/api/v1/maturity/rounds', () => [round(state)]);
}

describe('Verwaltung: Reifegrad', () => {
  it('the officer approves a submitted round with If-Match', async () => {
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    const fake = api().on('post', '/api/v1/maturity/rounds/{id}/approve', () =>
      reply(200, round('approved'), { etag: '"v4"' }),
    );
    await renderApp({ api: fake, user: users.officer, route: '/admin/maturity' });
    const table = await screen.findByRole('table', { name: 'Erhebungen' });
    expect(table).toHaveTextContent('eingereicht');
    expect(await within(table).findByText(/von Olga Officer/)).toBeVisible();
    await userEvent.click(
      within(table).getByRole('button', { name: '„Reifegraderhebung 2026“ freigeben' }),
    );
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Die Erhebung „Reifegraderhebung 2026“ wurde freigegeben.',
    );
    const [call] = fake.callsTo('post', '/api/v1/maturity/rounds/3/approve');
    expect(call?.headers.get('if-match')).toBe('"v3"');
  });

  it('the admin submits but neither approves nor reopens', async () => {
    await renderApp({ api: api(), user: users.admin, route: '/admin/maturity' });
    const table = await screen.findByRole('table', { name: 'Erhebungen' });
    expect(within(table).queryByRole('button', { name: /freigeben/ })).toBeNull();
    expect(within(table).queryByRole('button', { name: /wieder öffnen/ })).toBeNull();
    expect(table).toHaveTextContent('Freigabe durch die bzw. den Digitalisierungsbeauftragten');
  });

  it('submitting a round in the wrong state explains the 409', async () => {
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    const fake = api('open').on('post', '/api/v1/maturity/rounds/{id}/submit', () =>
      problem(409, 'conflict', {
        errors: [{ field: 'state', code: 'conflict', message: 'the round is submitted' }],
      }),
    );
    await renderApp({ api: fake, user: users.admin, route: '/admin/maturity' });
    await userEvent.click(
      await screen.findByRole('button', { name: '„Reifegraderhebung 2026“ einreichen' }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Die Erhebung ist nicht (mehr) in dem Zustand, den diese Aktion voraussetzt.',
    );
  });

  it('reopening needs a written reason', async () => {
    const fake = api().on('post', '/api/v1/maturity/rounds/{id}/reopen', () =>
      reply(200, round('open'), { etag: '"v4"' }),
    );
    await renderApp({ api: fake, user: users.officer, route: '/admin/maturity' });
    await userEvent.click(
      await screen.findByRole('button', { name: '„Reifegraderhebung 2026“ wieder öffnen' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Erhebung wieder öffnen: Reifegraderhebung 2026',
    });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Wieder öffnen' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Begründung');
    await userEvent.type(
      within(dialog).getByLabelText(/^Begründung/),
      'FB 2 hat die Einschätzung korrigiert.',
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Wieder öffnen' }));
    expect(await screen.findByRole('status')).toHaveTextContent('ist wieder offen');
    const [call] = fake.callsTo('post', '/api/v1/maturity/rounds/3/reopen');
    expect(call?.body).toEqual({ reason: 'FB 2 hat die Einschätzung korrigiert.' });
    expect(call?.headers.get('if-match')).toBe('"v3"');
  });

  it('creates a round with the latest model version and the chosen departments', async () => {
    const fake = api().on('post', '/api/v1/maturity/rounds', ({ body }) =>
      reply(201, round('open', { id: 4, title: body.title })),
    );
    await renderApp({ api: fake, user: users.officer, route: '/admin/maturity' });
    await userEvent.click(await screen.findByRole('button', { name: 'Neue Erhebung anlegen' }));
    const dialog = await screen.findByRole('dialog', { name: 'Neue Erhebung anlegen' });
    await userEvent.type(within(dialog).getByLabelText(/^Titel/), 'Reifegraderhebung 2027');
    await userEvent.type(within(dialog).getByLabelText(/^Stichtag/), '2027-06-30');
    await userEvent.click(within(dialog).getByRole('checkbox', { name: 'FB 2 Finanzen' }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Erhebung anlegen' }));
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Die Erhebung „Reifegraderhebung 2027“ wurde angelegt und ist offen.',
    );
    expect(fake.callsTo('post', '/api/v1/maturity/rounds')[0]?.body).toEqual({
      title: 'Reifegraderhebung 2027',
      description: '',
      round_date: '2027-06-30',
      model_id: 1,
      includes_administration: false,
      department_ids: [1],
    });
  });

  it('exports a model version as a JSON download', async () => {
    const save = vi.spyOn(download, 'downloadJson').mockImplementation(() => {});
    const document: S['ModelDocument'] = {
      format: 'kurs-maturity-model',
      format_version: 1,
      key: 'kurs-kommunal',
      name: 'Kurs-Standardmodell',
      aggregation_rule: 'weighted_mean',
      levels: { min: 0, max: 4, labels: [] },
      dimensions: [],
    };
    const fake = api().on('get', '/api/v1/maturity/models/{id}/export', () => document);
    await renderApp({ api: fake, user: users.officer, route: '/admin/maturity' });
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Kurs-Standardmodell, Version 1 als JSON exportieren',
      }),
    );
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Die Datei kurs-kommunal-v1.json wurde heruntergeladen.',
    );
    expect(save).toHaveBeenCalledWith('kurs-kommunal-v1.json', document);
  });

  it('imports a JSON file; the server’s errors name the place in the file', async () => {
    const fake = api().on('post', '/api/v1/maturity/models/import', () =>
      problem(422, 'validation_failed', {
        errors: [{ field: 'dimensions[0].code', code: 'required', message: 'must not be empty' }],
      }),
    );
    await renderApp({ api: fake, user: users.officer, route: '/admin/maturity' });
    await userEvent.click(await screen.findByRole('button', { name: 'Modell importieren (JSON)' }));
    const dialog = await screen.findByRole('dialog', { name: 'Reifegradmodell importieren' });
    const input = within(dialog).getByLabelText(/^Modelldatei/);
    await userEvent.upload(
      input,
      new File(['kein json'], 'kaputt.json', { type: 'application/json' }),
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Importieren' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Die Datei enthält kein gültiges JSON.',
    );

    const body = { format: 'kurs-maturity-model', key: 'neu', dimensions: [{ code: '' }] };
    await userEvent.upload(
      input,
      new File([JSON.stringify(body)], 'modell.json', { type: 'application/json' }),
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Importieren' }));
    const summary = await within(dialog).findByRole('alert');
    expect(summary).toHaveTextContent('dimensions[0].code: Bitte füllen Sie dieses Feld aus.');
    expect(fake.callsTo('post', '/api/v1/maturity/models/import')[0]?.body).toEqual(body);

    fake.on('post', '/api/v1/maturity/models/import', () => reply(201, modelView()));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Importieren' }));
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Das Modell „Kurs-Standardmodell“ wurde als Version 2 importiert.',
    );
  });

  it('creates a new version from a frozen one with only the changed fields', async () => {
    const fake = api().on('post', '/api/v1/maturity/models/{id}/versions', () =>
      reply(201, modelView({ name: 'Kurs-Standardmodell 2027' })),
    );
    await renderApp({ api: fake, user: users.officer, route: '/admin/maturity' });
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Neue Version von Kurs-Standardmodell, Version 1 anlegen',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    const name = within(dialog).getByLabelText(/^Name/);
    await userEvent.clear(name);
    await userEvent.type(name, 'Kurs-Standardmodell 2027');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Version anlegen' }));
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Version 2 von „Kurs-Standardmodell 2027“ wurde angelegt.',
    );
    expect(fake.callsTo('post', '/api/v1/maturity/models/1/versions')[0]?.body).toEqual({
      name: 'Kurs-Standardmodell 2027',
    });
  });
});
