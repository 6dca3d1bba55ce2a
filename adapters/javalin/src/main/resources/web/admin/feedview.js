// The presence feed as a list, newest first, capped; rendered once per animation frame, pausable.
import { el, clock, plural } from "./api.js";

const MAX_ROWS = 500;

/** What an entry says after the user's name, or in full for an entry about a node. */
export function describe(e) {
  switch (e.kind) {
    case "came_online": return "came online";
    case "went_offline": return "went offline";
    case "status_changed": return "is now " + (e.state || "?");
    case "joined_room": return "joined #" + e.room;
    case "left_room": return "left #" + e.room;
    case "session_opened": return "opened a session" + (e.device ? " (" + e.device + ")" : "");
    case "session_closed": return "closed a session" + (e.device ? " (" + e.device + ")" : "");
    case "disconnected_by_admin": return "was disconnected by an operator";
    case "node_removed":
      return "node " + e.node + " removed: " + plural(e.sessions ?? 0, "session") + " of "
        + plural(e.users ?? 0, "user") + " closed";
    default: return e.kind;
  }
}

/** Under a burst of events only the newest MAX_ROWS are ever turned into DOM nodes. */
export class FeedView {
  constructor({ list, pause, pending, onUser }) {
    Object.assign(this, { list, pauseButton: pause, pending, onUser });
    this.buffer = [];
    this.paused = false;
    this.scheduled = false;
    pause.addEventListener("click", () => this.setPaused(!this.paused));
    list.addEventListener("click", (e) => {
      const button = e.target.closest("button[data-user]");
      if (button) this.onUser(button.dataset.user);
    });
  }

  add(event, id) {
    this.buffer.push({ event, id });
    if (this.buffer.length > MAX_ROWS) this.buffer.splice(0, this.buffer.length - MAX_ROWS);
    if (this.paused) this.showPending();
    else this.schedule();
  }

  setPaused(paused) {
    this.paused = paused;
    this.pauseButton.setAttribute("aria-pressed", String(paused));
    this.pauseButton.textContent = paused ? "Resume" : "Pause";
    if (paused) this.showPending();
    else this.schedule();
  }

  showPending() {
    this.pending.hidden = false;
    this.pending.textContent = "Paused: " + plural(this.buffer.length, "new event") + " waiting.";
  }

  schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => this.flush());
  }

  flush() {
    this.scheduled = false;
    if (this.paused || !this.buffer.length) return;
    const fragment = document.createDocumentFragment();
    for (let i = this.buffer.length - 1; i >= 0; i--) fragment.append(this.row(this.buffer[i]));
    this.buffer = [];
    this.pending.hidden = true;
    this.list.prepend(fragment);
    while (this.list.children.length > MAX_ROWS) this.list.lastElementChild.remove();
  }

  row({ event: e, id }) {
    const at = el("time", { cls: "at", text: clock(e.at) });
    if (e.at) at.dateTime = new Date(e.at).toISOString();
    if (typeof e.user !== "string") {
      // an entry about a node, not a user: it says everything in its text
      return el("li", { cls: "feed-row node-event", data: { testid: "feed-row", kind: e.kind, node: e.node || "", id: id || "" } },
        at, el("span", { cls: "what", text: " " + describe(e) }));
    }
    const details = [];
    if (e.node) details.push("node " + e.node);
    if (typeof e.sessions === "number") details.push(plural(e.sessions, "session"));
    return el("li", { cls: "feed-row", data: { testid: "feed-row", kind: e.kind, user: e.user, id: id || "" } },
      at,
      el("button", { cls: "link", text: e.user, data: { user: e.user }, attrs: { type: "button" } }),
      el("span", { cls: "what", text: " " + describe(e) }),
      el("span", { cls: "muted detail", text: details.length ? " · " + details.join(" · ") : "" }));
  }
}
