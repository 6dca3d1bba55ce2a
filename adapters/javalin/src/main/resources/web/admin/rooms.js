// Rooms: a lookup by name, and the rooms recently active in the feed with their member counts.
import { api, el, enc, clock, setText, plural, throttle } from "./api.js";

const SHOWN = 12;
const REMEMBERED = 200;
const MEMBERS_SHOWN = 200;
const ROOM_ID = /^[A-Za-z0-9_.@:-]{1,64}$/;

/**
 * Member counts come from GET /admin/api/rooms/{room}, fetched for the shown rooms only, at most once
 * per two seconds per room, when the feed says someone joined or left.
 */
export class Rooms {
  constructor({ form, input, list, members, onUser }) {
    Object.assign(this, { list, membersBox: members, onUser });
    this.seen = new Map();
    this.selected = null;
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const room = input.value.trim().replace(/^#/, "");
      if (!ROOM_ID.test(room)) {
        this.membersBox.replaceChildren(el("p", { cls: "error", text: "A room name is 1 to 64 of A-Z a-z 0-9 _ . @ : -" }));
        return;
      }
      this.select(room);
    });
    list.addEventListener("click", (e) => {
      const li = e.target.closest("li[data-room]");
      if (li) this.select(li.dataset.room);
    });
  }

  /** Notes a room named by a feed event and refreshes its count (and its members if it is selected). */
  apply(event) {
    if (!event.room) return;
    let entry = this.seen.get(event.room);
    if (!entry) {
      entry = { room: event.room, count: null, lastAt: 0, refresh: throttle(() => this.count(entry), 100, 2000) };
      this.seen.set(event.room, entry);
      this.forget();
    }
    entry.lastAt = Math.max(entry.lastAt, event.at || Date.now());
    this.scheduleRender();
    if (this.shown().includes(entry)) entry.refresh();
  }

  // a burst of events re-sorts and redraws the list once per frame
  scheduleRender() {
    if (this.renderPending) return;
    this.renderPending = true;
    requestAnimationFrame(() => {
      this.renderPending = false;
      this.render();
    });
  }

  shown() {
    return [...this.seen.values()].sort((a, b) => b.lastAt - a.lastAt).slice(0, SHOWN);
  }

  forget() {
    if (this.seen.size <= REMEMBERED) return;
    const oldest = [...this.seen.values()].sort((a, b) => a.lastAt - b.lastAt)[0];
    this.seen.delete(oldest.room);
  }

  async count(entry) {
    const body = await api("/admin/api/rooms/" + enc(entry.room)).catch(() => null);
    if (!body) return;
    entry.count = body.members.length;
    this.render();
    if (this.selected === entry.room) this.renderMembers(body);
  }

  render() {
    const rows = this.shown().map((entry) => {
      let li = this.list.querySelector('li[data-room="' + CSS.escape(entry.room) + '"]');
      if (!li) {
        li = el("li", { cls: "room-row", data: { testid: "room-row", room: entry.room } },
          el("button", { attrs: { type: "button" } },
            el("span", { cls: "name", text: "#" + entry.room }), el("span", { cls: "count" }), el("time", { cls: "muted" })));
      }
      setText(li.querySelector(".count"), entry.count === null ? "…" : plural(entry.count, "member"));
      setText(li.querySelector("time"), clock(entry.lastAt));
      li.toggleAttribute("aria-current", entry.room === this.selected);
      return li;
    });
    // reorders without recreating: append() moves existing nodes
    if (rows.some((li, i) => this.list.children[i] !== li) || this.list.children.length !== rows.length) {
      this.list.replaceChildren(...rows);
    }
  }

  async select(room) {
    this.selected = room;
    this.render();
    this.membersBox.replaceChildren(el("p", { cls: "muted", text: "Loading #" + room + "…" }));
    try {
      const body = await api("/admin/api/rooms/" + enc(room));
      if (this.selected === room) this.renderMembers(body);
      const entry = this.seen.get(room);
      if (entry) {
        entry.count = body.members.length;
        this.render();
      }
    } catch (e) {
      if (this.selected === room) this.membersBox.replaceChildren(el("p", { cls: "error", text: e.message }));
    }
  }

  renderMembers(body) {
    const members = body.members;
    const list = el("ul", { cls: "member-list" }, ...members.slice(0, MEMBERS_SHOWN).map((m) => {
      const button = el("button", { cls: "link", text: m.user, attrs: { type: "button" } });
      button.addEventListener("click", () => this.onUser(m.user));
      return el("li", { data: { testid: "room-member-row", user: m.user, state: m.state } },
        button, el("span", { cls: "muted", text: " " + m.state + " · " + plural(m.sessions, "session") + " · since " + clock(m.since) }));
    }));
    const more = members.length > MEMBERS_SHOWN ? el("p", { cls: "muted", text: "and " + (members.length - MEMBERS_SHOWN) + " more" }) : "";
    this.membersBox.replaceChildren(
      el("h3", { cls: "sub", text: "#" + body.room + " · " + plural(members.length, "member"), data: { testid: "room-title" } }),
      members.length ? list : el("p", { cls: "muted", text: "Nobody is in this room." }), more);
  }
}
