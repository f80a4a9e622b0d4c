// The fans' shop: one page that follows the customer's sale session through its stages
// (NEW → QUEUED → ADMITTED → RESERVED → PAYMENT_PENDING → PAID → COMPLETED, exits ABANDONED, REJECTED, EXPIRED).
// It uses only the public gateway API and the session's WebSocket (or polling, far back in the queue: live-session.js).
// The session id stays in this browser (localStorage), so a reload keeps it; #/tickets/<id> shows a finished order's
// tickets again.

import {api, ApiError, serverNow} from './api.js';
import {byId, fill, h, text} from './dom.js';
import * as format from './format.js';
import {LiveSession} from './live-session.js';

const CURRENT = 'concertsale.session';
const ORDERS = 'concertsale.orders';
const FIRST_POSITION = 'concertsale.firstPosition.';
const SEEN = 'concertsale.seenNotifications.';
const TICKETS_ROUTE = /^#\/tickets\/([A-Za-z0-9-]{1,64})$/;

const TEST_CARDS = [
  {number: '4242 4242 4242 4242', label: 'Visa — approved'},
  {number: '5555 5555 5555 4444', label: 'Mastercard — approved'},
  {number: '4000 0000 0000 0002', label: 'Visa — always declined'},
  {number: '4000 0000 0000 9995', label: 'Visa — declined, insufficient funds'}
];

const app = {
  sale: null,
  session: null,
  sessionId: null,
  ticketsRoute: false,
  live: null,
  gone: null,
  view: null,
  busy: false,
  notice: null,
  started: false
};

// ------------------------------------------------------------------ storage (may be unavailable: private modes)

const storage = {
  get(key) {
    try { return localStorage.getItem(key); } catch { return null; }
  },
  set(key, value) {
    try { localStorage.setItem(key, value); } catch { /* the session then lasts as long as the page */ }
  },
  remove(key) {
    try { localStorage.removeItem(key); } catch { /* nothing stored */ }
  },
  json(key, fallback) {
    try { return JSON.parse(storage.get(key)) ?? fallback; } catch { return fallback; }
  }
};

function orders() {
  return storage.json(ORDERS, []).filter(order => order && order.sessionId);
}

function rememberOrder(session) {
  const known = orders().filter(order => order.sessionId !== session.sessionId);
  known.unshift({
    sessionId: session.sessionId,
    sale: app.sale?.name || 'Concert',
    summary: session.tickets ? session.tickets.length + ' × ' + typeName(session.reservation?.ticketType) : '',
    at: session.updatedAt
  });
  storage.set(ORDERS, JSON.stringify(known.slice(0, 20)));
}

function ticketsLink(sessionId) {
  return location.origin + '/#/tickets/' + sessionId;
}

// ------------------------------------------------------------------ following a session

function route() {
  const match = location.hash.match(TICKETS_ROUTE);
  app.ticketsRoute = Boolean(match);
  follow(match ? match[1] : storage.get(CURRENT));
}

async function follow(id) {
  if (app.live) app.live.stop();
  app.live = null;
  app.session = null;
  app.gone = null;
  app.sessionId = id || null;
  render();
  if (!id) return;
  try {
    accept(await api.session(id));
  } catch (error) {
    if (app.sessionId !== id) return;
    if (error instanceof ApiError && error.status === 404) {
      if (app.ticketsRoute) {
        sessionGone('unknown');
      } else {
        // a session from an earlier visit that no longer exists (a new sale since): start afresh
        storage.remove(CURRENT);
        await follow(null);
      }
      return;
    }
    app.notice = error.message;
  }
  if (app.sessionId !== id) return;
  app.live = new LiveSession(id, {
    onState: accept,
    onStatus: status => showConnection(status),
    onGone: reason => sessionGone(reason)
  });
  app.live.start(app.session);
  render();
}

/**
 * Takes a session state from the socket, a poll, an HTTP answer or a catch-up; never goes back to an older one. Its
 * `follow` says how to follow the session from here on (the socket near the front and once admitted, polling far back).
 */
function accept(state) {
  if (!state || state.sessionId !== app.sessionId) return;
  const current = app.session;
  if (current && Date.parse(state.updatedAt) < Date.parse(current.updatedAt)) return;
  const before = current ? current.stage : null;
  app.session = state;
  if (state.stage === 'QUEUED' && state.queue && state.queue.position
      && !storage.get(FIRST_POSITION + state.sessionId)) {
    storage.set(FIRST_POSITION + state.sessionId, String(state.queue.position));
  }
  if (state.stage === 'COMPLETED' && state.tickets) rememberOrder(state);
  if (before && before !== state.stage) stageChanged(before, state.stage);
  render();
  if (app.live) app.live.follow(state.follow);
}

function sessionGone(reason) {
  if (app.live) app.live.stop();
  app.live = null;
  if (!app.ticketsRoute && storage.get(CURRENT) === app.sessionId) storage.remove(CURRENT);
  app.gone = reason;
  showConnection(null);
  render();
}

function stageChanged(before, after) {
  if (app.view && app.view.reset) app.view.reset();
  if (after === 'ADMITTED') {
    flashTitle();
  }
  if (after !== 'ADMITTED' && after !== 'NEW' && after !== 'QUEUED') refreshSale();
}

/**
 * Leaves the session shown: back to the concert page (from a tickets link: back to this browser's own session, if
 * any), or straight into the queue with a new session.
 */
