// The backoffice: live counters (GET /api/admin/sale), admission control, sale setup and reset, and the broker's event
// log relayed by the gateway (/api/admin/events, /api/admin/events/stream), deploying process model versions
// through the Zeebe CloudEvents router (/api/admin/process) and where the process instances are
// (/api/admin/process/statistics), and the broker's dead letters (/api/admin/dead-letters), replayed or discarded.
// The browser's HTTP Basic sign-in for
// /backoffice covers every request the page makes.

import {ApiError, call} from '/js/api.js';
import {byId, fill, h, text} from '/js/dom.js';
import * as format from '/js/format.js';

const STAGES = ['NEW', 'QUEUED', 'ADMITTED', 'RESERVED', 'PAYMENT_PENDING', 'PAID', 'COMPLETED', 'ABANDONED',
  'REJECTED', 'EXPIRED'];
const EXITS = new Set(['ABANDONED', 'REJECTED', 'EXPIRED']);
const MAX_ROWS = 300;
const COUNTERS_EVERY = 2000;

const state = {
  counters: null,
  sale: null,
  setupFilled: false,
  admissionFilled: false,
  signedOut: false
};

function problemText(error) {
  if (error instanceof ApiError && Object.keys(error.errors).length) {
    return Object.entries(error.errors).map(([field, message]) => field + ' ' + message).join('; ');
  }
  return error.message;
}

function signedOut(error) {
  if (error instanceof ApiError && error.status === 401 && !state.signedOut) {
    state.signedOut = true;
    fill(byId('auth-problem'), h('div', {class: 'alert bad'}, h('strong', {}, 'Signed out'),
        'The admin credential is no longer accepted. Reload the page to sign in again.'));
  }
}

// ------------------------------------------------------------------ counters

let refreshing = null;

