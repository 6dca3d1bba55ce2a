// The push connection to GET /admin/feed (Server-Sent Events), with resume and de-duplication.
import { checkSession } from "./api.js";

const RECENT_IDS = 5000;
const MIN_RETRY_MS = 1000;
const MAX_RETRY_MS = 30000;

/**
 * Keeps one EventSource open. While the browser reconnects by itself it resends Last-Event-ID; when the
 * EventSource gives up (an error status, a restarted node) a new one is opened with `?lastEventId=` so the
 * server can still resume. Entries already seen (by id) are dropped, so a resume never doubles them.
 */
export class Feed {
  /**
   * @param {string} url
   * @param {{presence: Function, count: Function, state: Function}} handlers
   *        presence(event, id), count({online, at}), state("live" | "reconnecting" | "down")
   */
  constructor(url, handlers) {
    this.url = url;
    this.handlers = handlers;
    this.lastId = null;
    this.recent = new Set();
    this.source = null;
    this.failures = 0;
    this.timer = null;
    this.stopped = false;
  }

  start() {
    this.open();
  }

  open() {
    const url = this.lastId === null ? this.url : this.url + "?lastEventId=" + encodeURIComponent(this.lastId);
    const source = new EventSource(url);
    this.source = source;
    source.onopen = () => {
      this.failures = 0;
      this.handlers.state("live");
    };
    source.addEventListener("presence", (e) => this.presence(e));
    source.addEventListener("count", (e) => this.handlers.count(JSON.parse(e.data)));
    source.onerror = () => {
      if (source.readyState !== EventSource.CLOSED) {
        this.handlers.state("reconnecting");
        return;
      }
      this.handlers.state("down");
      this.retry();
    };
  }

  presence(e) {
    const id = e.lastEventId;
    if (id) {
      if (this.recent.has(id)) return;
      this.recent.add(id);
      // a Set iterates in insertion order, so the first entry is the oldest
      if (this.recent.size > RECENT_IDS) this.recent.delete(this.recent.values().next().value);
      this.lastId = id;
    }
    let event;
    try {
      event = JSON.parse(e.data);
    } catch (err) {
      return; // a garbled entry is skipped rather than stopping the feed
    }
    // most entries are about a user; a few (a node's removal) are about a node and name no user
    if (event && (typeof event.user === "string" || typeof event.node === "string")) {
      this.handlers.presence(event, id);
    }
  }

  /** Closes the stream for good (before signing out, so the end of the session is not taken for an outage). */
  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.source) this.source.close();
  }

  async retry() {
    this.source.close();
    if (this.stopped) return;
    const ceiling = Math.min(MAX_RETRY_MS, MIN_RETRY_MS * 2 ** this.failures++);
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    // an expired admin session sends the page to the sign-in form; anything else is an outage to wait out
    await checkSession().catch(() => {});
    if (!this.stopped) this.timer = setTimeout(() => this.open(), delay);
  }
}
