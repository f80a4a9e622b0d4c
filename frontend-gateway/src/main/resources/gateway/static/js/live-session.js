// One session's live updates: the WebSocket /ws/sessions/{id} pushes the whole session on connect and after every
// change. When the connection drops, it reconnects with a growing delay (0.5 s up to 15 s, with jitter, at once when
// the browser comes back online or the tab becomes visible) and catches up from GET /api/sessions/{id}.

import {api, ApiError} from './api.js';

const UNKNOWN_SESSION = 4404;
const SALE_RESET = 4410;

export class LiveSession {

  /**
   * @param sessionId the session to follow
   * @param handlers onState(session), onStatus('connecting' | 'live' | 'reconnecting' | 'offline'),
   *        onGone(reason) when the session no longer exists (unknown, or the sale was reset)
   */
  constructor(sessionId, handlers) {
    this.sessionId = sessionId;
    this.handlers = handlers;
    this.socket = null;
    this.attempts = 0;
    this.timer = null;
    this.stopped = false;
    this.wake = () => this.reconnectNow();
    this.visible = () => { if (document.visibilityState === 'visible') this.reconnectNow(); };
    this.offline = () => this.dropped();
  }

  start() {
    window.addEventListener('online', this.wake);
    window.addEventListener('offline', this.offline);
    document.addEventListener('visibilitychange', this.visible);
    this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    window.removeEventListener('online', this.wake);
    window.removeEventListener('offline', this.offline);
    document.removeEventListener('visibilitychange', this.visible);
    if (this.socket) {
      const socket = this.socket;
      this.socket = null;
      socket.close(1000, 'Page moved on');
    }
  }

  connect() {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.handlers.onStatus(this.attempts === 0 ? 'connecting' : 'reconnecting');
    const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    const socket = new WebSocket(scheme + location.host + '/ws/sessions/' + encodeURIComponent(this.sessionId));
    this.socket = socket;
    socket.onopen = () => {
      if (socket !== this.socket) return;
      const reconnected = this.attempts > 0;
      this.attempts = 0;
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
      this.socket = null;
      if (event.code === UNKNOWN_SESSION || event.code === SALE_RESET) {
        this.stopped = true;
        this.handlers.onGone(event.code === SALE_RESET ? 'reset' : 'unknown');
        return;
      }
      this.scheduleReconnect();
    };
  }

  /**
   * The browser says the network is gone: the socket may look open for a long time without carrying anything, so it
   * is given up at once and a new one (with a catch-up) is made when the network is back.
   */
  dropped() {
    if (this.stopped) return;
    if (this.socket) {
      const socket = this.socket;
      this.socket = null;
      socket.onclose = null;
      socket.close(4000, 'Offline');
    }
    clearTimeout(this.timer);
    this.scheduleReconnect();
  }

  scheduleReconnect() {
    this.attempts++;
    this.handlers.onStatus(navigator.onLine === false ? 'offline' : 'reconnecting');
    const delay = Math.min(15000, 500 * 2 ** Math.min(this.attempts - 1, 5));
    this.timer = setTimeout(() => this.connect(), delay * (0.75 + Math.random() * 0.5));
  }

  reconnectNow() {
    if (this.stopped || this.socket) return;
    this.connect();
  }

  /** Reads the session over HTTP: what changed while the socket was down. */
  async catchUp() {
    try {
      this.handlers.onState(await api.session(this.sessionId));
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        this.stop();
        this.handlers.onGone('unknown');
      }
    }
  }
}
