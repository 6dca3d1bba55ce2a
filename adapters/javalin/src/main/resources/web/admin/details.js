// The selected user's details (GET /admin/api/users/{id}) and the disconnect actions.
import { api, el, enc, clock, dateTime, since, ago, plural, throttle } from "./api.js";

/**
 * When the user was last seen, as a term and its description. While a session is open the server's `lastSeen` is
 * simply now, so a connected user is shown as connected, since their oldest open session, instead.
 */
function seen(d, devices) {
  if (devices.length) {
    const first = Math.min(...devices.map((s) => s.connectedAt || Date.now()));
    return [el("dt", { text: "Connected" }),
      el("dd", { text: "now, since " + since(first), data: { testid: "details-seen", online: "true" } })];
  }
  return [el("dt", { text: "Last seen" }),
    el("dd", {
      text: d.lastSeen ? dateTime(d.lastSeen) + " (" + ago(Date.now() - d.lastSeen) + " ago)" : "–",
      data: { testid: "details-seen", online: "false" },
    })];
}

/** Shows one user; refetched (throttled) whenever the feed reports something about that user. */
export class UserDetails {
  constructor(root, { onRoom }) {
    this.root = root;
    this.onRoom = onRoom;
    this.user = null;
    this.loads = 0;
    this.note = "";
    this.refresh = throttle(() => this.load(), 250, 500);
  }

  show(user) {
    this.user = user;
    this.note = "";
    this.load();
  }

  apply(event) {
    // a node's removal closes sessions of users it does not name one by one
    if (event.user === this.user || (event.kind === "node_removed" && this.user)) this.refresh();
  }

  async load() {
    const ticket = ++this.loads;
    const user = this.user;
    if (!user) return;
    try {
      const details = await api("/admin/api/users/" + enc(user));
      if (ticket === this.loads) this.render(details);
    } catch (e) {
      if (ticket === this.loads) this.root.replaceChildren(el("p", { cls: "error", text: e.message }));
    }
  }

  render(d) {
    const devices = d.devices || [];
    const head = el("div", { cls: "details-head" },
      el("h3", { text: d.user, data: { testid: "details-user" } }),
      el("span", { cls: "pill", text: d.state, data: { state: d.state, testid: "details-state" } }));
    const facts = el("dl", { cls: "facts" },
      el("dt", { text: "Status" }), el("dd", { text: (d.status || "–") + (d.statusText ? " · " + d.statusText : "") }),
      el("dt", { text: "Since" }), el("dd", { text: dateTime(d.since) }),
      ...seen(d, devices),
      el("dt", { text: "Rooms" }), el("dd", { cls: "chips" }, ...this.roomChips(d.rooms || [])));
    const sessions = el("ul", { cls: "sessions", data: { testid: "session-list" } },
      ...devices.map((s) => this.sessionRow(s)));
    const all = el("button", {
      cls: "danger", text: "Disconnect all sessions",
      data: { testid: "disconnect-all", user: d.user }, attrs: { type: "button" },
    });
    all.disabled = devices.length === 0;
    all.addEventListener("click", () => this.act(all, "/admin/api/users/" + enc(d.user) + "/sessions"));
    const note = el("p", { cls: "muted", text: this.note, data: { testid: "action-result" }, attrs: { role: "status" } });
    this.root.replaceChildren(head, facts,
      el("h4", { text: plural(devices.length, "session") }),
      devices.length ? sessions : el("p", { cls: "muted", text: "No open sessions." }), all, note);
  }

  roomChips(rooms) {
    if (!rooms.length) return [document.createTextNode("–")];
    return rooms.map((room) => {
      const chip = el("button", { cls: "chip", text: "#" + room, attrs: { type: "button" } });
      chip.addEventListener("click", () => this.onRoom(room));
      return chip;
    });
  }

  sessionRow(s) {
    const button = el("button", {
      cls: "danger small", text: "Disconnect",
      data: { testid: "disconnect-session", session: s.session },
      attrs: { type: "button", "aria-label": "Disconnect session " + s.session },
    });
    button.addEventListener("click", () => this.act(button, "/admin/api/sessions/" + enc(s.session)));
    return el("li", { cls: "session", data: { testid: "session-row", session: s.session } },
      el("div", { cls: "session-main" },
        el("strong", { text: s.device || "no device label" }),
        el("span", { cls: "muted", text: " on " + s.node + " · since " + clock(s.connectedAt) })),
      el("code", { cls: "session-id", text: s.session }),
      button);
  }

  async act(button, path) {
    button.disabled = true;
    try {
      const result = await api(path, { method: "DELETE" });
      this.note = "Closed " + plural(result.closed, "session") + ".";
    } catch (e) {
      this.note = "Could not disconnect: " + e.message;
      button.disabled = false;
    }
    this.load();
  }
}
