/*
 * roster.js: a small, dependency-free browser client for Roster's WebSocket protocol (docs/PROTOCOL.md).
 * Load it as a classic script (it defines window.Roster) or require() it.
 *
 *   const roster = new Roster({ user: "ann", device: "laptop" });
 *   roster.on("presence", (p) => console.log(p.user, p.state, p.sessions, p.text));
 *   roster.on("message", (m) => console.log(m.from + ": " + m.text));
 *   await roster.connect();
 *   const members = await roster.join("lobby");
 *   await roster.status("away", "lunch");
 *   await roster.say("lobby", "hello");
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.Roster = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  const EVENTS = ["presence", "message", "welcome", "close", "reconnect", "error"];
  // error codes this client makes up itself, as opposed to the server's refusals
  const CLIENT_CODES = new Set(["timeout", "disconnected", "not_connected"]);
  // Only closes that say "try again" are retried: a lost network (1005, 1006), a node going away or
  // restarting (1001, 1012), an overloaded or failing server (1011, 1013, 1014). A normal or policy close
  // (1000, 1008: e.g. an operator's disconnect), a protocol error or an application code (4000-4999) is a
  // decision that reconnecting would undo or repeat.
  const TRANSIENT_CLOSES = new Set([1001, 1005, 1006, 1011, 1012, 1013, 1014]);

  /** An Error with the protocol's error `code` (or a client-side code: `timeout`, `disconnected`, `not_connected`). */
  class RosterError extends Error {
    constructor(code, message, re) {
      super(message || code);
      this.name = "RosterError";
      this.code = code;
      this.re = re;
    }
  }

  function defaultUrl() {
    const loc = typeof location !== "undefined" ? location : null;
    if (!loc) throw new RosterError("bad_options", "url is required outside a browser");
    return (loc.protocol === "https:" ? "wss:" : "ws:") + "//" + loc.host + "/ws";
  }

  class Roster {
    /**
     * @param {object} options
     * @param {string} [options.url] WebSocket URL; defaults to ws(s)://<this page's host>/ws
     * @param {string} [options.user] user id, for `dev` auth (sent as ?user=)
     * @param {string} [options.token] JWT, for `jwt` auth (sent as ?token=)
     * @param {string} [options.device] device label (sent as ?device=)
     * @param {number} [options.minDelayMs=500] first reconnect delay
     * @param {number} [options.maxDelayMs=15000] cap of the reconnect delay
     * @param {number} [options.requestTimeoutMs=10000] how long a request waits for its reply
     * @param {Function} [options.WebSocket] WebSocket constructor (defaults to the global one)
     * @param {Function} [options.random] source of jitter in [0, 1) (defaults to Math.random)
     */
    constructor(options = {}) {
      const params = new URLSearchParams();
      if (options.token) params.set("token", options.token);
      if (options.user) params.set("user", options.user);
      if (options.device) params.set("device", options.device);
      const base = options.url || defaultUrl();
      const query = params.toString();
      this.url = query ? base + (base.includes("?") ? "&" : "?") + query : base;
      this.minDelayMs = options.minDelayMs ?? 500;
      this.maxDelayMs = options.maxDelayMs ?? 15000;
      this.requestTimeoutMs = options.requestTimeoutMs ?? 10000;
      this.WebSocket = options.WebSocket || (typeof WebSocket !== "undefined" ? WebSocket : null);
      this.random = options.random || Math.random;
      this.listeners = new Map(EVENTS.map((e) => [e, new Set()]));
      this.pending = new Map();
      this.nextId = 1;
      this.ws = null;
      this.attempt = 0;
      this.retryTimer = null;
      this.stopped = false;
      /** @type {Set<string>} rooms this client has joined (re-joined after a reconnect) */
      this.rooms = new Set();
      /** @type {?{status: string, text: (string|undefined)}} last status set (re-sent after a reconnect) */
      this.lastStatus = null;
      /** @type {?object} the latest `welcome` frame ({user, session, node}) */
      this.welcome = null;
    }

    /**
     * Opens the connection. Resolves with the `welcome` frame; rejects with a RosterError
     * (`disconnected`) if the first attempt closes before the welcome (bad credentials, server down).
     * After a welcome, lost connections are re-opened automatically.
     * @returns {Promise<{type: "welcome", user: string, session: string, node: string}>}
     */
    connect() {
      if (this.connecting) return this.connecting;
      this.stopped = false;
      this.connecting = new Promise((resolve, reject) => {
        this.firstConnect = { resolve, reject };
        this.open();
      }).catch((e) => {
        this.firstConnect = null;
        this.connecting = null;
        throw e;
      });
      return this.connecting;
    }

    /** Closes the connection for good (no reconnect). */
    close(code = 1000, reason = "client closed") {
      this.stopped = true;
      clearTimeout(this.retryTimer);
      if (this.ws) this.ws.close(code, reason);
    }

    /** @returns {boolean} whether the socket is open and welcomed */
    get connected() {
      return !!this.ws && this.ws.readyState === 1 && this.welcome !== null;
    }

    /**
     * Subscribes to "presence" | "message" | "welcome" | "close" | "reconnect" | "error". A "presence" listener
     * gets the frame as sent: {room, user, state, at, sessions, text}, `sessions` being the user's open
     * connections on all nodes (a change of it alone also sends one) and `text` its status text, absent when none.
     * @returns {Function} a function that unsubscribes
     */
    on(event, fn) {
      const set = this.listeners.get(event);
      if (!set) throw new RosterError("bad_event", "unknown event " + event);
      set.add(fn);
      return () => set.delete(fn);
    }

    /**
     * Joins a room. @returns {Promise<Array<{user, state, since, sessions, text}>>} the room's members now
     * (`text` only where a member set a status text)
     */
    async join(room) {
      const reply = await this.request({ type: "join", room });
      this.rooms.add(room);
      return reply.members;
    }

    /** Leaves a room. @returns {Promise<void>} */
    async leave(room) {
      // forgotten at once: a room left while disconnected must not be re-joined on reconnect
      this.rooms.delete(room);
      try {
        await this.request({ type: "leave", room });
      } catch (e) {
        if (e.code !== "not_member") throw e;
      }
    }

    /** Sets this user's status: "online" | "away" | "busy", with an optional text. @returns {Promise<void>} */
    async status(status, text) {
      const frame = text === undefined || text === "" ? { type: "status", status } : { type: "status", status, text };
      try {
        await this.request(frame);
      } catch (e) {
        // kept unless the server refused it, so that a reconnect re-sends what the user chose
        if (CLIENT_CODES.has(e.code)) this.lastStatus = { status, text: frame.text };
        throw e;
      }
      this.lastStatus = { status, text: frame.text };
    }

    /** Lists a joined room's members. @returns {Promise<Array<{user, state, since, sessions, text}>>} */
    async who(room) {
      return (await this.request({ type: "who", room })).members;
    }

    /** Round trip to the server. @returns {Promise<number>} the round-trip time in ms */
    async ping() {
      const start = Date.now();
      await this.request({ type: "ping" });
      return Date.now() - start;
    }

    /**
     * Sends a message to a joined room. There is no reply: it resolves once sent; a later
     * `error` (e.g. `not_member`) arrives as an "error" event carrying `re`.
     * @returns {Promise<void>}
     */
    async say(room, text) {
      this.send({ type: "say", room, text, id: this.nextId++ });
    }

    /** Sends a frame and waits for the frame whose `re` matches its `id`. */
    request(frame) {
      return new Promise((resolve, reject) => {
        const id = this.nextId++;
        const timer = setTimeout(() => {
          this.pending.delete(id);
          reject(new RosterError("timeout", "no reply to " + frame.type + " within " + this.requestTimeoutMs + " ms", id));
        }, this.requestTimeoutMs);
        this.pending.set(id, { resolve, reject, timer });
        try {
          this.send(Object.assign({}, frame, { id }));
        } catch (e) {
          clearTimeout(timer);
          this.pending.delete(id);
          reject(e);
        }
      });
    }

    send(frame) {
      if (!this.connected) throw new RosterError("not_connected", "not connected");
      this.ws.send(JSON.stringify(frame));
    }

    open() {
      const ws = new this.WebSocket(this.url);
      this.ws = ws;
      this.welcome = null;
      ws.onmessage = (e) => this.receive(e.data);
      ws.onclose = (e) => this.closed(ws, e);
    }

    receive(data) {
      let frame;
      try {
        frame = JSON.parse(data);
      } catch (e) {
        this.emit("error", new RosterError("bad_frame", "server sent a frame that is not JSON"));
        return;
      }
      if (frame.type === "welcome") return this.welcomed(frame);
      const waiting = frame.re !== undefined ? this.pending.get(frame.re) : undefined;
      if (waiting) {
        this.pending.delete(frame.re);
        clearTimeout(waiting.timer);
        if (frame.type === "error") waiting.reject(new RosterError(frame.code, frame.message, frame.re));
        else waiting.resolve(frame);
      } else if (frame.type === "error") {
        this.emit("error", new RosterError(frame.code, frame.message, frame.re));
      } else if (frame.type === "presence" || frame.type === "message") {
        this.emit(frame.type, frame);
      }
    }

    async welcomed(frame) {
      this.welcome = frame;
      const reconnected = !this.firstConnect;
      this.attempt = 0;
      this.emit("welcome", frame);
      if (this.firstConnect) {
        this.firstConnect.resolve(frame);
        this.firstConnect = null;
      }
      if (reconnected) await this.restore(frame);
    }

    /** Re-sends the status and re-joins every room after a reconnect; emits "reconnect" with the members. */
    async restore(welcome) {
      const wanted = [...this.rooms];
      if (this.lastStatus) {
        const { status, text } = this.lastStatus;
        await this.status(status, text).catch((e) => this.emit("error", e));
      }
      const results = await Promise.allSettled(wanted.map((room) => this.request({ type: "join", room })));
      // lost again meanwhile: the next welcome restores everything again, so keep every room
      if (this.welcome !== welcome) return;
      const members = {};
      results.forEach((r, i) => {
        if (r.status === "fulfilled") members[wanted[i]] = r.value.members;
        else {
          if (!CLIENT_CODES.has(r.reason.code)) this.rooms.delete(wanted[i]);
          this.emit("error", r.reason);
        }
      });
      this.emit("reconnect", { welcome, rooms: members });
    }

    closed(ws, event) {
      if (ws !== this.ws) return;
      this.welcome = null;
      for (const [id, p] of this.pending) {
        clearTimeout(p.timer);
        p.reject(new RosterError("disconnected", "connection closed before the reply", id));
      }
      this.pending.clear();
      const giveUp = this.stopped || !TRANSIENT_CLOSES.has(event.code) || !!this.firstConnect;
      const delay = giveUp ? null : this.backoff();
      this.emit("close", { code: event.code, reason: event.reason, reconnectInMs: delay });
      if (this.firstConnect) {
        this.firstConnect.reject(new RosterError("disconnected", "closed before welcome (code " + event.code + ")"));
        this.firstConnect = null;
        this.connecting = null;
      } else if (giveUp) {
        this.connecting = null;
      } else {
        this.attempt++;
        this.retryTimer = setTimeout(() => this.open(), delay);
      }
    }

    /** Exponential backoff with "equal jitter": half fixed, half random, capped at maxDelayMs. */
    backoff() {
      const ceiling = Math.min(this.maxDelayMs, this.minDelayMs * Math.pow(2, this.attempt));
      return Math.round(ceiling / 2 + this.random() * (ceiling / 2));
    }

    emit(event, payload) {
      for (const fn of this.listeners.get(event)) {
        try {
          fn(payload);
        } catch (e) {
          // a failing listener must not stop the others nor the client; surface it asynchronously
          setTimeout(() => { throw e; });
        }
      }
    }
  }

  Roster.RosterError = RosterError;
  return Roster;
});
