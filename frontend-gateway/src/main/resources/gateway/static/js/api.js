// The gateway's public API (docs/api.md) over fetch. Errors come as problem+json and are thrown as ApiError.

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || 'The request failed (' + status + ')');
    this.status = status;
    this.problem = problem || {};
  }

  /** The problem's slug: "sold-out" for urn:concertsale:problem:sold-out. */
  get slug() {
    const type = this.problem.type || '';
    return type.slice(type.lastIndexOf(':') + 1);
  }

  get errors() {
    return this.problem.errors || {};
  }
}

let serverOffset = 0;

/** The server's clock, estimated from the Date header of its answers, for countdowns to server instants. */
export function serverNow() {
  return Date.now() + serverOffset;
}

function learnClock(response) {
  const date = Date.parse(response.headers.get('Date') || '');
  if (!Number.isNaN(date)) {
    const offset = date - Date.now();
    // the Date header has whole seconds: only correct a clock that is clearly off
    serverOffset = Math.abs(offset) > 2500 ? offset : 0;
  }
}

/** Calls the API; absolute URLs from the page's origin (never from a URL with user info in it). */
export async function call(method, path, body) {
  let response;
  try {
    response = await fetch(new URL(path, location.origin), {
      method,
      headers: body === undefined ? {'Accept': 'application/json'}
          : {'Accept': 'application/json', 'Content-Type': 'application/json'},
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store'
    });
  } catch (networkError) {
    throw new ApiError(0, {title: 'No connection', detail: 'The shop cannot be reached. Check your connection and try again.'});
  }
  learnClock(response);
  const text = await response.text();
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

export const api = {
  sale: () => call('GET', '/api/sale'),
  ticketTypes: () => call('GET', '/api/ticket-types'),
  createSession: () => call('POST', '/api/sessions'),
  session: id => call('GET', '/api/sessions/' + encodeURIComponent(id)),
  join: id => call('POST', '/api/sessions/' + encodeURIComponent(id) + '/queue'),
  leave: id => call('DELETE', '/api/sessions/' + encodeURIComponent(id) + '/queue'),
  reserve: (id, ticketType, quantity) =>
    call('POST', '/api/sessions/' + encodeURIComponent(id) + '/reservation', {ticketType, quantity}),
  payByCard: (id, card) => call('POST', '/api/sessions/' + encodeURIComponent(id) + '/payment', {method: 'CARD', card}),
  payByTransfer: id => call('POST', '/api/sessions/' + encodeURIComponent(id) + '/payment', {method: 'MONEY_TRANSFER'}),
  qrCode: (id, code) => '/api/sessions/' + encodeURIComponent(id) + '/tickets/' + encodeURIComponent(code) + '/qr.svg'
};
