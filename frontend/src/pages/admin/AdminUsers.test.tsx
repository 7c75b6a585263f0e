import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FakeApi, problem, reply } from '../../test/fakeApi';
import { referenceApi, userViews, users } from '../../test/fixtures';
import { renderApp } from '../../test/render';

function api() {
  return referenceApi(new FakeApi()).on('get', '/api/v1/users', () => userViews);
}

describe('Verwaltung: Benutzer und Rollen', () => {
  it('the officer neither sees nor assigns the admin role; creates an editor', async () => {
    const fake = api().on('post', '/api/v1/users', ({ body }) =>
      reply(201, {
        id: 11,
        active: true,
        version: 1,
        username: body.username,
        display_name: body.display_name,
        email: body.email,
        role: body.role,
        department_ids: body.department_ids ?? [],
      }),
    );
    await renderApp({ api: fake, user: users.officer, route: '/admin/users' });
    const table = await screen.findByRole('table', { name: 'Benutzer und Rollen' });
    const adminRow = within(table).getByRole('row', { name: /Ada Admin/ });
    expect(within(adminRow).queryByRole('button')).toBeNull();
    expect(adminRow).toHaveTextContent('nur durch die IT-Administration änderbar');

    await userEvent.click(screen.getByRole('button', { name: 'Neues Benutzerkonto anlegen' }));
    const dialog = await screen.findByRole('dialog', { name: 'Neues Benutzerkonto' });
    const role = within(dialog).getByLabelText(/^Rolle/);
    expect(within(role).queryByRole('option', { name: 'IT-Administration' })).toBeNull();

    await userEvent.type(within(dialog).getByLabelText(/^Benutzername/), 'editor9');
    await userEvent.type(within(dialog).getByLabelText(/^Anzeigename/), 'Nina Neu');
    await userEvent.type(within(dialog).getByLabelText(/^Erstes Passwort/), 'zu-kurz');
    await userEvent.selectOptions(role, 'Fachbereich');
    await userEvent.click(within(dialog).getByRole('checkbox', { name: 'FB 2 Finanzen' }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Speichern' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Erstes Passwort: Bitte mindestens 12 Zeichen eingeben.',
    );
    expect(fake.callsTo('post', '/api/v1/users')).toHaveLength(0);

    await userEvent.clear(within(dialog).getByLabelText(/^Erstes Passwort/));
    await userEvent.type(within(dialog).getByLabelText(/^Erstes Passwort/), 'ein-langes-Passwort');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Speichern' }));
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Das Benutzerkonto editor9 wurde angelegt.',
    );
    expect(fake.callsTo('post', '/api/v1/users')[0]?.body).toEqual({
      username: 'editor9',
      display_name: 'Nina Neu',
      email: null,
      password: 'ein-langes-Passwort',
      role: 'editor',
      department_ids: [2],
    });
  });

  it('the admin may assign the admin role', async () => {
    await renderApp({ api: api(), user: users.admin, route: '/admin/users' });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Neues Benutzerkonto anlegen' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      within(within(dialog).getByLabelText(/^Rolle/)).getByRole('option', {
        name: 'IT-Administration',
      }),
    ).toBeVisible();
    expect(screen.getByRole('button', { name: 'Konto admin bearbeiten' })).toBeVisible();
  });

  it('changes role and departments; a server 422 lands at the field', async () => {
    const fake = api().on('patch', '/api/v1/users/{id}', () =>
      problem(422, 'validation_failed', {
        errors: [
          { field: 'password', code: 'too_short', message: 'must be at least 12 characters' },
        ],
      }),
    );
    await renderApp({ api: fake, user: users.officer, route: '/admin/users' });
    await userEvent.click(await screen.findByRole('button', { name: 'Konto editor1 bearbeiten' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Benutzerkonto bearbeiten: editor1',
    });
    expect(within(dialog).getByRole('checkbox', { name: 'FB 1 Zentrale Dienste' })).toBeChecked();
    await userEvent.type(within(dialog).getByLabelText('Neues Passwort'), 'x'.repeat(12));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Speichern' }));
    expect(
      await within(dialog).findByText('Mindestens 12 Zeichen.', { selector: '.field-error' }),
    ).toBeVisible();
    expect(within(dialog).getByLabelText('Neues Passwort')).toHaveAttribute('aria-invalid', 'true');

    fake.on('patch', '/api/v1/users/{id}', () => ({
      ...userViews[3]!,
      role: 'council' as const,
      active: false,
      department_ids: [],
      version: 3,
    }));
    await userEvent.clear(within(dialog).getByLabelText('Neues Passwort'));
    await userEvent.selectOptions(within(dialog).getByLabelText(/^Rolle/), 'Stadtrat');
    expect(within(dialog).queryByRole('checkbox', { name: 'FB 1 Zentrale Dienste' })).toBeNull();
    await userEvent.click(within(dialog).getByRole('checkbox', { name: 'Konto aktiv' }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Speichern' }));
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Die Änderungen am Konto editor1 wurden gespeichert.',
    );
    const calls = fake.callsTo('patch', '/api/v1/users/4');
    expect(calls.at(-1)?.headers.get('if-match')).toBe('"v2"');
    expect(calls.at(-1)?.body).toEqual({ role: 'council', active: false, department_ids: [] });
  });

  it('one cannot deactivate one’s own account', async () => {
    await renderApp({ api: api(), user: users.officer, route: '/admin/users' });
    await userEvent.click(await screen.findByRole('button', { name: 'Konto officer bearbeiten' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByRole('checkbox', { name: 'Konto aktiv' })).toBeDisabled();
    expect(dialog).toHaveTextContent('Ihr eigenes Benutzerkonto können Sie nicht deaktivieren.');
  });
});