async function startOver(joinAgain) {
  app.gone = null;
  if (app.ticketsRoute) {
    history.replaceState(null, '', location.pathname + location.search);
    app.ticketsRoute = false;
    if (!joinAgain) {
      route();
      return;
    }
  } else {
    storage.remove(CURRENT);
  }
  await follow(null);
  await refreshSale();
  if (joinAgain) await joinQueue();
}

// ------------------------------------------------------------------ the customer's commands

async function joinQueue() {
  if (app.busy) return;
  app.busy = true;
  app.notice = null;
  render();
  try {
    let id = app.sessionId;
    if (!id || app.ticketsRoute || app.gone || !app.session || app.session.stage !== 'NEW') {
      const created = await api.createSession();
      id = created.sessionId;
      if (app.ticketsRoute) history.replaceState(null, '', location.pathname + location.search);
      app.ticketsRoute = false;
      storage.set(CURRENT, id);
      await follow(id);
    }
    accept(await api.join(id));
  } catch (error) {
    app.notice = error instanceof ApiError && (error.slug === 'sold-out' || error.slug === 'sale-not-open')
        ? error.message : 'We could not put you in the queue: ' + error.message;
    refreshSale();
  } finally {
    app.busy = false;
    render();
  }
}

async function leave(question) {
  if (!await ask(question, 'Leave')) return;
  try {
    accept(await api.leave(app.sessionId));
  } catch (error) {
    app.notice = error.message;
    if (app.live) app.live.catchUp();
    render();
  }
}

// ------------------------------------------------------------------ sale information (availability)

async function refreshSale() {
  try {
    app.sale = await api.sale();
  } catch {
    // keep the last known sale; the next refresh tries again
  }
  render();
}

function saleType(type) {
  return (app.sale?.ticketTypes || []).find(candidate => candidate.type === type);
}

function typeName(type) {
  return saleType(type)?.name || type || '';
}

function availabilityLabel(type) {
  if (type.available <= 0) return {text: 'Sold out', level: 'none'};
  if (type.available <= Math.max(10, type.total * 0.1)) return {text: 'Only ' + format.count(type.available) + ' left', level: 'low'};
  return {text: format.count(type.available) + ' available', level: ''};
}

// ------------------------------------------------------------------ rendering

function viewName() {
  if (app.gone) return 'gone';
  if (!app.sessionId) return 'concert';
  if (!app.session) return 'loading';
  switch (app.session.stage) {
    case 'NEW': return 'concert';
    case 'QUEUED': return 'queue';
    case 'ADMITTED': return 'select';
    case 'RESERVED': return 'checkout';
    case 'PAYMENT_PENDING':
      // a card payment is confirmed on the checkout page, so a decline comes back to the filled-in form
      return app.session.payment && app.session.payment.method === 'MONEY_TRANSFER' ? 'pending' : 'checkout';
    case 'PAID': return 'paid';
    case 'COMPLETED': return 'tickets';
    default: return 'exit';
  }
}

const VIEWS = {
  loading: loadingView, concert: concertView, queue: queueView, select: selectView, checkout: checkoutView,
  pending: pendingView, paid: paidView, tickets: ticketsView, exit: exitView, gone: goneView
};

function render() {
  if (!app.started) return;
  const name = viewName();
  const key = name + ':' + (app.sessionId || '');
  const main = byId('view');
  if (!app.view || app.view.key !== key) {
    const first = !app.view || app.view.name === 'loading';
    app.view = VIEWS[name]();
    app.view.key = key;
    app.view.name = name;
    fill(main, app.view.element);
    main.dataset.view = name;
    if (!first) {
      const heading = main.querySelector('h1');
      if (heading) {
        heading.setAttribute('tabindex', '-1');
        heading.focus({preventScroll: false});
      }
    }
  }
  main.dataset.stage = app.session ? app.session.stage : 'NONE';
  if (app.view.update) app.view.update();
  renderSteps(name);
  renderMessages();
  renderTitle(name);
  tick();
}

function renderSteps(name) {
  const steps = byId('steps');
  const index = {queue: 0, select: 1, checkout: 2, pending: 2, paid: 2, tickets: 3}[name];
  steps.hidden = index === undefined;
  [...steps.children].forEach((step, i) => {
    step.classList.toggle('done', index !== undefined && i < index);
    if (i === index) step.setAttribute('aria-current', 'step'); else step.removeAttribute('aria-current');
  });
}

let titleFlash = null;

function renderTitle(name) {
  const sale = app.sale?.name || 'Concert tickets';
  const position = app.session?.queue?.position;
  const titles = {
    queue: position ? 'Queue: #' + format.count(position) : 'In the queue',
    select: 'Your turn! Choose tickets',
    checkout: 'Checkout',
    pending: 'Confirming payment',
    paid: 'Payment received',
    tickets: 'Your tickets',
    exit: 'Sale ended',
    gone: 'Session ended'
  };
  if (!titleFlash) document.title = (titles[name] ? titles[name] + ' · ' : '') + sale;
}

/** Makes the tab title blink until the customer looks: their turn came. */
function flashTitle() {
  if (titleFlash || document.visibilityState === 'visible') return;
  let on = false;
  titleFlash = setInterval(() => {
    on = !on;
    document.title = on ? '★ It’s your turn! ★' : (app.sale?.name || 'Concert tickets');
  }, 1000);
  const stop = () => {
    if (document.visibilityState !== 'visible') return;
    clearInterval(titleFlash);
    titleFlash = null;
    document.removeEventListener('visibilitychange', stop);
    render();
  };
  document.addEventListener('visibilitychange', stop);
}