async function refreshCounters() {
  if (refreshing) return refreshing;
  refreshing = (async () => {
    try {
      const [counters, sale] = await Promise.all([call('GET', '/api/admin/sale'), call('GET', '/api/sale')]);
      state.counters = counters;
      state.sale = sale;
      renderCounters();
      fillAdmission();
      fillSetup();
    } catch (error) {
      signedOut(error);
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

let soon = null;

/** After events arrive: refresh the counters shortly (once for a burst of events). */
function refreshSoon() {
  if (soon) return;
  soon = setTimeout(() => {
    soon = null;
    refreshCounters();
  }, 300);
}

function stat(id, value, sub) {
  const element = byId(id);
  const shown = format.count(value);
  const valueElement = element.querySelector('.value');
  if (valueElement.textContent !== shown) {
    valueElement.textContent = shown;
    element.dataset.value = String(value);
    element.classList.remove('flash');
    void element.offsetWidth;
    element.classList.add('flash');
  }
  if (sub !== undefined) text(element.querySelector('.sub'), sub);
}

function renderCounters() {
  const counters = state.counters;
  const sale = state.sale || {};
  text(byId('sale-name'), sale.name || 'No sale open');
  const status = byId('sale-status');
  status.dataset.status = counters.status;
  text(status, {OPEN: 'Open', SOLD_OUT: 'Sold out', NOT_OPEN: 'Not open'}[counters.status] || counters.status);
  text(byId('sale-facts'), counters.saleId ? [
    'Sale ' + counters.saleId,
    sale.maxTicketsPerCustomer ? 'up to ' + sale.maxTicketsPerCustomer + ' per customer' : null,
    sale.holdSeconds ? format.duration(sale.holdSeconds) + ' hold' : null,
    counters.progressAt ? 'queue reported at ' + format.clock(counters.progressAt) : null
  ].filter(Boolean).join(' · ') : 'Open a sale below.');

  stat('stat-queued', counters.queued, counters.paused ? 'admission paused' : 'waiting for their turn');
  stat('stat-admitted', counters.admittedTotal, counters.ratePerSecond !== null && counters.ratePerSecond !== undefined
      ? 'at ' + counters.ratePerSecond + ' per second' : '');
  stat('stat-active', counters.activeShoppers, counters.maxActiveShoppers ? 'cap ' + format.count(counters.maxActiveShoppers) : '');
  stat('stat-reserved', counters.reserved);
  const total = counters.ticketTypes.reduce((sum, type) => sum + type.total, 0);
  stat('stat-sold', counters.sold, total ? Math.round(100 * counters.sold / total) + '% of ' + format.count(total) : '');
  stat('stat-remaining', counters.remaining);

  const currency = sale.currency;
  fill(byId('inventory').tBodies[0], counters.ticketTypes.map(type => {
    const sold = type.total ? 100 * type.sold / type.total : 0;
    const reserved = type.total ? 100 * type.reserved / type.total : 0;
    return h('tr', {id: 'inventory-' + type.type, dataset: {available: type.available, sold: type.sold, reserved: type.reserved}},
        h('th', {scope: 'row'}, type.name, h('div', {class: 'small'}, type.type)),
        h('td', {class: 'num'}, format.money(type.price, currency)),
        h('td', {class: 'num'}, format.count(type.total)),
        h('td', {class: 'num available'}, format.count(type.available)),
        h('td', {class: 'num reserved'}, format.count(type.reserved)),
        h('td', {class: 'num sold'}, format.count(type.sold)),
        h('td', {}, h('div', {class: 'stack', role: 'img',
          'aria-label': Math.round(sold) + '% sold, ' + Math.round(reserved) + '% reserved'},
        h('span', {class: 'sold', style: 'width:' + sold + '%'}),
        h('span', {class: 'reserved', style: 'width:' + reserved + '%'}))));
  }));

  const byStage = counters.sessionsByStage || {};
  const most = Math.max(1, ...STAGES.map(stage => byStage[stage] || 0));
  fill(byId('funnel'), STAGES.map(stage => h('div', {class: EXITS.has(stage) ? 'exit' : '', id: 'funnel-' + stage},
      h('span', {}, format.reason(stage)),
      h('span', {}, h('span', {class: 'bar', style: 'display:block;width:' + (100 * (byStage[stage] || 0) / most) + '%'})),
      h('span', {class: 'num'}, format.count(byStage[stage] || 0)))));
}

// ------------------------------------------------------------------ admission

function fillAdmission(force) {
  const counters = state.counters;
  if (!counters || counters.ratePerSecond === null || counters.ratePerSecond === undefined) return;
  if (!state.admissionFilled || force) {
    byId('admission-rate').value = counters.ratePerSecond;
    byId('admission-cap').value = counters.maxActiveShoppers;
    byId('admission-paused').checked = Boolean(counters.paused);
    state.admissionFilled = true;
  }
  text(byId('admission-toggle'), counters.paused ? 'Resume admission' : 'Pause admission');
}

async function applyAdmission(paused) {
  const body = {
    ratePerSecond: Number(byId('admission-rate').value),
    maxActiveShoppers: Number(byId('admission-cap').value),
    paused
  };
  const result = byId('admission-result');
  try {
    await call('PUT', '/api/admin/sale/admission', body);
    text(result, 'Saved: ' + body.ratePerSecond + ' per second, up to ' + body.maxActiveShoppers + ' shopping, '
        + (paused ? 'paused.' : 'running.'));
    await refreshCounters();
    fillAdmission(true);
  } catch (error) {
    signedOut(error);
    text(result, 'Not saved: ' + problemText(error));
  }
}

// ------------------------------------------------------------------ sale setup

function typeRow(type = {type: '', name: '', price: '', quantity: ''}) {
  const index = byId('setup-types').childElementCount;
  const id = 'setup-type-' + index + '-' + Math.random().toString(36).slice(2, 7);
  const input = (name, label, attributes) => h('div', {},
      h('label', {for: id + '-' + name}, label),
      h('input', Object.assign({id: id + '-' + name, 'data-name': name}, attributes)));
  const row = h('div', {class: 'type-row'},
      input('type', 'Code', {type: 'text', value: type.type, maxlength: '40', required: true, spellcheck: 'false'}),
      input('name', 'Name', {type: 'text', value: type.name, maxlength: '200'}),
      input('price', 'Price', {type: 'number', value: type.price, min: '0', step: '0.01', required: true}),
      input('quantity', 'Quantity', {type: 'number', value: type.quantity, min: '0', step: '1', required: true}),
      h('button', {type: 'button', class: 'danger', 'aria-label': 'Remove this ticket type',
        onclick: () => { if (byId('setup-types').childElementCount > 1) row.remove(); }}, 'Remove'));
  return row;
}

function fillSetup(force) {
  const sale = state.sale;
  const counters = state.counters;
  if ((state.setupFilled && !force) || !sale || !counters) return;
  byId('setup-name').value = sale.name || '';
  byId('setup-currency').value = sale.currency || 'EUR';
  byId('setup-limit').value = sale.maxTicketsPerCustomer || 10;
  byId('setup-hold').value = sale.holdSeconds || 120;
  byId('setup-rate').value = counters.ratePerSecond ?? 50;
  byId('setup-cap').value = counters.maxActiveShoppers ?? 500;
  byId('setup-paused').checked = false;
  const types = sale.ticketTypes && sale.ticketTypes.length ? sale.ticketTypes
      : [{type: 'GENERAL', name: 'General admission', price: 50, total: 1000}];
  fill(byId('setup-types'));
  for (const type of types) {
    byId('setup-types').append(typeRow({type: type.type, name: type.name, price: type.price, quantity: type.total}));
  }
  state.setupFilled = true;
}

function setupBody() {
  const number = id => {
    const value = byId(id).value.trim();
    return value === '' ? null : Number(value);
  };
  return {
    name: byId('setup-name').value.trim() || null,
    currency: byId('setup-currency').value.trim().toUpperCase(),
    maxTicketsPerCustomer: number('setup-limit'),
    holdSeconds: number('setup-hold'),
    admission: {
      ratePerSecond: number('setup-rate'),
      maxActiveShoppers: number('setup-cap'),
      paused: byId('setup-paused').checked
    },
    ticketTypes: [...byId('setup-types').children].map(row => {
      const value = name => row.querySelector('[data-name="' + name + '"]').value.trim();
      return {
        type: value('type'),
        name: value('name') || null,
        price: value('price') === '' ? null : Number(value('price')),
        quantity: value('quantity') === '' ? null : Number(value('quantity'))
      };
    })
  };
}

function confirmReset() {
  const dialog = byId('confirm-reset');
  if (typeof dialog.showModal !== 'function') {
    return Promise.resolve(window.confirm('Reset the sale? Every session ends.'));
  }
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise(resolve => dialog.addEventListener('close', () => resolve(dialog.returnValue === 'yes'),
      {once: true}));
}

async function openSale(event) {
  event.preventDefault();
  const errors = byId('setup-errors');
  fill(errors);
  if (!await confirmReset()) return;
  const button = byId('setup-open');
  button.disabled = true;
  try {
    const opened = await call('PUT', '/api/admin/sale', setupBody());
    text(byId('setup-result'), 'Opened “' + (opened.name || 'the sale') + '” at ' + format.clock(opened.openedAt) + '.');
    await refreshCounters();
    fillSetup(true);
    fillAdmission(true);
  } catch (error) {
    signedOut(error);
    fill(errors, h('div', {class: 'alert bad'}, h('strong', {}, 'The sale was not opened'),
        error instanceof ApiError && Object.keys(error.errors).length
            ? h('ul', {}, Object.entries(error.errors).map(([field, message]) => h('li', {}, field + ': ' + message)))
            : error.message));
    errors.scrollIntoView({block: 'nearest'});
  } finally {
    button.disabled = false;
  }
}

// ------------------------------------------------------------------ event log

const log = {
  source: null,
  type: '',
  session: '',
  paused: false,
  held: [],
  last: 0,
  generation: 0
};

function logStatus(status, message) {
  const element = byId('log-status');
  element.dataset.status = status;
  text(element, message);
}

function shortId(id) {
  return id && id.length > 13 ? id.slice(0, 8) + '…' : id || '';
}

function dataSummary(data) {
  if (!data || typeof data !== 'object') return data === undefined || data === null ? '' : String(data);
  const parts = [];
  for (const [key, value] of Object.entries(data)) {
    if (key === 'sessionId' || key === 'admissionToken' || value === null || value === undefined) continue;
    let shown;
    if (Array.isArray(value)) {
      shown = value.length && value[0] && typeof value[0] === 'object'
          ? value.map(item => item.code || item.type || '').filter(Boolean).join(', ') || value.length + ' items'
          : value.join(', ');
    } else if (typeof value === 'object') {
      shown = Object.entries(value).map(([k, v]) => k + ' ' + v).join(', ');
    } else {
      shown = String(value);
    }
    if (/Id$/.test(key)) shown = shortId(shown);
    parts.push(key + ': ' + (shown.length > 40 ? shown.slice(0, 39) + '…' : shown));
    if (parts.length === 3) break;
  }
  return parts.join(' · ');
}

/** "frontend-gateway" for the Trigger "frontend-gateway-tickets-issued" of a Tickets.Issued event. */
function subscriber(trigger, type) {
  const suffix = '-' + String(type || '').replace(/([a-z])([A-Z])/g, '$1-$2').replace('.', '-').toLowerCase();
  return trigger && trigger.endsWith(suffix) ? trigger.slice(0, -suffix.length) : trigger || '';
}

function filterButton(label, title, apply) {
  return h('button', {type: 'button', class: 'filter-link', title, onclick: apply}, label);
}

function eventRow(event, fresh) {
  const attributes = event.attributes || {};
  const session = attributes.correlationkey;
  const source = String(attributes.source || '').replace('urn:concertsale:', '');
  const details = h('details', {},
      h('summary', {}, dataSummary(event.data) || 'details'),
      h('pre', {}, JSON.stringify({attributes, data: event.data ?? event.dataBase64, replyTo: event.replyTo}, null, 2)));
  return h('tr', {class: fresh ? 'fresh' : null, dataset: {sequence: event.sequence, type: attributes.type || ''}},
      h('td', {class: 'num'}, event.sequence),
      h('td', {class: 'nowrap'}, h('time', {datetime: event.receivedAt}, format.clock(event.receivedAt))),
      h('td', {}, filterButton(h('span', {class: 'type-name'}, attributes.type), 'Show only ' + attributes.type,
          () => setFilter(attributes.type, log.session))),
      h('td', {class: 'mono'}, session ? filterButton(shortId(session), 'Show only session ' + session,
          () => setFilter(log.type, session)) : h('span', {class: 'muted'}, '—')),
      h('td', {class: 'nowrap'}, source),
      h('td', {}, details),
      h('td', {}, (event.deliveries || []).map(delivery => h('span', {class: 'delivery', dataset: {status: delivery.status},
        title: 'Trigger ' + delivery.trigger + ': ' + format.reason(delivery.status) + ' → ' + (delivery.target || '')
            + (delivery.lastError ? ' — ' + delivery.lastError : '')},
      subscriber(delivery.trigger, attributes.type) + ({DELIVERED: ' ✓', PENDING: ''}[delivery.status]
          ?? ' · ' + format.reason(delivery.status))))));
}

function addEvents(events, fresh) {
  const body = byId('event-log').tBodies[0];
  const newer = events.filter(event => event.sequence > log.last).sort((a, b) => a.sequence - b.sequence);
  for (const event of newer) {
    body.prepend(eventRow(event, fresh));
    log.last = event.sequence;
  }
  while (body.rows.length > MAX_ROWS) body.deleteRow(body.rows.length - 1);
  if (newer.length && fresh) refreshSoon();
}

function setFilter(type, session) {
  byId('log-type').value = type || '';
  byId('log-session').value = session || '';
  followLog();
}

async function followLog() {
  const generation = ++log.generation;
  if (log.source) log.source.close();
  log.source = null;
  log.type = byId('log-type').value;
  log.session = byId('log-session').value.trim();
  log.last = 0;
  log.held = [];
  fill(byId('event-log').tBodies[0]);
  logStatus('connecting', 'Connecting to the event log…');
  const query = new URLSearchParams();
  if (log.type) query.set('type', log.type);
  if (log.session) query.set('correlationkey', log.session);
  try {
    const recent = await call('GET', '/api/admin/events?limit=100' + (query.size ? '&' + query : ''));
    if (generation !== log.generation) return;
    addEvents(recent, false);
  } catch (error) {
    signedOut(error);
    if (generation !== log.generation) return;
    if (error instanceof ApiError && error.status === 503) {
      logStatus('unavailable', 'Event log unavailable: ' + error.message);
    }
  }
  if (generation !== log.generation) return;
  if (log.last) query.set('after', String(log.last));
  const source = new EventSource(new URL('/api/admin/events/stream' + (query.size ? '?' + query : ''), location.origin));
  log.source = source;
  source.addEventListener('connected', () => logStatus('live', 'Live — showing events as the broker routes them'
      + (log.type || log.session ? ' (filtered)' : '') + '.'));
  source.addEventListener('unavailable', message => {
    let detail = '';
    try { detail = JSON.parse(message.data).detail; } catch { /* no detail */ }
    logStatus('unavailable', 'Event log unavailable: ' + (detail || 'the broker cannot be reached') + ' Retrying by itself.');
  });
  source.addEventListener('gap', message => {
    let missed = '?';
    try { missed = JSON.parse(message.data).missed; } catch { /* unknown count */ }
    byId('event-log').tBodies[0].prepend(h('tr', {}, h('td', {colspan: '7', class: 'muted'},
        missed + ' events were skipped because the page fell behind.')));
  });
  source.onmessage = message => {
    let event;
    try { event = JSON.parse(message.data); } catch { return; }
    if (log.paused) {
      log.held.push(event);
      logStatus('live', 'Paused — ' + log.held.length + ' new events held back.');
    } else {
      addEvents([event], true);
    }
  };
  source.onerror = () => {
    if (source.readyState === EventSource.CLOSED) {
      logStatus('unavailable', 'Event log unavailable. Reload the page to try again.');
    } else if (byId('log-status').dataset.status !== 'unavailable') {
      logStatus('connecting', 'Reconnecting to the event log…');
    }
  };
}

function togglePause() {
  log.paused = !log.paused;
  const button = byId('log-pause');
  button.setAttribute('aria-pressed', String(log.paused));
  text(button, log.paused ? 'Resume' : 'Pause');
  if (!log.paused) {
    addEvents(log.held, true);
    log.held = [];
    logStatus('live', 'Live — showing events as the broker routes them.');
  }
}

async function loadEventTypes() {
  try {
    const types = await call('GET', '/api/admin/events/types');
    byId('log-type').append(...types.map(type => h('option', {value: type.type, title: type.meaning}, type.type)));
  } catch (error) {
    signedOut(error);
  }
}

// ------------------------------------------------------------------ process model (Zeebe router)

// What each bundled version adds to the journey (the router itself knows no tickets).
const MODEL_ADDS = {
  'tickets-v1': 'v1 visibility: watches the journey and completes at "Tickets Purchased". It only listens.',
  'tickets-v2': 'v2 timers: payment reminders while a customer does not pay, and a time-out that releases the tickets.',
  'tickets-v3': 'v3 orchestration: emits the tickets, books a follow-up, and cleans up when a customer abandons.',
  'tickets-v4': 'v4 decisions: orders of 10 or more tickets are paid by money transfer.'
};

function describeModel(name) {
  return MODEL_ADDS[name] || 'A model bundled with the router.';
}

function deploymentLine(deployment) {
  const processes = (deployment.processes || [])
      .map(process => process.bpmnProcessId + ' version ' + process.version).join(', ');
  const resources = (deployment.resources || []).join(', ');
  return resources + (processes ? ' → ' + processes : '')
      + (deployment.deployedAt ? ' at ' + format.clock(deployment.deployedAt) : '');
}

async function refreshProcess() {
  const select = byId('model-version');
  const button = byId('deploy-model');
  try {
    const overview = await call('GET', '/api/admin/process');
    if (!overview.available) {
      text(byId('process-status'), 'Process models are unavailable: ' + overview.detail);
      select.disabled = true;
      button.disabled = true;
      return;
    }
    text(byId('process-status'), '');
    const chosen = select.value;
    fill(select, ...overview.models.map(model => h('option', {value: model.name}, model.name)));
    if (chosen && overview.models.some(model => model.name === chosen)) select.value = chosen;
    select.disabled = overview.models.length === 0;
    button.disabled = overview.models.length === 0;
    text(byId('model-adds'), select.value ? describeModel(select.value) : 'The router offers no models.');
    const list = byId('deployments');
    fill(list, ...(overview.deployments.length
        ? overview.deployments.map(deployment => h('li', {}, deploymentLine(deployment)))
        : [h('li', {}, 'none yet')]));
  } catch (error) {
    signedOut(error);
    text(byId('process-status'), 'Process models are unavailable: ' + problemText(error));
  }
}

// The process monitor: per deployed version, the elements instances are at now or passed. The newest version is
// always shown; older ones while they have instances.
let monitoring = null;

async function refreshMonitor() {
  if (monitoring) return monitoring;
  monitoring = (async () => {
    try {
      renderMonitor(await call('GET', '/api/admin/process/statistics'));
    } catch (error) {
      signedOut(error);
      text(byId('monitor-status'), 'The process monitor is unavailable: ' + problemText(error));
    } finally {
      monitoring = null;
    }
  })();
  return monitoring;
}

function renderMonitor(statistics) {
  const processes = statistics.processes || [];
  text(byId('monitor-status'), !statistics.available ? statistics.detail
      : processes.length ? '' : 'No model deployed: the services choreograph the sale.');
  if (!statistics.available) {
    fill(byId('process-monitor'));
    return;
  }
  const newest = new Set();
  const shown = processes.filter(process => {
    const first = !newest.has(process.bpmnProcessId);
    newest.add(process.bpmnProcessId);
    return first || process.elements.some(element => element.active > 0);
  });
  fill(byId('process-monitor'), ...shown.flatMap(process => {
    const rows = process.elements.filter(element => element.active + element.completed + element.terminated
        + (element.incidents || 0) > 0);
    return [diagramOf(process), h('table', {class: 'data monitor', dataset: {version: process.version}},
        h('caption', {}, process.bpmnProcessId + ' version ' + process.version),
        h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Element'), h('th', {scope: 'col', class: 'num'}, 'Now'),
            h('th', {scope: 'col', class: 'num'}, 'Passed'))),
        h('tbody', {}, ...(rows.length ? rows.map(element => h('tr', {dataset: {element: element.id},
            class: element.incidents > 0 ? 'incident' : element.active > 0 ? 'active' : ''},
            h('td', {title: element.id + ' (' + element.type + ')'}, element.name || element.id,
                element.incidents > 0 ? h('span', {class: 'small incident-text'}, ' ' + element.incidents
                    + (element.incidents === 1 ? ' incident: ' : ' incidents: ') + element.incidentMessages.join('; '))
                    : null),
            h('td', {class: 'num'}, String(element.active)),
            h('td', {class: 'num'}, String(element.completed + element.terminated))))
          : [h('tr', {}, h('td', {colspan: 3}, 'no instances yet'))])))];
  }));
}

// The deployed version drawn from its BPMN diagram (the shapes and lines the model carries), with the instances at
// each element now (green), the incidents open there (red) and how many passed (grey), as Operate shows them. Drawn
// here with SVG: no diagram library.
const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined && value !== false) element.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) {
      element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
  return element;
}

