// The online users as a paged, searchable list (server-side paging and prefix search).
import { api, el, enc, setText, throttle } from "./api.js";

const PAGE_SIZE = 50;
const SEARCH_DEBOUNCE_MS = 250;

/**
 * Shows one page of GET /admin/api/users. Feed events update the rows they concern in place; an event
 * that may add or drop a row (a user coming online or going offline) refetches this one page, throttled,
 * and the answer is merged by user so that unchanged rows are not touched.
 */
export class UserList {
  constructor({ search, list, empty, prev, next, page, onSelect }) {
    Object.assign(this, { list, empty, prevButton: prev, nextButton: next, pageLabel: page, onSelect });
    this.prefix = "";
    this.cursors = [null];
    this.page = 0;
    this.nextCursor = null;
    this.rows = new Map();
    this.selected = null;
    this.loads = 0;
    this.refresh = throttle(() => this.load(), 150, 700);
    this.userRefreshes = new Map();
    let typing = null;
    search.addEventListener("input", () => {
      clearTimeout(typing);
      typing = setTimeout(() => this.search(search.value.trim()), SEARCH_DEBOUNCE_MS);
    });
    prev.addEventListener("click", () => this.turn(-1));
    next.addEventListener("click", () => this.turn(1));
    list.addEventListener("click", (e) => {
      const li = e.target.closest("li[data-user]");
      if (li) this.onSelect(li.dataset.user);
    });
  }

  search(prefix) {
    this.prefix = prefix;
    this.cursors = [null];
    this.page = 0;
    if (/^[A-Za-z0-9_.@:-]*$/.test(prefix)) {
      this.load();
    } else {
      this.loads++; // an answer still on its way is for the old prefix
      this.nextCursor = null;
      this.render([]);
      this.showEmpty("User ids have only letters, digits and _ . @ : -");
    }
  }

  turn(step) {
    if (step > 0 && !this.nextCursor) return;
    if (step < 0 && this.page === 0) return;
    if (step > 0) this.cursors[this.page + 1] = this.nextCursor;
    this.page += step;
    this.load();
  }

  async load() {
    const ticket = ++this.loads;
    const query = new URLSearchParams({ limit: PAGE_SIZE });
    if (this.prefix) query.set("prefix", this.prefix);
    if (this.cursors[this.page]) query.set("cursor", this.cursors[this.page]);
    try {
      const body = await api("/admin/api/users?" + query);
      if (ticket !== this.loads) return; // a newer search or page turn answered first
      this.nextCursor = body.next;
      this.render(body.users);
    } catch (e) {
      if (ticket === this.loads) this.showEmpty("Could not load users: " + e.message);
    }
  }

  render(users) {
    const keep = new Set(users.map((u) => u.user));
    for (const [user, row] of this.rows) {
      if (!keep.has(user)) {
        row.li.remove();
        this.rows.delete(user);
      }
    }
    let cursor = this.list.firstElementChild;
    for (const data of users) {
      let row = this.rows.get(data.user);
      if (!row) {
        row = this.createRow(data.user);
        this.rows.set(data.user, row);
      }
      this.fill(row, data);
      if (row.li === cursor) cursor = cursor.nextElementSibling;
      else this.list.insertBefore(row.li, cursor);
    }
    this.showEmpty(users.length ? "" : this.prefix ? "No online user starts with “" + this.prefix + "”." : "No one is online.");
    const first = this.page * PAGE_SIZE + (users.length ? 1 : 0);
    setText(this.pageLabel, users.length ? first + "–" + (first + users.length - 1) : "");
    this.prevButton.disabled = this.page === 0;
    this.nextButton.disabled = !this.nextCursor;
  }

  showEmpty(text) {
    this.empty.hidden = !text;
    setText(this.empty, text);
  }

  createRow(user) {
    const li = el("li", { cls: "user-row", data: { testid: "user-row", user } });
    const cells = {
      name: el("span", { cls: "name", text: user }),
      note: el("span", { cls: "note" }),
      state: el("span", { cls: "state" }),
      sessions: el("span", { cls: "sessions" }),
      rooms: el("span", { cls: "rooms" }),
    };
    const pick = el("button", { cls: "pick", attrs: { type: "button" } },
      el("span", { cls: "who" }, cells.name, cells.note), cells.state, cells.sessions, cells.rooms);
    li.append(pick);
    if (user === this.selected) li.setAttribute("aria-current", "true");
    return { li, cells, data: null };
  }

  fill(row, data) {
    row.data = data;
    if (row.li.dataset.state !== data.state) row.li.dataset.state = data.state;
    setText(row.cells.state, data.state);
    setText(row.cells.note, data.statusText || "");
    setText(row.cells.sessions, data.sessions ?? 0);
    const rooms = data.rooms || [];
    setText(row.cells.rooms, rooms.length);
    row.cells.rooms.title = rooms.join(", ");
  }

  /** Marks the selected user's row (the details panel shows that user). */
  select(user) {
    this.rows.get(this.selected)?.li.removeAttribute("aria-current");
    this.selected = user;
    this.rows.get(user)?.li.setAttribute("aria-current", "true");
  }

  /** Applies one presence feed event to the visible page. */
  apply(event) {
    if (event.kind === "node_removed") {
      // the node's sessions were closed: the counts of any row may have changed, and rows may go
      this.refresh();
      return;
    }
    if (typeof event.user !== "string") return;
    const row = this.rows.get(event.user);
    if (!row) {
      const mayAppear = event.kind === "came_online" || event.kind === "session_opened";
      if (mayAppear && event.user.startsWith(this.prefix)) this.refresh();
      return;
    }
    const data = { ...row.data };
    switch (event.kind) {
      case "came_online":
        data.state = event.state || "online";
        break;
      case "went_offline":
        data.state = "offline";
        data.sessions = 0;
        this.refresh();
        break;
      case "status_changed":
        if (event.state) data.state = event.state;
        // the event carries the state, not the chosen text: fetch the user for it
        this.refreshUser(event.user);
        break;
      case "joined_room":
        if (event.room && !data.rooms.includes(event.room)) data.rooms = [...data.rooms, event.room];
        break;
      case "left_room":
        // another session of the user may still be in the room: ask rather than guess
        this.refreshUser(event.user);
        break;
      default:
        break;
    }
    if (typeof event.sessions === "number") data.sessions = event.sessions;
    this.fill(row, data);
  }

  refreshUser(user) {
    if (!this.userRefreshes.has(user)) {
      this.userRefreshes.set(user, throttle(async () => {
        this.userRefreshes.delete(user);
        const row = this.rows.get(user);
        if (!row) return;
        const u = await api("/admin/api/users/" + enc(user)).catch(() => null);
        if (u && this.rows.get(user) === row) {
          this.fill(row, { ...row.data, state: u.state, statusText: u.statusText, rooms: u.rooms || [],
            sessions: (u.devices || []).length });
        }
      }, 300, 0));
    }
    this.userRefreshes.get(user)();
  }
}