function showConnection(status) {
  const element = byId('connection');
  element.hidden = !status;
  if (!status) return;
  element.dataset.status = status;
  text(element, {
    connecting: 'Connecting…',
    live: 'Live',
    reconnecting: 'Reconnecting…',
    offline: 'Offline — reconnecting when back'
  }[status]);
}

/** Countdowns: every element with data-deadline shows the time left (the server's clock). */
function tick() {
  for (const timer of document.querySelectorAll('[data-deadline]')) {
    const left = (Date.parse(timer.dataset.deadline) - serverNow()) / 1000;
    text(timer.querySelector('strong'), format.countdown(left));
    timer.classList.toggle('urgent', left < 30);
    const expired = timer.querySelector('.expired');
    if (expired) expired.hidden = left > 0;
  }
}

function timer(id, label, deadline) {
  return h('p', {class: 'timer', id, role: 'timer', 'aria-live': 'off', dataset: deadline ? {deadline} : {}},
      h('span', {}, label), h('strong', {}, '–'));
}

function setDeadline(element, deadline) {
  if (!element) return;
  if (deadline) element.dataset.deadline = deadline; else delete element.dataset.deadline;
  element.hidden = !deadline;
}

// ------------------------------------------------------------------ notifications pushed by the server

const NOTIFICATION_LABELS = {
  PAYMENT_REMINDER: 'Reminder',
  FOLLOW_UP_BOOKED: 'Follow-up',
  TICKETS_EMITTED: 'Delivery',
  MONEY_TRANSFER_REQUIRED: 'Payment',
  RESERVATION_RELEASED: 'Reservation'
};

function renderMessages() {
  const section = byId('messages');
  const list = app.session?.notifications || [];
  section.hidden = list.length === 0;
  if (list.length === 0) return;
  const signature = list.map(n => n.at + n.kind).join('|');
  if (section.dataset.signature !== signature) {
    section.dataset.signature = signature;
    fill(byId('message-list'), [...list].reverse().map(n => h('li', {},
        h('time', {datetime: n.at}, format.clock(n.at)),
        h('strong', {}, (NOTIFICATION_LABELS[n.kind] || format.reason(n.kind)) + ': '), n.message)));
  }
  const seenKey = SEEN + app.session.sessionId;
  const seen = storage.get(seenKey);
  const fresh = list.filter(n => !seen || n.at > seen);
  if (fresh.length) {
    storage.set(seenKey, fresh[fresh.length - 1].at);
    fresh.slice(-3).forEach(toast);
  }
}

function toast(notification) {
  const element = h('div', {class: 'toast', role: 'status'},
      h('span', {class: 'kind'}, NOTIFICATION_LABELS[notification.kind] || format.reason(notification.kind)),
      notification.message,
      h('button', {type: 'button', 'aria-label': 'Dismiss', onclick: () => element.remove()}, '×'));
  byId('toasts').append(element);
  setTimeout(() => element.remove(), 15000);
}

// ------------------------------------------------------------------ a question before something final

function ask(question, confirm) {
  const dialog = byId('ask');
  if (typeof dialog.showModal !== 'function') return Promise.resolve(window.confirm(question));
  text(byId('ask-question'), question);
  text(byId('ask-yes'), confirm);
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise(resolve => dialog.addEventListener('close', () => resolve(dialog.returnValue === 'yes'),
      {once: true}));
}

// ------------------------------------------------------------------ views

function loadingView() {
  return {
    element: h('div', {class: 'card narrow', 'aria-busy': 'true'},
        h('div', {class: 'spinner', 'aria-hidden': 'true'}), h('p', {style: 'text-align:center'}, 'Loading…'))
  };
}