function diagramOf(process) {
  const diagram = process.diagram;
  if (!diagram || !diagram.shapes.length) return null;
  const elements = new Map(process.elements.map(element => [element.id, element]));
  // room around the shapes and the labels the modeler placed (labels without a place go under their event, and
  // may be wider than it); the diagram's width and height already reach the placed labels
  const boxes = diagram.shapes.flatMap(shape => shape.label ? [shape, shape.label] : [shape])
      .concat(diagram.edges.filter(edge => edge.label).map(edge => edge.label));
  const left = Math.min(...boxes.map(box => box.x)) - 60;
  const top = Math.min(...boxes.map(box => box.y)) - 30;
  const width = diagram.width - left + 60;
  const height = diagram.height - top + 40;
  const marker = 'arrow-' + process.processDefinitionKey;
  // an open sub-process is drawn first, so that what it contains (its flows too) lies on top of it
  const open = diagram.shapes.filter(shape => shape.expanded);
  const closed = diagram.shapes.filter(shape => !shape.expanded);
  return h('figure', {class: 'diagram', dataset: {version: process.version}},
      svg('svg', {viewBox: [left, top, width, height].join(' '), width: Math.round(width),
          role: 'img', 'aria-label': process.bpmnProcessId + ' version ' + process.version + ': where the instances are'},
        svg('defs', {}, svg('marker', {id: marker, viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7,
            markerHeight: 7, orient: 'auto-start-reverse'}, svg('path', {d: 'M0,0 L10,5 L0,10 z', class: 'arrow-head'}))),
        open.map(shape => shapeOf(shape, elements.get(shape.id))),
        diagram.edges.map(edge => svg('polyline', {class: 'flow', 'marker-end': 'url(#' + marker + ')',
            points: edge.points.map(point => point.x + ',' + point.y).join(' ')})),
        diagram.edges.filter(edge => edge.name).map(flowLabel),
        closed.map(shape => shapeOf(shape, elements.get(shape.id)))),
      h('figcaption', {class: 'small'}, process.bpmnProcessId + ' version ' + process.version
          + ': green, instances there now; red, open incidents; grey, passed'));
}

