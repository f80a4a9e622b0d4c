// One session's live updates, followed the way the gateway says in every state it sends (`follow`, docs/api.md):
// - WEBSOCKET (near the front of the queue, and from admission on): /ws/sessions/{id} pushes the whole session on
//   connect and after every change;
// - POLL (further back): GET /api/sessions/{id} again after `refreshAfterSeconds`, a little more often as the turn
//   comes closer, until the gateway says WEBSOCKET.
// A socket that cannot be opened (the gateway has none to spare, the network is in the way) or that drops is tried
// again with a growing delay (0.5 s up to 15 s, with jitter; at once when the browser comes back online or the tab
// becomes visible), and the page polls meanwhile as often as the gateway says. After a socket opens again the page
// catches up with one GET.

import {api, ApiError} from './api.js';

const UNKNOWN_SESSION = 4404;
const SALE_RESET = 4410;
const CONNECT_TIMEOUT = 10000;

export class LiveSession {

  /**
   * @param sessionId the session to follow
   * @param handlers onState(session) for every state pushed or read (the page passes the ones it takes to follow()),
   *        onStatus('connecting' | 'live' | 'reconnecting' | 'offline'), onGone(reason) when the session no longer
   *        exists (unknown, or the sale was reset)
   */
  constructor(sessionId, handlers) {
    this.sessionId = sessionId;
    this.handlers = handlers;
    this.hint = null;
    this.socket = null;
    this.socketOpen = false;
    this.failures = 0;
    this.retryAt = 0;
    this.pollTimer = null;
    this.connectTimer = null;
    this.stopped = false;
    this.wake = () => this.resume();
    this.visible = () => { if (document.visibilityState === 'visible') this.resume(); };
    this.offline = () => this.dropped();
  }