function concertView() {
  const title = h('h1', {id: 'sale-name'});
  const intro = h('p', {},
      'Tickets are sold first come, first served. Join the queue and keep this page open: it shows your place ' +
      'live and tells you the moment it is your turn.');
  const facts = h('p', {class: 'facts'});
  const types = h('ul', {class: 'types', id: 'ticket-types'});
  const status = h('div', {id: 'sale-status'});
  const join = h('button', {class: 'primary big', id: 'join', type: 'button', onclick: joinQueue}, 'Join the queue');
  const ordersSection = h('section', {class: 'card', 'aria-labelledby': 'orders-title', hidden: true},
      h('h2', {id: 'orders-title'}, 'Your tickets'), h('ul', {class: 'orders'}));
  const holdTime = h('span', {}, 'a few minutes');
  const element = h('div', {},
      h('section', {class: 'hero'}, h('p', {class: 'eyebrow'}, 'On sale now'), title, intro, facts),
      h('section', {class: 'card', 'aria-labelledby': 'types-title'},
          h('h2', {id: 'types-title'}, 'Tickets'), types, status, h('div', {class: 'actions'}, join,
              h('span', {class: 'small', id: 'join-hint'}))),
      ordersSection,
      h('section', {class: 'how', 'aria-labelledby': 'how-title'},
          h('h2', {id: 'how-title'}, 'How it works'),
          h('ol', {},
              h('li', {}, h('strong', {}, 'Join the queue. '),
                  'Everyone gets a place in line in the order they join. The page shows your place and the wait, live.'),
              h('li', {}, h('strong', {}, 'Choose when it is your turn. '),
                  'Pick a ticket type and how many. Reserved tickets are held for you for ', holdTime, '.'),
              h('li', {}, h('strong', {}, 'Pay and get your tickets. '),
                  'Pay by card or bank transfer; your tickets come with QR codes and a link to come back to them.'))),
      h('p', {class: 'small footer'}, 'A demo shop: payments are simulated and no real money is taken.'));
  return {
    element,
    update() {
      const sale = app.sale;
      const open = sale && sale.status === 'OPEN';
      text(title, sale && sale.name ? sale.name : 'Concert tickets');
      text(holdTime, sale && sale.holdSeconds ? format.duration(sale.holdSeconds) : 'a few minutes');
      fill(facts, sale && sale.maxTicketsPerCustomer ? [
        h('span', {}, 'Up to ' + sale.maxTicketsPerCustomer + ' tickets per customer'),
        h('span', {}, 'Tickets held for ' + format.duration(sale.holdSeconds) + ' while you pay')
      ] : []);
      const shown = JSON.stringify(sale?.ticketTypes || []);
      if (types.dataset.shown !== shown) {
        types.dataset.shown = shown;
        fill(types, (sale?.ticketTypes || []).map(type => {
          const availability = availabilityLabel(type);
          return h('li', {class: 'type', id: 'type-' + type.type},
              h('span', {class: 'name'}, type.name),
              h('span', {class: 'price'}, format.money(type.price, type.currency)),
              h('span', {class: 'availability ' + availability.level}, availability.text));
        }));
      }
      const message = app.notice ? {level: 'bad', text: app.notice}
          : !sale ? null
          : sale.status === 'SOLD_OUT' ? {level: 'bad', text: 'Sold out. Every ticket has been sold — thank you for your interest.'}
          : sale.status === 'NOT_OPEN' ? {level: 'info', text: 'The sale has not opened yet. Check back soon.'}
          : null;
      fill(status, message ? h('div', {class: 'alert ' + message.level, role: 'alert'}, message.text) : null);
      join.disabled = app.busy || !open;
      text(join, app.busy ? 'Joining…' : 'Join the queue');
      text(byId('join-hint'), open ? 'No account needed. Your place is kept if you reload.' : '');
      const list = orders();
      ordersSection.hidden = list.length === 0;
      fill(ordersSection.querySelector('ul'), list.map(order => h('li', {},
          h('a', {href: '/#/tickets/' + order.sessionId}, order.sale + (order.summary ? ' — ' + order.summary : '')),
          ' ', h('span', {class: 'small'}, format.dateTime(order.at)))));
    }
  };
}

function queueView() {
  const position = h('p', {class: 'position', id: 'position', 'aria-live': 'polite', 'aria-atomic': 'true'}, '…');
  const ahead = h('p', {class: 'muted', id: 'ahead'});
  const bar = h('div', {class: 'bar'});
  const progress = h('div', {class: 'progress', role: 'progressbar', 'aria-label': 'Progress through the queue',
    'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0', id: 'queue-progress'}, bar);
  const eta = h('p', {class: 'eta', id: 'eta'});
  const element = h('section', {class: 'card narrow queue', 'aria-labelledby': 'queue-title'},
      h('h1', {id: 'queue-title'}, 'You are in the queue'),
      h('p', {class: 'position-label'}, 'Your place in line'),
      position, ahead, progress, eta,
      h('p', {class: 'small'}, 'Keep this page open — it updates by itself. When your turn comes you choose your ' +
          'tickets right here.'),
      h('div', {class: 'actions', style: 'justify-content:center'},
          h('button', {type: 'button', class: 'link', id: 'leave',
            onclick: () => leave('Leave the queue? You will lose your place in line.')}, 'Leave the queue')));
  return {
    element,
    update() {
      const queue = app.session.queue || {};
      if (!queue.position) {
        text(position, '…');
        text(ahead, 'Taking your place in line…');
        text(eta, '');
        return;
      }
      text(position, '#' + format.count(queue.position));
      text(ahead, queue.position === 1 ? 'You are next!'
          : format.count(queue.position - 1) + (queue.position === 2 ? ' person' : ' people') + ' ahead of you');
      const first = Math.max(Number(storage.get(FIRST_POSITION + app.session.sessionId)) || queue.position,
          queue.position);
      const percent = Math.round(100 * (first - queue.position + 1) / (first + 1));
      bar.style.width = percent + '%';
      progress.setAttribute('aria-valuenow', String(percent));
      text(eta, queue.etaSeconds === undefined || queue.etaSeconds === null
          ? 'Admission is paused for a moment. You keep your place.'
          : 'Estimated wait: ' + format.waitingTime(queue.etaSeconds));
    }
  };
}