function shapeOf(shape, element) {
  const type = element ? element.type || '' : '';
  const name = element && element.name ? element.name : shape.id;
  const cx = shape.x + shape.width / 2;
  const cy = shape.y + shape.height / 2;
  let figure;
  let label;
  if (type.endsWith('Event')) {
    figure = [svg('circle', {cx, cy, r: Math.min(shape.width, shape.height) / 2,
      class: 'event ' + type + (type === 'boundaryEvent' || type.startsWith('intermediate') ? ' double' : '')})];
    if (type === 'boundaryEvent' || type.startsWith('intermediate')) {
      figure.push(svg('circle', {cx, cy, r: Math.min(shape.width, shape.height) / 2 - 3, class: 'event inner'}));
    }
    label = element && element.name ? placedLabel(name, shape.label, cx, shape.y + shape.height + 14) : null;
  } else if (type.endsWith('Gateway')) {
    figure = [svg('polygon', {class: 'gateway', points: [[cx, shape.y], [shape.x + shape.width, cy],
      [cx, shape.y + shape.height], [shape.x, cy]].map(point => point.join(',')).join(' ')}),
    svg('text', {x: cx, y: cy + 6, class: 'gateway-mark'}, type === 'parallelGateway' ? '+'
        : type === 'exclusiveGateway' ? '×' : '○')];
    label = element && element.name ? placedLabel(name, shape.label, cx, shape.y - 6) : null;
  } else {
    figure = [svg('rect', {x: shape.x, y: shape.y, width: shape.width, height: shape.height, rx: 10,
      class: shape.expanded ? 'activity open' : 'activity'})];
    label = shape.expanded
      ? svg('text', {x: shape.x + 8, y: shape.y + 16, class: 'label start'}, name)
      : svg('text', {x: cx, y: cy, class: 'label'}, ...lines(name, shape.width).map((line, index, all) =>
          svg('tspan', {x: cx, dy: index === 0 ? -(all.length - 1) * 7 + 4 : 14}, line)));
  }
  const badges = [];
  if (element && element.active > 0) {
    badges.push(badge('active', element.active, shape.x - 6, shape.y + shape.height - 8));
  }
  if (element && element.incidents > 0) {
    badges.push(badge('incident', element.incidents, shape.x + shape.width - 18, shape.y + shape.height - 8,
        element.incidentMessages.join('; ')));
  }
  const passed = element ? element.completed + element.terminated : 0;
  if (passed > 0) {
    badges.push(badge('passed', passed, shape.x + shape.width - 18, shape.y - 10));
  }
  return svg('g', {class: 'shape', 'data-element': shape.id},
      svg('title', {}, name + (element ? ' — now ' + element.active + ', passed ' + passed
          + (element.incidents > 0 ? ', incidents ' + element.incidents + ': ' + element.incidentMessages.join('; ')
            : '') : '')),
      figure, label, badges);
}

