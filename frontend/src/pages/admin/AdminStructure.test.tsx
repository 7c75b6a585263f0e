import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FakeApi, problem, reply } from '../../test/fakeApi';
import { departments, referenceApi, statuses, strategy, users } from '../../test/fixtures';
import { renderApp } from '../../test/render';

function api() {
  return referenceApi(new FakeApi()).on('get', '/api/v1/strategy', () =>
    reply(200, strategy, { etag: '"v1"' }),
  );
}

describe('Verwaltung: Fachbereiche', () => {
  it('creates a department; missing fields are named in a summary that links to them', async () => {
    const fake = api().on('post', '/api/v1/departments', ({ body }) =>
      reply(201, { id: 3, active: true, position: 0, version: 1, ...body }),
    );
    await renderApp({ api: fake, user: users.officer, route: '/admin/departments' });
    await userEvent.click(await screen.findByRole('button', { name: 'Neuen Fachbereich anlegen' }));
    const dialog = await screen.findByRole('dialog', { name: 'Neuer Fachbereich' });

    await userEvent.click(within(dialog).getByRole('button', { name: 'Speichern' }));
    const summary = await within(dialog).findByRole('alert');
    expect(summary).toHaveTextContent('Kürzel: Bitte füllen Sie dieses Feld aus.');
    expect(summary).toHaveTextContent('Bezeichnung: Bitte füllen Sie dieses Feld aus.');
    await userEvent.click(within(summary).getByRole('link', { name: 'Kürzel' }));
    expect(within(dialog).getByLabelText(/^Kürzel/)).toHaveFocus();
    expect(fake.callsTo('post', '/api/v1/departments')).toHaveLength(0);

    await userEvent.type(within(dialog).getByLabelText(/^Kürzel/), 'FB 6');
    await userEvent.type(within(dialog).getByLabelText(/^Bezeichnung/), 'Digitales Rathaus');
    await userEvent.selectOptions(
      within(dialog).getByLabelText('Übergeordneter Fachbereich'),
      'FB 1 Zentrale Dienste',
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Speichern' }));

    expect(await screen.findByRole('status')).toHaveTextContent(
      'Der Fachbereich FB 6 wurde angelegt.',
    );
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(fake.callsTo('post', '/api/v1/departments')[0]?.body).toEqual({
      code: 'FB 6',
      name: 'Digitales Rathaus',
      parent_id: 1,
      active: true,
    });
  });

  it('shows a 409 (code taken) and a 422 of the server at their fields', async () => {
    const fake = api().on('post', '/api/v1/departments', () =>
      problem(409, 'conflict', {
        errors: [{ field: 'code', code: 'conflict', message: 'already exists' }],
      }),
    );
    await renderApp({ api: fake, user: users.officer, route: '/admin/departments' });
    await userEvent.click(await screen.findByRole('button', { name: 'Neuen Fachbereich anlegen' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText(/^Kürzel/), 'FB 1');
    await userEvent.type(within(dialog).getByLabelText(/^Bezeichnung/), 'Doppelt');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Speichern' }));
    const code = within(dialog).getByLabelText(/^Kürzel/);
    await waitFor(() => expect(code).toHaveAttribute('aria-invalid', 'true'));
    expect(
      within(dialog).getByText('Dieser Wert ist bereits vergeben.', { selector: '.field-error' }),
    ).toBeVisible();

    fake.on('post', '/api/v1/departments', () =>
      problem(422, 'validation_failed', {
        errors: [{ field: 'name', code: 'too_long', message: 'must be at most 200 characters' }],
      }),
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Speichern' }));
    expect(
      await within(dialog).findByText('Höchstens 200 Zeichen.', { selector: '.field-error' }),
    ).toBeVisible();
    expect(within(dialog).getByLabelText(/^Bezeichnung/)).toHaveAttribute('aria-invalid', 'true');
  });

  it('on 412 offers to load the current state, keeps the user’s change and saves it', async () => {
    const fake = api()
      .on('patch', '/api/v1/departments/{id}', ({ headers }) =>
        headers.get('if-match') === '"v2"'
          ? reply(200, {
              ...departments[0]!,
              code: 'FB 1a',
              name: 'Zentrale Dienste (neu)',
              version: 3,
            })
          : problem(412, 'version_mismatch', { current_version: 2 }),
      )
      .on('get', '/api/v1/departments/{id}', () =>
        reply(
          200,
          { ...departments[0]!, name: 'Zentrale Dienste (neu)', version: 2 },
          { etag: '"v2"' },
        ),
      );
    await renderApp({ api: fake, user: users.officer, route: '/admin/departments' });
    await userEvent.click(await screen.findByRole('button', { name: 'FB 1 bearbeiten' }));
    const dialog = await screen.findByRole('dialog', { name: 'Fachbereich bearbeiten: FB 1' });
    const code = within(dialog).getByLabelText(/^Kürzel/);
    await userEvent.clear(code);
    await userEvent.type(code, 'FB 1a');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Speichern' }));

    const conflict = await within(dialog).findByRole('alert');
    expect(conflict).toHaveTextContent('inzwischen von jemand anderem geändert');
    await userEvent.click(within(conflict).getByRole('button', { name: 'Aktuellen Stand laden' }));
    expect(
      await within(dialog).findByText(
        'Bezeichnung: jetzt „Zentrale Dienste (neu)“ (vorher „Zentrale Dienste“)',
      ),
    ).toBeVisible();
    expect(code).toHaveValue('FB 1a');
    expect(within(dialog).getByLabelText(/^Bezeichnung/)).toHaveValue('Zentrale Dienste (neu)');

    await userEvent.click(within(dialog).getByRole('button', { name: 'Speichern' }));
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Die Änderungen an FB 1a wurden gespeichert.',
    );
    const calls = fake.callsTo('patch', '/api/v1/departments/1');
    expect(calls.map((c) => c.headers.get('if-match'))).toEqual(['"v1"', '"v2"']);
    expect(calls[1]?.body).toEqual({ code: 'FB 1a' });
  });

  it('deactivates with If-Match; a refused delete says why', async () => {
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    const fake = api()
      .on('patch', '/api/v1/departments/{id}', () => ({ ...departments[1]!, active: false }))
      .on('delete', '/api/v1/departments/{id}', () =>
        problem(409, 'conflict', {
          errors: [
            {
              field: 'reference',
              code: 'conflict',
              message: 'is still referenced or refers to something that does not exist',
            },
          ],
        }),
      );
    await renderApp({ api: fake, user: users.officer, route: '/admin/departments' });
    await userEvent.click(await screen.findByRole('button', { name: 'FB 2 deaktivieren' }));
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Der Fachbereich FB 2 wurde deaktiviert.',
    );
    const [patch] = fake.callsTo('patch', '/api/v1/departments/2');
    expect(patch?.body).toEqual({ active: false });
    expect(patch?.headers.get('if-match')).toBe('"v1"');

    await userEvent.click(screen.getByRole('button', { name: 'FB 2 löschen' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Der Eintrag wird noch verwendet (zum Beispiel von Maßnahmen, Benutzerkonten, Erhebungen oder untergeordneten Einträgen). Deaktivieren Sie ihn stattdessen.',
    );
  });

  it('a stale list offers a reload', async () => {
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    const fake = api().on('delete', '/api/v1/departments/{id}', () =>
      problem(412, 'version_mismatch', { current_version: 4 }),
    );
    await renderApp({ api: fake, user: users.officer, route: '/admin/departments' });
    await userEvent.click(await screen.findByRole('button', { name: 'FB 2 löschen' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('inzwischen von jemand anderem geändert');
    const before = fake.callsTo('get', '/api/v1/departments').length;
    await userEvent.click(within(alert).getByRole('button', { name: 'Neu laden' }));
    await waitFor(() =>
      expect(fake.callsTo('get', '/api/v1/departments').length).toBeGreaterThan(before),
    );
  });
});

describe('Verwaltung: Status', () => {
  it('creates a status with category and default progress; checks code and range first', async () => {
    const fake = api().on('post', '/api/v1/statuses', ({ body }) =>
      reply(201, {
        id: 9,
        position: 0,
        version: 1,
        active: true,
        default_progress: null,
        ...body,
      }),
    );
    await renderApp({ api: fake, user: users.officer, route: '/admin/statuses' });
    await userEvent.click(await screen.findByRole('button', { name: 'Neuen Status anlegen' }));
    const dialog = await screen.findByRole('dialog', { name: 'Neuer Status' });
    await userEvent.type(within(dialog).getByLabelText(/^Bezeichnung/), 'in Prüfung');
    await userEvent.type(within(dialog).getByLabelText(/^Code/), 'In Prüfung');
    await userEvent.type(within(dialog).getByLabelText('Standard-Fortschritt'), '150');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Speichern' }));
    const summary = await within(dialog).findByRole('alert');
    expect(summary).toHaveTextContent('Code: Nur Kleinbuchstaben');
    expect(summary).toHaveTextContent('Kategorie: Bitte füllen Sie dieses Feld aus.');
    expect(summary).toHaveTextContent(
      'Standard-Fortschritt: Bitte eine ganze Zahl von 0 bis 100 angeben.',
    );

    await userEvent.clear(within(dialog).getByLabelText(/^Code/));
    await userEvent.type(within(dialog).getByLabelText(/^Code/), 'in_pruefung');
    await userEvent.selectOptions(within(dialog).getByLabelText(/^Kategorie/), 'in Umsetzung');
    await userEvent.clear(within(dialog).getByLabelText('Standard-Fortschritt'));
    await userEvent.type(within(dialog).getByLabelText('Standard-Fortschritt'), '50');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Speichern' }));
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Der Status „in Prüfung“ wurde angelegt.',
    );
    expect(fake.callsTo('post', '/api/v1/statuses')[0]?.body).toEqual({
      label: 'in Prüfung',
      code: 'in_pruefung',
      category: 'in_progress',
      default_progress: 50,
      active: true,
    });
  });

  it('edits only what changed; a status in use cannot be deleted', async () => {
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    const fake = api()
      .on('patch', '/api/v1/statuses/{id}', () => ({ ...statuses[0]!, default_progress: null }))
      .on('delete', '/api/v1/statuses/{id}', () =>
        problem(409, 'conflict', {
          errors: [
            {
              field: 'measures',
              code: 'conflict',
              message: 'still have this status (3, archived ones included); deactivate it instead',
            },
          ],
        }),
      );
    await renderApp({ api: fake, user: users.officer, route: '/admin/statuses' });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Status „geplant“ bearbeiten' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.clear(within(dialog).getByLabelText('Standard-Fortschritt'));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Speichern' }));
    await screen.findByText('Die Änderungen am Status „geplant“ wurden gespeichert.');
    expect(fake.callsTo('patch', '/api/v1/statuses/1')[0]?.body).toEqual({
      default_progress: null,
    });

    await userEvent.click(screen.getByRole('button', { name: 'Status „geplant“ löschen' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      '3 Maßnahmen verwenden diesen Eintrag noch',
    );
  });
});

describe('Verwaltung: Strategie und Ziele', () => {
  it('edits the strategy: only changed fields, a cleared date becomes null, dates in order', async () => {
    const fake = api().on('patch', '/api/v1/strategy', ({ body }) =>
      reply(200, { ...strategy, ...body, version: 2 }, { etag: '"v2"' }),
    );
    await renderApp({ api: fake, user: users.officer, route: '/admin/goals' });
    await userEvent.click(await screen.findByRole('button', { name: 'Strategie bearbeiten' }));
    const dialog = await screen.findByRole('dialog', { name: 'Strategie bearbeiten' });
    const to = within(dialog).getByLabelText('In Kraft bis');
    await userEvent.type(to, '2020-01-01');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Speichern' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'In Kraft bis: Das Datum darf nicht vor „In Kraft ab“ liegen.',
    );

    await userEvent.clear(to);
    await userEvent.type(to, '2030-12-31');
    await userEvent.clear(within(dialog).getByLabelText('Datum des Beschlusses'));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Speichern' }));
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Die Angaben zur Strategie wurden gespeichert.',
    );
    const [call] = fake.callsTo('patch', '/api/v1/strategy');
    expect(call?.headers.get('if-match')).toBe('"v1"');
    expect(call?.body).toEqual({ resolution_date: null, in_force_to: '2030-12-31' });
  });

  it('creates a sub-goal below its Handlungsfeld; a goal with children is not deleted', async () => {
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    const fake = api()
      .on('post', '/api/v1/goals', ({ body }) =>
        reply(201, { id: 12, depth: 1, position: 2, version: 1, description: '', ...body }),
      )
      .on('delete', '/api/v1/goals/{id}', () =>
        problem(409, 'conflict', {
          errors: [
            {
              field: 'children',
              code: 'conflict',
              message: 'are still there (1 child goal(s)); move or delete them first',
            },
          ],
        }),
      );
    await renderApp({ api: fake, user: users.officer, route: '/admin/goals' });
    await userEvent.click(await screen.findByRole('button', { name: 'Unterziel zu HF 1 anlegen' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByLabelText('Übergeordnet')).toHaveValue('10');
    await userEvent.type(within(dialog).getByLabelText(/^Kürzel/), 'HF 1.2');
    await userEvent.type(within(dialog).getByLabelText(/^Titel/), 'Barrierefreie Formulare');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Speichern' }));
    expect(await screen.findByRole('status')).toHaveTextContent('HF 1.2 wurde angelegt.');
    expect(fake.callsTo('post', '/api/v1/goals')[0]?.body).toEqual({
      parent_id: 10,
      code: 'HF 1.2',
      title: 'Barrierefreie Formulare',
      description: '',
    });

    await userEvent.click(screen.getByRole('button', { name: 'HF 1 löschen' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Es gibt noch ein untergeordnetes Ziel. Verschieben oder löschen Sie dieses zuerst.',
    );
  });

  it('council does not get the administration', async () => {
    await renderApp({ api: api(), user: users.council, route: '/admin/goals' });
    expect(await screen.findByText('Sie haben keine Berechtigung für diese Aktion.')).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Strategie bearbeiten' })).toBeNull();
  });
});