function selectView() {
  let reserving = false;
  let error = null;
  const choices = h('div', {class: 'choices', id: 'ticket-choices'});
  const quantity = h('input', {type: 'number', id: 'quantity', name: 'quantity', min: '1', value: '2',
    inputmode: 'numeric', 'aria-describedby': 'quantity-hint'});
  const minus = h('button', {type: 'button', 'aria-label': 'One ticket less', onclick: () => step(-1)}, '−');
  const plus = h('button', {type: 'button', 'aria-label': 'One ticket more', onclick: () => step(1)}, '+');
  const hint = h('p', {class: 'hint', id: 'quantity-hint'});
  const total = h('p', {class: 'total', id: 'total', 'aria-live': 'polite'});
  const alert = h('div', {id: 'select-error', role: 'alert'});
  const reserve = h('button', {type: 'submit', class: 'primary big', id: 'reserve'}, 'Reserve tickets');
  const admissionTimer = timer('admission-timer', 'Choose within', null);
  admissionTimer.append(h('span', {class: 'expired', hidden: true}, ' — time is up'));
  const form = h('form', {id: 'select-form', novalidate: true, onsubmit: submit},
      h('fieldset', {}, h('legend', {}, 'Ticket type'), choices),
      h('div', {class: 'field'}, h('label', {for: 'quantity'}, 'Number of tickets'),
          h('div', {class: 'stepper'}, minus, quantity, plus), hint),
      total, alert, admissionTimer,
      h('div', {class: 'actions'}, reserve,
          h('button', {type: 'button', class: 'link', id: 'leave',
            onclick: () => leave('Leave the sale? Your turn goes to the next person in the queue.')},
          'Leave the sale')));
  const element = h('div', {class: 'narrow'},
      h('section', {class: 'turn-banner', role: 'alert'}, h('h1', {id: 'turn-title'}, 'It’s your turn!'),
          h('p', {}, 'Choose your tickets now — they are held for you once reserved.')),
      h('section', {class: 'card', 'aria-labelledby': 'select-title'}, h('h2', {id: 'select-title'}, 'Choose your tickets'),
          form));
  quantity.addEventListener('input', () => showTotal());
  choices.addEventListener('change', () => showTotal());
  refreshSale();

  function selected() {
    const checked = choices.querySelector('input:checked');
    return checked ? saleType(checked.value) : null;
  }

  function limit() {
    const type = selected();
    const perCustomer = app.sale?.maxTicketsPerCustomer || 10;
    return type ? Math.max(1, Math.min(perCustomer, type.available)) : perCustomer;
  }

  function step(delta) {
    const next = Math.min(limit(), Math.max(1, (parseInt(quantity.value, 10) || 1) + delta));
    quantity.value = String(next);
    showTotal();
  }

  function showTotal() {
    const type = selected();
    const count = parseInt(quantity.value, 10);
    text(total, type && count > 0 ? 'Total: ' + format.money(type.price * count, type.currency) : '');
    quantity.max = String(limit());
    text(hint, 'Up to ' + (app.sale?.maxTicketsPerCustomer || '') + ' per customer'
        + (type && type.available < (app.sale?.maxTicketsPerCustomer || 0) ? ' (' + type.available + ' left)' : ''));
  }

  async function submit(event) {
    event.preventDefault();
    const type = selected();
    const count = parseInt(quantity.value, 10);
    error = null;
    if (!type) {
      error = 'Choose a ticket type.';
    } else if (!(count >= 1 && count <= limit())) {
      error = 'Choose between 1 and ' + limit() + ' tickets.';
    }
    if (error) {
      update();
      return;
    }
    reserving = true;
    update();
    try {
      accept(await api.reserve(app.sessionId, type.type, count));
    } catch (failure) {
      reserving = false;
      error = failure instanceof ApiError && Object.keys(failure.errors).length
          ? Object.values(failure.errors).join(' ') : failure.message;
      if (failure instanceof ApiError && failure.status === 409 && app.live) app.live.catchUp();
    }
    update();
  }

  function update() {
    const session = app.session;
    setDeadline(admissionTimer, session.queue?.admissionExpiresAt);
    const types = app.sale?.ticketTypes || [];
    if (choices.childElementCount !== types.length) {
      const current = selected()?.type;
      fill(choices, types.map((type, index) => h('div', {class: 'choice'},
          h('input', {type: 'radio', name: 'ticketType', value: type.type, id: 'choice-' + type.type,
            checked: current ? current === type.type : index === 0, 'aria-describedby': 'choice-' + type.type + '-info'}),
          h('label', {class: 'type', for: 'choice-' + type.type},
              h('span', {class: 'name'}, type.name),
              h('span', {class: 'price'}, format.money(type.price, type.currency)),
              h('span', {class: 'availability', id: 'choice-' + type.type + '-info'})))));
    }
    for (const type of types) {
      const input = byId('choice-' + type.type);
      if (!input) continue;
      const availability = availabilityLabel(type);
      const info = byId('choice-' + type.type + '-info');
      text(info, availability.text);
      info.className = 'availability ' + availability.level;
      input.disabled = type.available <= 0;
    }
    if (selected()?.available <= 0) {
      const next = [...choices.querySelectorAll('input')].find(input => !input.disabled);
      if (next) next.checked = true;
    }
    if (session.exit && session.exit.retryable) reserving = false;
    const problem = error || (session.exit && session.exit.retryable
        ? (session.exit.message || format.reason(session.exit.reason)) + ' You can try again.' : null);
    fill(alert, problem ? h('div', {class: 'alert bad'}, problem) : null);
    reserve.disabled = reserving;
    text(reserve, reserving ? 'Reserving…' : 'Reserve tickets');
    showTotal();
  }

  return {element, update, reset() { reserving = false; }};
}

function summary(reservation) {
  return h('table', {class: 'summary', id: 'order-summary'},
      h('tbody', {},
          h('tr', {}, h('td', {}, reservation.quantity + ' × ' + typeName(reservation.ticketType)),
              h('td', {}, format.money(reservation.unitPrice, reservation.currency) + ' each')),
          h('tr', {class: 'total-row'}, h('td', {}, 'Total'),
              h('td', {id: 'order-total'}, format.money(reservation.amount, reservation.currency)))));
}