// A name where the modeler placed it (its label's bounds: centred, wrapped to the label's width), else one line
// centred at (x, y).
function placedLabel(name, bounds, x, y) {
  if (!bounds) return svg('text', {x, y, class: 'label'}, name);
  const cx = bounds.x + bounds.width / 2;
  return svg('text', {x: cx, y: bounds.y + 11, class: 'label'}, ...lines(name, bounds.width + 10, 6)
      .map((line, index) => svg('tspan', {x: cx, dy: index === 0 ? 0 : 13}, line)));
}

// A sequence flow's name (a gateway's outgoing flows say which way is which), where the modeler placed it, else
// beside the middle of its line.
function flowLabel(edge) {
  if (edge.label) return svg('g', {class: 'flow-label', 'data-flow': edge.id}, placedLabel(edge.name, edge.label));
  const middle = edge.points[Math.floor((edge.points.length - 1) / 2)];
  return svg('g', {class: 'flow-label', 'data-flow': edge.id}, placedLabel(edge.name, null, middle.x + 6, middle.y - 6));
}

function badge(kind, count, x, y, title) {
  const width = 12 + String(count).length * 7;
  return svg('g', {class: 'badge ' + kind},
      title ? svg('title', {}, title) : null,
      svg('rect', {x, y, width, height: 16, rx: 8}),
      svg('text', {x: x + width / 2, y: y + 12}, String(count)));
}

