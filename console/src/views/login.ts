import { el } from '../../../src/browser/dom';
import type { Agent } from '../../../src/protocol/http-api';
import type { Api } from '../api';
import { errorText } from '../context';

/** The sign-in form; resolves with the session once the server accepts the password. */
export function loginView(root: HTMLElement, api: Api, onSignedIn: (token: string, agent: Agent) => void): void {
  const email = el('input', { type: 'email', id: 'email', required: true, autocomplete: 'username', autofocus: true });
  const password = el('input', { type: 'password', id: 'password', required: true, autocomplete: 'current-password' });
  const error = el('p', { class: 'error', role: 'alert' });
  const button = el('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = el(
    'form',
    { class: 'login', 'aria-labelledby': 'login-title' },
    el('h1', { id: 'login-title' }, 'Answerdesk'),
    el('p', { class: 'muted' }, 'Sign in to the agent console.'),
    el('label', { for: 'email' }, 'Email'),
    email,
    el('label', { for: 'password' }, 'Password'),
    password,
    error,
    button,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    button.disabled = true;
    error.textContent = '';
    try {
      const r = await api.login(email.value.trim(), password.value);
      onSignedIn(r.token, r.agent);
    } catch (err) {
      error.textContent = errorText(err);
      password.select();
    } finally {
      button.disabled = false;
    }
  });
  root.replaceChildren(el('main', { class: 'login-page' }, form));
  email.focus();
}