function checkoutView() {
  let paying = false;
  let problem = null;
  let fieldErrors = {};
  const reservation = app.session.reservation || {};
  const holdTimer = timer('hold-timer', 'Your tickets are held for', reservation.expiresAt);
  const declined = h('div', {id: 'payment-declined', role: 'alert'});
  const confirming = h('div', {id: 'payment-confirming', role: 'status'});
  const errors = h('div', {id: 'payment-error', role: 'alert'});

  const field = (id, label, attributes, hintText) => {
    const input = h('input', Object.assign({id, name: id, type: 'text', 'aria-describedby': id + '-error'}, attributes));
    return h('div', {class: 'field'}, h('label', {for: id}, label), input,
        hintText ? h('p', {class: 'hint'}, hintText) : null, h('p', {class: 'error', id: id + '-error'}));
  };
  const number = field('card-number', 'Card number',
      {inputmode: 'numeric', autocomplete: 'cc-number', placeholder: '4242 4242 4242 4242', maxlength: '23'});
  const expiry = field('card-expiry', 'Expiry (MM/YY)', {inputmode: 'numeric', autocomplete: 'cc-exp', placeholder: 'MM/YY', maxlength: '5'});
  const cvc = field('card-cvc', 'Security code', {inputmode: 'numeric', autocomplete: 'cc-csc', placeholder: '123', maxlength: '4'});
  const holder = field('card-holder', 'Name on card', {autocomplete: 'cc-name', maxlength: '100'});
  const input = id => byId(id) || element.querySelector('#' + id);

  const payCard = h('button', {type: 'submit', class: 'primary big', id: 'pay-card'});
  const testCards = h('details', {class: 'test-cards', open: true},
      h('summary', {}, 'Test cards — this shop takes no real money'),
      h('p', {class: 'small'}, 'Any future expiry date and any 3-digit security code work.'),
      h('ul', {}, TEST_CARDS.map(card => h('li', {},
          h('button', {type: 'button', onclick: () => useCard(card.number),
            'aria-label': 'Use test card ' + card.number + ', ' + card.label}, 'Use'),
          h('code', {}, card.number), h('span', {}, card.label)))));
  const cardForm = h('form', {id: 'card-form', novalidate: true, onsubmit: submitCard},
      number, h('div', {class: 'row'}, expiry, cvc), holder,
      h('div', {class: 'actions'}, payCard), testCards);
  const payTransfer = h('button', {type: 'button', class: 'primary big', id: 'pay-transfer', onclick: submitTransfer});
  const transferPanel = h('div', {id: 'transfer-panel'},
      h('p', {}, 'Pay from your bank account. You get our bank details and a payment reference next; your tickets ' +
          'are issued as soon as the money arrives.'),
      h('div', {class: 'actions'}, payTransfer));
  const methodCard = h('input', {type: 'radio', name: 'method', value: 'CARD', id: 'method-card', checked: true});
  const methodTransfer = h('input', {type: 'radio', name: 'method', value: 'MONEY_TRANSFER', id: 'method-transfer'});
  const methods = h('fieldset', {class: 'tabs', id: 'payment-methods'}, h('legend', {class: 'visually-hidden'}, 'Payment method'),
      h('div', {class: 'choice'}, methodCard, h('label', {class: 'type', for: 'method-card'}, 'Card')),
      h('div', {class: 'choice'}, methodTransfer, h('label', {class: 'type', for: 'method-transfer'}, 'Bank transfer')));
  const required = h('div', {id: 'required-method'});
  const element = h('div', {class: 'grid two'},
      h('section', {class: 'card', 'aria-labelledby': 'checkout-title'},
          h('h1', {id: 'checkout-title'}, 'Checkout'),
          holdTimer, confirming, declined, required, errors, methods, cardForm, transferPanel),
      h('aside', {class: 'card', 'aria-labelledby': 'summary-title'},
          h('h2', {id: 'summary-title'}, 'Your order'), summary(reservation),
          h('p', {class: 'small'}, 'Held tickets go back on sale when the time runs out.'),
          h('button', {type: 'button', class: 'link', id: 'leave',
            onclick: () => leave('Cancel your order? Your tickets go back on sale.')}, 'Cancel and release my tickets')));
  methods.addEventListener('change', () => update());

  const numberInput = number.querySelector('input');
  numberInput.addEventListener('input', () => {
    const digits = numberInput.value.replace(/\D/g, '').slice(0, 19);
    const grouped = digits.replace(/(\d{4})(?=\d)/g, '$1 ');
    if (grouped !== numberInput.value) numberInput.value = grouped;
  });
  const expiryInput = expiry.querySelector('input');
  expiryInput.addEventListener('input', event => {
    const digits = expiryInput.value.replace(/\D/g, '').slice(0, 4);
    if (event.inputType && event.inputType.startsWith('delete')) return;
    expiryInput.value = digits.length > 2 ? digits.slice(0, 2) + '/' + digits.slice(2) : digits;
  });

  function useCard(cardNumber) {
    input('card-number').value = cardNumber;
    if (!input('card-expiry').value) input('card-expiry').value = '12/' + String((new Date().getFullYear() + 3) % 100).padStart(2, '0');
    if (!input('card-cvc').value) input('card-cvc').value = '123';
    if (!input('card-holder').value) input('card-holder').value = 'Test Fan';
    input('card-number').focus();
  }

  async function submitCard(event) {
    event.preventDefault();
    problem = null;
    fieldErrors = {};
    const card = {
      number: input('card-number').value.replace(/\s/g, ''),
      expiry: input('card-expiry').value.trim(),
      cvc: input('card-cvc').value.trim(),
      holder: input('card-holder').value.trim()
    };
    if (!card.number) fieldErrors.number = 'Enter the card number.';
    if (!/^\d{2}\/\d{2}$/.test(card.expiry)) fieldErrors.expiry = 'Enter the expiry as MM/YY.';
    if (!/^\d{3,4}$/.test(card.cvc)) fieldErrors.cvc = 'Enter the 3 or 4 digits on the back of the card.';
    if (Object.keys(fieldErrors).length) {
      update();
      const first = element.querySelector('[aria-invalid="true"]');
      if (first) first.focus();
      return;
    }
    await pay(() => api.payByCard(app.sessionId, card));
  }

  async function submitTransfer() {
    problem = null;
    fieldErrors = {};
    await pay(() => api.payByTransfer(app.sessionId));
  }

  async function pay(request) {
    paying = true;
    update();
    try {
      accept(await request());
      paying = false;
    } catch (failure) {
      paying = false;
      if (failure instanceof ApiError && failure.slug === 'invalid-card') {
        fieldErrors = failure.errors;
        problem = 'Please check the card details.';
      } else if (failure instanceof ApiError && failure.slug === 'payment-method-required') {
        problem = 'This order has to be paid by bank transfer.';
        if (app.live) app.live.catchUp();
      } else if (failure instanceof ApiError && failure.status === 409) {
        problem = failure.message;
        if (app.live) app.live.catchUp();
      } else {
        problem = failure.message;
      }
      update();
      const first = element.querySelector('[aria-invalid="true"]');
      if (first) first.focus();
    }
  }

  function update() {
    const session = app.session;
    const payment = session.payment || {};
    const current = session.reservation || reservation;
    setDeadline(holdTimer, current.expiresAt);
    const transferOnly = payment.requiredMethod === 'MONEY_TRANSFER';
    if (transferOnly) methodTransfer.checked = true;
    fill(required, transferOnly ? h('div', {class: 'alert info'},
        h('strong', {}, 'Bank transfer required'), 'Orders of this size are paid by bank transfer.') : null);
    const byCard = methodCard.checked;
    cardForm.hidden = !byCard;
    transferPanel.hidden = byCard;
    fill(declined, payment.status === 'DECLINED' ? h('div', {class: 'alert bad'},
        h('strong', {}, 'Your payment was declined' + (payment.declineReason ? ' (' + format.reason(payment.declineReason) + ')' : '')),
        'Nothing was charged. Try another card — your tickets are still held for you.') : null);
    fill(errors, problem ? h('div', {class: 'alert bad'}, problem) : null);
    const fields = {number: 'card-number', expiry: 'card-expiry', cvc: 'card-cvc', holder: 'card-holder'};
    for (const [name, id] of Object.entries(fields)) {
      const message = fieldErrors[name];
      const field = input(id);
      if (message) field.setAttribute('aria-invalid', 'true'); else field.removeAttribute('aria-invalid');
      text(input(id + '-error'), message ? format.reason(message) : '');
    }
    const amount = format.money(current.amount, current.currency);
    const pending = session.stage === 'PAYMENT_PENDING';
    fill(confirming, pending ? h('div', {class: 'alert info'}, h('div', {class: 'spinner', 'aria-hidden': 'true'}),
        h('strong', {}, 'Confirming your payment of ' + amount
            + (payment.card ? ' with ' + (payment.card.brand || 'card') + ' •••• ' + payment.card.last4 : '') + '…'),
        'This takes a few seconds. Please keep this page open.') : null);
    if (pending) fill(declined);
    for (const control of cardForm.querySelectorAll('input, button')) control.disabled = pending || paying;
    methodCard.disabled = transferOnly || pending;
    methodTransfer.disabled = pending;
    payTransfer.disabled = paying || pending;
    text(payCard, paying || pending ? 'Paying…' : 'Pay ' + amount);
    text(payTransfer, paying ? 'Please wait…' : 'Pay ' + amount + ' by bank transfer');
  }

  return {element, update, reset() { paying = false; }};
}