/** Splits a name into lines that fit a width (about 7 px a character, or as given). */
function lines(name, width, pixelsPerCharacter = 7) {
  const perLine = Math.max(6, Math.floor((width - 10) / pixelsPerCharacter));
  const words = name.split(/\s+/);
  const result = [];
  let line = '';
  for (const word of words) {
    if (line && (line + ' ' + word).length > perLine) {
      result.push(line);
      line = word;
    } else {
      line = line ? line + ' ' + word : word;
    }
  }
  if (line) result.push(line);
  return result.slice(0, 4);
}

async function deployModel() {
  const model = byId('model-version').value;
  const result = byId('deploy-result');
  const button = byId('deploy-model');
  button.disabled = true;
  text(result, 'Deploying ' + model + '…');
  try {
    const deployment = await call('POST', '/api/admin/process/deployments', {model});
    text(result, 'Deployed ' + deploymentLine(deployment) + '. The broker routes '
        + (deployment.messages || []).length + ' event types to the process.');
  } catch (error) {
    signedOut(error);
    text(result, 'Not deployed: ' + problemText(error));
  } finally {
    button.disabled = false;
    await refreshProcess();
    refreshMonitor();
  }
}

// ------------------------------------------------------------------ dead letters

const DEAD_LETTERS_EVERY = 5000;