  /** Starts following, the way the state the page has says. */
  start(state) {
    window.addEventListener('online', this.wake);
    window.addEventListener('offline', this.offline);
    document.addEventListener('visibilitychange', this.visible);
    const hint = state && state.follow;
    this.handlers.onStatus(hint && hint.mode === 'POLL' ? 'live' : 'connecting');
    this.follow(hint || {mode: 'WEBSOCKET', refreshAfterSeconds: 2});
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.pollTimer);
    clearTimeout(this.connectTimer);
    window.removeEventListener('online', this.wake);
    window.removeEventListener('offline', this.offline);
    document.removeEventListener('visibilitychange', this.visible);
    this.closeSocket('Page moved on');
  }

  /** Follows the session as a state's `follow` says; the page passes the hint of every state it takes. */
  follow(hint) {
    if (this.stopped || !hint) return;
    this.hint = hint;
    if (hint.mode !== 'WEBSOCKET') {
      this.closeSocket('Polling');
      this.schedulePoll(this.refresh());
      return;
    }
    if (this.socket) {
      if (this.socketOpen) this.clearPoll();
      return;
    }
    const wait = this.retryAt - Date.now();
    if (wait <= 0) {
      this.connect();
    } else {
      this.schedulePoll(Math.min(this.refresh(), wait));
    }
  }

  connect() {
    if (this.stopped || this.socket) return;
    this.clearPoll();
    const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    const socket = new WebSocket(scheme + location.host + '/ws/sessions/' + encodeURIComponent(this.sessionId));
    this.socket = socket;
    this.socketOpen = false;
    this.connectTimer = setTimeout(() => {
      if (socket !== this.socket || this.socketOpen) return;
      this.forget(socket, 'Took too long');
      this.failed();
    }, CONNECT_TIMEOUT);
    socket.onopen = () => {
      if (socket !== this.socket) return;
      clearTimeout(this.connectTimer);
      if (!this.hint || this.hint.mode !== 'WEBSOCKET') {
        this.closeSocket('Polling');
        return;
      }
      const reconnected = this.failures > 0;
      this.failures = 0;
      this.retryAt = 0;
      this.socketOpen = true;
      this.clearPoll();
      this.handlers.onStatus('live');
      if (reconnected) this.catchUp();
    };
    socket.onmessage = message => {
      if (socket !== this.socket) return;
      try {
        this.handlers.onState(JSON.parse(message.data));
      } catch (error) {
        console.warn('Ignoring a malformed session update', error);
      }
    };
    socket.onclose = event => {
      if (socket !== this.socket || this.stopped) return;
      clearTimeout(this.connectTimer);
      this.socket = null;
      this.socketOpen = false;
      if (event.code === UNKNOWN_SESSION || event.code === SALE_RESET) {
        this.gone(event.code === SALE_RESET ? 'reset' : 'unknown');
        return;
      }
      // refused (503 before the upgrade, or 1013 "try again later"), dropped, or never reached: poll meanwhile
      this.failed();
    };
  }

  /** The socket could not be opened or dropped: try it again after a growing delay, and poll until then. */
  failed() {
    this.failures++;
    const delay = Math.min(15000, 500 * 2 ** Math.min(this.failures - 1, 5)) * (0.75 + Math.random() * 0.5);
    this.retryAt = Date.now() + delay;
    this.handlers.onStatus(navigator.onLine === false ? 'offline' : 'reconnecting');
    this.schedulePoll(Math.min(this.refresh(), delay));
  }

  /**
   * The browser says the network is gone: the socket may look open for a long time without carrying anything, so it
   * is given up at once and a new one (with a catch-up) is made when the network is back.
   */
  dropped() {
    if (this.stopped) return;
    if (this.socket) {
      this.forget(this.socket, 'Offline');
      this.failed();
    } else {
      this.handlers.onStatus('offline');
    }
  }

  /** Back online or back in view: follow at once (open the socket, or read the session). */
  resume() {
    if (this.stopped || this.socket) return;
    this.retryAt = 0;
    this.clearPoll();
    this.poll();
  }

  /** When a poll is due: opens the socket if the gateway said so and it may be tried again; reads the session otherwise. */
  async poll() {
    if (this.stopped || this.socket) return;
    if (navigator.onLine === false) {
      this.handlers.onStatus('offline');
      this.schedulePoll(this.refresh());
      return;
    }
    if (this.hint && this.hint.mode === 'WEBSOCKET' && Date.now() >= this.retryAt) {
      this.connect();
      return;
    }
    try {
      const state = await api.session(this.sessionId);
      if (this.stopped) return;
      if (!this.socket) this.handlers.onStatus('live');
      this.handlers.onState(state);
      // the page ignores a state older than the one it shows (and its hint): keep polling all the same
      if (!this.pollTimer && !this.socket) this.schedulePoll(this.refresh());
    } catch (error) {
      if (this.stopped) return;
      if (error instanceof ApiError && error.status === 404) {
        // a session the page followed is only ever deleted when the operator opens a new sale
        this.gone('reset');
        return;
      }
      this.handlers.onStatus(navigator.onLine === false ? 'offline' : 'reconnecting');
      this.schedulePoll(this.refresh());
    }
  }

  /** Reads the session over HTTP: what changed while the socket was down. */
  async catchUp() {
    try {
      this.handlers.onState(await api.session(this.sessionId));
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        this.gone('unknown');
      }
    }
  }

  refresh() {
    const seconds = Number(this.hint && this.hint.refreshAfterSeconds);
    return Math.max(1, Number.isFinite(seconds) ? seconds : 30) * 1000;
  }

  schedulePoll(delay) {
    clearTimeout(this.pollTimer);
    this.pollTimer = setTimeout(() => {
      this.pollTimer = null;
      this.poll();
    }, delay);
  }

  clearPoll() {
    clearTimeout(this.pollTimer);
    this.pollTimer = null;
  }

  closeSocket(reason) {
    if (this.socket) this.forget(this.socket, reason);
  }

  /** Closes a socket without hearing about it again. */
  forget(socket, reason) {
    clearTimeout(this.connectTimer);
    socket.onopen = socket.onmessage = socket.onclose = null;
    if (socket === this.socket) {
      this.socket = null;
      this.socketOpen = false;
    }
    try {
      socket.close(reason === 'Offline' ? 4000 : 1000, reason);
    } catch {
      // a socket still connecting may refuse a close code: it is dropped all the same
    }
  }

  gone(reason) {
    this.stop();
    this.handlers.onGone(reason);
  }
}