/** A money transfer: the bank details once the provider has them; the tickets follow when the money arrives. */
function pendingView() {
  const body = h('div', {id: 'pending-body'});
  const element = h('section', {class: 'card narrow', 'aria-labelledby': 'pending-title'},
      h('h1', {id: 'pending-title'}, 'Waiting for your transfer'), body);
  let signature = null;
  return {
    element,
    update() {
      const session = app.session;
      const transfer = (session.payment || {}).moneyTransfer;
      const reservation = session.reservation || {};
      const next = transfer ? transfer.reference : '';
      if (next === signature) return;
      signature = next;
      fill(body, transfer ? [
        h('p', {}, 'Please transfer the amount below. Your tickets are issued as soon as the money arrives — you ' +
            'can close this page and come back.'),
        h('dl', {class: 'instructions', id: 'transfer-instructions'}, [
          ['Beneficiary', transfer.beneficiary], ['IBAN', transfer.iban], ['BIC', transfer.bic],
          ['Reference', transfer.reference], ['Amount', format.money(transfer.amount, transfer.currency)],
          ['Pay by', format.dateTime(transfer.dueBy)]
        ].map(([label, value]) => [h('dt', {}, label), h('dd', {}, value)])),
        h('p', {class: 'alert warn'}, 'Use the reference exactly as shown, or the payment cannot be matched to your order.'),
        summary(reservation)
      ] : [h('div', {class: 'spinner', 'aria-hidden': 'true'}), h('p', {role: 'status'}, 'Getting the bank details for your transfer…')]);
    }
  };
}

function paidView() {
  return {
    element: h('section', {class: 'card narrow', 'aria-labelledby': 'paid-title'},
        h('div', {class: 'alert good'}, h('strong', {}, 'Payment received'), 'Thank you!'),
        h('h1', {id: 'paid-title'}, 'Issuing your tickets…'),
        h('div', {class: 'spinner', 'aria-hidden': 'true'}))
  };
}