/** Why a delivery failed: the subscriber's HTTP status and the start of its answer (knativeerrordata, base64). */
function failure(attributes) {
  let answer = '';
  if (attributes.knativeerrordata) {
    try {
      const bytes = Uint8Array.from(atob(attributes.knativeerrordata), c => c.charCodeAt(0));
      answer = new TextDecoder().decode(bytes);
      try {
        const problem = JSON.parse(answer);
        answer = problem.detail || problem.title || answer;
      } catch (ignored) {
        // not a problem+json answer: shown as it came
      }
    } catch (ignored) {
      answer = '';
    }
  }
  const code = attributes.knativeerrorcode ? 'HTTP ' + attributes.knativeerrorcode : 'no answer';
  return code + (answer ? ': ' + (answer.length > 160 ? answer.slice(0, 159) + '…' : answer) : '');
}

function deadLetterRow(letter) {
  const attributes = letter.attributes || {};
  const session = attributes.correlationkey;
  return h('tr', {dataset: {letter: letter.id, type: attributes.type || ''}},
      h('td', {class: 'num'}, String(letter.id)),
      h('td', {class: 'nowrap'}, h('time', {datetime: letter.receivedAt}, format.clock(letter.receivedAt))),
      h('td', {}, h('span', {class: 'type-name'}, attributes.type)),
      h('td', {class: 'mono', title: session || ''}, session ? shortId(session) : h('span', {class: 'muted'}, '—')),
      h('td', {class: 'mono'}, attributes.knativeerrordest || ''),
      h('td', {}, h('details', {}, h('summary', {}, failure(attributes)),
          h('pre', {}, JSON.stringify({attributes, data: letter.data ?? letter.dataBase64}, null, 2)))),
      h('td', {class: 'nowrap'},
          h('button', {type: 'button', class: 'replay', onclick: () => replayLetter(letter.id)}, 'Replay'),
          ' ',
          h('button', {type: 'button', class: 'discard', onclick: () => discardLetter(letter.id)}, 'Discard')));
}

