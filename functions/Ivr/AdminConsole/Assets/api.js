// The admin API, as the console calls it: the session cookie goes along by itself, and every change carries the
// page's antiforgery token (without it the API refuses the change).
import { say } from './dom.js';

const antiforgery = document.querySelector('meta[name="ivr-antiforgery"]')?.content ?? '';

export class ApiError extends Error {
  constructor(answer) {
    super(answer.json?.detail || answer.json?.title || `The server answered ${answer.status}.`);
    this.answer = answer;
  }
}

/** Calls the admin API; answers { status, etag, json }. A lapsed session sends the admin back to the sign-in. */
export async function api(method, path, body, headers = {}) {
  const response = await fetch(`/api/admin${path}`, {
    method,
    credentials: 'same-origin',
    headers: {
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(method === 'GET' ? {} : { 'X-Ivr-Antiforgery': antiforgery }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const type = response.headers.get('content-type') ?? '';
  const json = type.includes('json') ? await response.json() : null;
  const answer = { status: response.status, etag: response.headers.get('etag'), json };
  if (response.status === 401) {
    say('Your sign-in has ended. Reload the page to sign in again; your unsaved changes are still in this tab.', 'error');
  }
  return answer;
}

export async function apiOk(method, path, body, headers) {
  const answer = await api(method, path, body, headers);
  if (answer.status >= 400) throw new ApiError(answer);
  return answer;
}

export const linePath = (number) => `/lines/${encodeURIComponent(number)}`;
