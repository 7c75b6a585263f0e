import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FakeApi, problem } from '../test/fakeApi';
import { token, users } from '../test/fixtures';
import { renderApp } from '../test/render';
import i18n from '../i18n';

describe('sign-in and the app shell', () => {
  it('shows the sign-in page without a session and signs in', async () => {
    const api = new FakeApi().on('post', '/api/v1/auth/login', ({ body }) =>
      body.password === 'right' ? token(users.officer) : problem(401, 'invalid_credentials'),
    );
    await renderApp({ api, route: '/measures' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Anmeldung' })).toBeVisible();

    await userEvent.type(screen.getByLabelText('Benutzername'), 'officer');
    await userEvent.type(screen.getByLabelText('Passwort'), 'wrong');
    await userEvent.click(screen.getByRole('button', { name: 'Anmelden' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Benutzername oder Passwort ist falsch.',
    );

    await userEvent.clear(screen.getByLabelText('Passwort'));
    await userEvent.type(screen.getByLabelText('Passwort'), 'right');
    await userEvent.click(screen.getByRole('button', { name: 'Anmelden' }));
    // Back where the user wanted to go.
    expect(await screen.findByRole('heading', { level: 1, name: 'Maßnahmen' })).toBeVisible();
  });

  it('keeps the session over a reload through the refresh cookie', async () => {
    await renderApp({ user: users.council, route: '/' });
    expect(await screen.findByText(/Angemeldet als Carl Council \(Stadtrat\)/)).toBeVisible();
  });

  it('shows navigation per role: council sees no administration and no update list', async () => {
    await renderApp({ user: users.council });
    const nav = await screen.findByRole('navigation', { name: 'Hauptnavigation' });
    expect(within(nav).getByRole('link', { name: 'Lagebild' })).toBeVisible();
    expect(within(nav).queryByRole('link', { name: 'Verwaltung' })).toBeNull();
    expect(within(nav).queryByRole('link', { name: 'Meine Aktualisierungen' })).toBeNull();
  });

  it('shows the officer administration and the update list', async () => {
    await renderApp({ user: users.officer });
    const nav = await screen.findByRole('navigation', { name: 'Hauptnavigation' });
    expect(within(nav).getByRole('link', { name: 'Verwaltung' })).toBeVisible();
    expect(within(nav).getByRole('link', { name: 'Meine Aktualisierungen' })).toBeVisible();
  });

  it('switches the language to English and back', async () => {
    await renderApp({ user: users.editor });
    await userEvent.click(await screen.findByRole('button', { name: 'Switch to English' }));
    expect(await screen.findByRole('link', { name: 'My updates' })).toBeVisible();
    expect(document.documentElement.lang).toBe('en');
    await userEvent.click(screen.getByRole('button', { name: 'Auf Deutsch wechseln' }));
    expect(await screen.findByRole('link', { name: 'Meine Aktualisierungen' })).toBeVisible();
    expect(i18n.language).toBe('de');
  });

  it('signs out', async () => {
    const api = new FakeApi().on('post', '/api/v1/auth/logout', () => undefined);
    const { session } = await renderApp({ api, user: users.editor });
    await userEvent.click(await screen.findByRole('button', { name: 'Abmelden' }));
    expect(await screen.findByText('Sie haben sich abgemeldet.')).toBeVisible();
    expect(session.accessToken()).toBeNull();
    expect(api.callsTo('post', '/api/v1/auth/logout')).toHaveLength(1);
  });

  it('has a skip link to the main content', async () => {
    await renderApp({ user: users.editor });
    const skip = await screen.findByRole('link', { name: 'Zum Inhalt springen' });
    expect(skip).toHaveAttribute('href', '#main');
    expect(document.getElementById('main')).not.toBeNull();
  });

  it('shows the accessibility statement without signing in', async () => {
    await renderApp({ route: '/accessibility' });
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Erklärung zur Barrierefreiheit' }),
    ).toBeVisible();
    await waitFor(() => expect(document.title).toContain('Barrierefreiheit'));
  });
});