let lettering = null;

async function refreshDeadLetters() {
  if (lettering) return lettering;
  lettering = (async () => {
    try {
      const overview = await call('GET', '/api/admin/dead-letters');
      const status = byId('dead-letters-status');
      const letters = overview.letters || [];
      if (!overview.available) {
        status.dataset.status = 'unavailable';
        text(status, 'Dead letters are unavailable: ' + overview.detail);
      } else {
        status.dataset.status = letters.length ? 'unavailable' : 'live';
        text(status, letters.length ? letters.length + (letters.length === 1 ? ' dead letter' : ' dead letters')
            + ' waiting' : 'No dead letters: every event reached its subscribers.');
      }
      byId('dead-letters-replay-all').disabled = !letters.length;
      const body = byId('dead-letter-list').tBodies[0];
      fill(body, ...letters.map(deadLetterRow));
    } catch (error) {
      signedOut(error);
      text(byId('dead-letters-status'), 'Dead letters are unavailable: ' + problemText(error));
    } finally {
      lettering = null;
    }
  })();
  return lettering;
}

async function replayLetter(id) {
  const result = byId('dead-letters-result');
  try {
    const replayed = await call('POST', '/api/admin/dead-letters/' + id + '/replay');
    text(result, 'Dead letter ' + id + ' (' + replayed.type + ') sent again to ' + replayed.triggers.join(', ') + '.');
  } catch (error) {
    signedOut(error);
    text(result, 'Dead letter ' + id + ' not replayed: ' + problemText(error));
  }
  await refreshDeadLetters();
}

async function replayAllLetters() {
  const result = byId('dead-letters-result');
  try {
    const outcome = await call('POST', '/api/admin/dead-letters/replay');
    const left = Object.entries(outcome.notReplayed || {});
    text(result, outcome.replayed.length + ' replayed.' + (left.length ? ' Not replayed: '
        + left.map(([id, why]) => id + ' (' + why + ')').join('; ') : ''));
  } catch (error) {
    signedOut(error);
    text(result, 'Not replayed: ' + problemText(error));
  }
  await refreshDeadLetters();
}

async function discardLetter(id) {
  const result = byId('dead-letters-result');
  try {
    await call('DELETE', '/api/admin/dead-letters/' + id);
    text(result, 'Dead letter ' + id + ' discarded.');
  } catch (error) {
    signedOut(error);
    text(result, 'Dead letter ' + id + ' not discarded: ' + problemText(error));
  }
  await refreshDeadLetters();
}

// ------------------------------------------------------------------ start

function start() {
  byId('admission-form').addEventListener('submit', event => {
    event.preventDefault();
    applyAdmission(byId('admission-paused').checked);
  });
  byId('admission-toggle').addEventListener('click', () => {
    const paused = !(state.counters && state.counters.paused);
    byId('admission-paused').checked = paused;
    applyAdmission(paused);
  });
  byId('setup-form').addEventListener('submit', openSale);
  byId('setup-add-type').addEventListener('click', () => byId('setup-types').append(typeRow()));
  byId('log-filter').addEventListener('submit', event => {
    event.preventDefault();
    followLog();
  });
  byId('log-clear').addEventListener('click', () => setFilter('', ''));
  byId('log-pause').addEventListener('click', togglePause);
  byId('model-version').addEventListener('change',
      () => text(byId('model-adds'), describeModel(byId('model-version').value)));
  byId('deploy-model').addEventListener('click', deployModel);
  byId('dead-letters-replay-all').addEventListener('click', replayAllLetters);

  refreshCounters();
  setInterval(() => {
    if (document.visibilityState !== 'visible') return;
    refreshCounters();
    refreshMonitor();
  }, COUNTERS_EVERY);
  setInterval(() => {
    if (document.visibilityState === 'visible') refreshDeadLetters();
  }, DEAD_LETTERS_EVERY);
  refreshProcess();
  refreshMonitor();
  refreshDeadLetters();
  loadEventTypes().then(followLog);
}

start();