function ticketsView() {
  const list = h('ul', {class: 'tickets', id: 'tickets'});
  const summaryLine = h('p', {id: 'tickets-summary'});
  const link = h('input', {type: 'text', id: 'tickets-link', readonly: true, 'aria-describedby': 'tickets-link-hint'});
  const copy = h('button', {type: 'button', id: 'copy-link', onclick: copyLink}, 'Copy link');
  const element = h('div', {},
      h('section', {class: 'card', 'aria-labelledby': 'tickets-title'},
          h('div', {class: 'alert good no-print'}, h('strong', {}, 'You’re going to the concert!'),
              'Your order is complete. Show the QR codes at the entrance.'),
          h('h1', {id: 'tickets-title'}, 'Your tickets'), summaryLine, list,
          h('div', {class: 'field no-print'}, h('label', {for: 'tickets-link'}, 'Come back to your tickets any time'),
              h('div', {class: 'copy-field'}, link, copy),
              h('p', {class: 'hint', id: 'tickets-link-hint'}, 'Keep this link to yourself: whoever has it can see your tickets.')),
          h('div', {class: 'actions'},
              h('button', {type: 'button', onclick: () => window.print()}, 'Print tickets'),
              h('button', {type: 'button', class: 'primary', id: 'buy-more', onclick: () => startOver(false)},
                  'Back to the shop'))));
  let signature = null;

  async function copyLink() {
    try {
      await navigator.clipboard.writeText(link.value);
      text(copy, 'Copied');
    } catch {
      link.select();
    }
  }

  return {
    element,
    update() {
      const session = app.session;
      link.value = ticketsLink(session.sessionId);
      const tickets = session.tickets || [];
      const next = tickets.map(ticket => ticket.code).join(',');
      if (next === signature) return;
      signature = next;
      const reservation = session.reservation;
      text(summaryLine, reservation ? reservation.quantity + ' × ' + typeName(reservation.ticketType) + ' — '
          + format.money(reservation.amount, reservation.currency) + ' paid' : '');
      fill(list, tickets.length ? tickets.map((ticket, index) => h('li', {class: 'ticket'},
          h('header', {}, (app.sale?.name || 'Concert') + ' · ' + typeName(ticket.ticketType)),
          h('img', {src: api.qrCode(session.sessionId, ticket.code), alt: 'QR code of ticket ' + ticket.code,
            width: '176', height: '176', loading: index > 3 ? 'lazy' : null}),
          h('p', {class: 'code ticket-code'}, ticket.code)))
          : h('li', {}, h('div', {class: 'spinner', 'aria-hidden': 'true'}), 'Your ticket codes are on their way…'));
    }
  };
}

const EXITS = {
  LEFT: ['You left the sale', 'Nothing was charged, and any tickets you held went back on sale.'],
  SESSION_EXPIRED: ['Your session timed out', 'We did not hear from this page for a while, so your place was given up.'],
  SOLD_OUT: ['Sold out', 'Every ticket has been sold. Sorry — and thank you for queueing.'],
  OVER_LIMIT: ['Over the ticket limit', 'You asked for more tickets than one customer may buy.'],
  INVALID_TOKEN: ['Your turn had ended', 'Your time to choose tickets ran out.'],
  SALE_CLOSED: ['The sale is closed', 'This sale no longer takes orders.'],
  HOLD_EXPIRED: ['Your reservation expired', 'The payment was not completed in time, so the tickets went back on sale.'],
  TIMED_OUT: ['Your reservation timed out', 'The payment was not completed in time, so the tickets went back on sale.']
};

function exitView() {
  const session = app.session;
  const exit = session.exit || {};
  const [title, fallback] = EXITS[exit.reason] || (session.stage === 'EXPIRED'
      ? EXITS.HOLD_EXPIRED : ['We could not complete your order', 'This order ended.']);
  const canQueue = () => app.sale && app.sale.status === 'OPEN';
  const again = h('button', {type: 'button', class: 'primary', id: 'queue-again', onclick: () => startOver(true)},
      'Join the queue again');
  const element = h('section', {class: 'card narrow', 'aria-labelledby': 'exit-title'},
      h('div', {class: 'alert ' + (session.stage === 'ABANDONED' ? 'info' : 'bad')},
          h('strong', {id: 'exit-reason'}, format.reason(exit.reason || session.stage))),
      h('h1', {id: 'exit-title'}, title),
      h('p', {id: 'exit-message'}, exit.message && session.stage !== 'EXPIRED' ? exit.message : fallback),
      h('div', {class: 'actions'}, again,
          h('button', {type: 'button', id: 'back-to-shop', onclick: () => startOver(false)}, 'Back to the concert page')));
  return {
    element,
    update() {
      again.hidden = !canQueue();
    }
  };
}

function goneView() {
  const reset = app.gone === 'reset';
  return {
    element: h('section', {class: 'card narrow', 'aria-labelledby': 'gone-title'},
        h('h1', {id: 'gone-title'}, reset ? 'The sale was restarted' : 'This order is no longer available'),
        h('p', {}, reset ? 'The organiser reset the sale, so earlier places in the queue no longer count. You can ' +
            'join the new sale from the concert page.' : 'It belonged to an earlier sale that has since been replaced.'),
        h('div', {class: 'actions'},
            h('button', {type: 'button', class: 'primary', id: 'back-to-shop', onclick: () => startOver(false)},
                'Go to the concert page')))
  };
}

// ------------------------------------------------------------------ start

async function start() {
  app.started = true;
  window.addEventListener('hashchange', route);
  setInterval(tick, 1000);
  setInterval(() => {
    const name = app.view ? app.view.name : null;
    if (document.visibilityState === 'visible' && (name === 'concert' || name === 'select' || name === 'exit')) {
      refreshSale();
    }
  }, 5000);
  await refreshSale();
  route();
}

start();
