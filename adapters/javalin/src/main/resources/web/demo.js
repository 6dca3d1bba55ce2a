// The demo page at "/": join a room as a name of your choice, watch its members live, set a status, chat.
(() => {
  "use strict";
  const ID = /^[A-Za-z0-9_.@:-]{1,64}$/;
  const MAX_MESSAGES = 200;
  const WHO_DEBOUNCE_MS = 250;
  const $ = (id) => document.getElementById(id);
  const ui = {
    conn: $("conn"), joinSection: $("join"), joinForm: $("join-form"), joinButton: $("join-button"),
    joinError: $("join-error"), name: $("name"), device: $("device"), roomInput: $("room-name"),
    roomSection: $("room"), roomLabel: $("room-label"), me: $("me-label"), leave: $("leave"),
    members: $("members"), memberCount: $("member-count"), statusForm: $("status-form"), status: $("status"),
    statusText: $("status-text"), statusNote: $("status-note"), messages: $("messages"), chatForm: $("chat-form"),
    chat: $("chat"),
  };
  const statusButton = ui.statusForm.querySelector("button[type=submit]");

  let roster = null;
  let room = null;
  let whoTimer = null;
  /** user -> row element; rows carry the member's data in data-* attributes */
  const rows = new Map();

  const time = (ms) => new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  const plural = (n, word) => n + " " + word + (n === 1 ? "" : "s");

  function setConn(state, text) {
    ui.conn.dataset.state = state;
    ui.conn.textContent = text;
  }

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function memberRow(user) {
    const li = el("li", "member");
    li.dataset.testid = "member-row";
    li.dataset.user = user;
    const avatar = el("span", "avatar", user.charAt(0).toUpperCase());
    avatar.setAttribute("aria-hidden", "true");
    const who = el("span", "who");
    const text = el("span", "status-text");
    text.dataset.testid = "member-text";
    const detail = el("span", "detail");
    detail.dataset.testid = "member-detail";
    who.append(el("span", "name", user), text, detail);
    li.append(avatar, who, el("span", "state"));
    return li;
  }

  /**
   * Creates or updates one member's row; only the cells whose data changed are touched. `sessions` and `since`
   * left out keep what the row shows; `text` left out means none (frames and replies leave it out when none).
   */
  function upsert(member) {
    let li = rows.get(member.user);
    if (!li) {
      li = memberRow(member.user);
      rows.set(member.user, li);
      insertSorted(li);
    }
    const mine = roster && roster.welcome && member.user === roster.welcome.user;
    li.classList.toggle("self", !!mine);
    if (li.dataset.state !== member.state) {
      li.dataset.state = member.state;
      li.querySelector(".state").textContent = member.state;
    }
    const text = member.text || "";
    if ((li.dataset.text ?? "") !== text) {
      li.dataset.text = text;
      li.querySelector(".status-text").textContent = text;
    }
    const sessions = member.sessions ?? Number(li.dataset.sessions || 1);
    const since = member.since ?? Number(li.dataset.since || 0);
    if (Number(li.dataset.sessions) !== sessions || Number(li.dataset.since) !== since) {
      li.dataset.sessions = sessions;
      li.dataset.since = since;
      li.querySelector(".detail").textContent =
        plural(sessions, "device") + (since ? " · since " + time(since) : "");
    }
    ui.memberCount.textContent = rows.size;
  }

  function insertSorted(li) {
    const after = [...ui.members.children].find((other) => other.dataset.user.localeCompare(li.dataset.user) > 0);
    ui.members.insertBefore(li, after || null);
  }

  function remove(user) {
    const li = rows.get(user);
    if (!li) return;
    li.remove();
    rows.delete(user);
    ui.memberCount.textContent = rows.size;
  }

  /** Replaces the list with a fresh snapshot (a `who` or `joined` reply) without rebuilding unchanged rows. */
  function replaceMembers(members) {
    const present = new Set(members.map((m) => m.user));
    for (const user of [...rows.keys()]) if (!present.has(user)) remove(user);
    members.forEach(upsert);
  }

  // A presence frame carries the member's device count and status text, but not since when its state holds for a
  // member new to the list, and a frame announced by a node of an earlier version has no count: then ask with
  // `who`, debounced, so that a burst of such frames costs one request.
  function refreshCounts() {
    clearTimeout(whoTimer);
    whoTimer = setTimeout(() => {
      if (roster && roster.connected && room) roster.who(room).then(replaceMembers, () => {});
    }, WHO_DEBOUNCE_MS);
  }

  function addMessage(from, text, at, system) {
    const li = el("li", system ? "message system" : "message");
    li.dataset.testid = "message-row";
    if (from) li.dataset.from = from;
    const stamp = el("time", "at", time(at));
    stamp.dateTime = new Date(at).toISOString();
    li.append(stamp);
    if (from) li.append(el("strong", "from", from));
    li.append(el("span", "text", text));
    const atBottom = ui.messages.scrollHeight - ui.messages.scrollTop - ui.messages.clientHeight < 40;
    ui.messages.append(li);
    while (ui.messages.children.length > MAX_MESSAGES) ui.messages.firstElementChild.remove();
    if (atBottom || from === roster?.welcome?.user) ui.messages.scrollTop = ui.messages.scrollHeight;
  }

  function showRoom(joined) {
    ui.joinSection.hidden = !!joined;
    ui.roomSection.hidden = !joined;
  }

  function wire(client) {
    client.on("presence", (p) => {
      if (p.room !== room) return;
      if (p.state === "offline") {
        remove(p.user);
        return;
      }
      const known = rows.get(p.user);
      // a new state began when the frame was sent; a new text or device count leaves it as it was
      const since = known && known.dataset.state !== p.state ? p.at : undefined;
      upsert({ user: p.user, state: p.state, text: p.text, sessions: p.sessions, since });
      // a member new to the list brings no `since`; a node of an earlier version sends no count
      if (!known || p.sessions === undefined) refreshCounts();
    });
    client.on("message", (m) => {
      if (m.room === room) addMessage(m.from, m.text, m.at);
    });
    client.on("close", (c) => {
      if (c.reconnectInMs !== null) {
        setConn("reconnecting", "Reconnecting in " + Math.ceil(c.reconnectInMs / 1000) + " s…");
      } else if (client === roster && room) {
        end("Disconnected" + (c.reason ? ": " + c.reason : "") + ".");
      }
    });
    client.on("reconnect", (r) => {
      setConn("open", "Connected as " + r.welcome.user);
      if (r.rooms[room]) replaceMembers(r.rooms[room]);
      addMessage(null, "Reconnected.", Date.now(), true);
    });
    client.on("error", (e) => {
      if (e.code === "not_member") addMessage(null, "You are not in this room any more.", Date.now(), true);
    });
  }

  function end(message) {
    const client = roster;
    roster = null;
    room = null;
    clearTimeout(whoTimer);
    if (client) client.close();
    rows.clear();
    ui.members.replaceChildren();
    ui.messages.replaceChildren();
    ui.joinError.textContent = message || "";
    setConn("idle", "Not connected");
    showRoom(false);
    ui.joinButton.disabled = false;
  }

  async function join(event) {
    event.preventDefault();
    const user = ui.name.value.trim();
    const device = ui.device.value.trim();
    const wanted = ui.roomInput.value.trim() || "lobby";
    if (!ID.test(user)) return fail("Pick a name of 1 to 64 letters, digits or _ . @ : -", ui.name);
    if (!ID.test(wanted)) return fail("A room name is 1 to 64 letters, digits or _ . @ : -", ui.roomInput);
    ui.joinError.textContent = "";
    ui.joinButton.disabled = true;
    setConn("connecting", "Connecting…");
    const client = new Roster({ user, device: device || undefined });
    wire(client);
    try {
      const welcome = await client.connect();
      roster = client;
      room = wanted;
      const members = await client.join(wanted);
      setConn("open", "Connected as " + welcome.user);
      ui.roomLabel.textContent = wanted;
      ui.me.textContent = welcome.user + (device ? " (" + device + ")" : "");
      replaceMembers(members);
      showRoom(true);
      ui.chat.focus();
    } catch (e) {
      client.close();
      roster = null;
      room = null;
      setConn("idle", "Not connected");
      ui.joinButton.disabled = false;
      fail(e.code === "disconnected"
        ? "Could not connect: the server refused the name or is not reachable."
        : "Could not join: " + e.message, ui.name);
    }
  }

  function fail(message, field) {
    ui.joinError.textContent = message;
    field.focus();
  }

  // Sent once, by "Set status": the status and its text go together, so the others hear one change, not a
  // status first and the same status again with its text.
  async function setStatus(event) {
    event.preventDefault();
    if (!roster || statusButton.disabled) return;
    statusButton.disabled = true;
    try {
      const state = ui.status.value;
      const text = ui.statusText.value.trim();
      await roster.status(state, text);
      ui.statusNote.textContent = "Status set to " + state + (text ? ": " + text : "") + ".";
      // the server tells the others, not the sender: show our own row's change here
      if (roster && roster.welcome && rows.has(roster.welcome.user)) {
        upsert({ user: roster.welcome.user, state, text });
        refreshCounts();
      }
    } catch (e) {
      ui.statusNote.textContent = "Could not set the status: " + e.message;
    } finally {
      statusButton.disabled = false;
    }
  }

  async function say(event) {
    event.preventDefault();
    const text = ui.chat.value.trim();
    if (!text || !roster) return;
    try {
      await roster.say(room, text);
      ui.chat.value = "";
    } catch (e) {
      addMessage(null, "Not sent: " + e.message, Date.now(), true);
    }
  }

  async function leave() {
    const client = roster;
    const left = room;
    if (client && left) await client.leave(left).catch(() => {});
    end("");
  }

  const params = new URLSearchParams(location.search);
  if (params.get("user")) ui.name.value = params.get("user");
  if (params.get("device")) ui.device.value = params.get("device");
  if (params.get("room")) ui.roomInput.value = params.get("room");
  ui.joinForm.addEventListener("submit", join);
  ui.statusForm.addEventListener("submit", setStatus);
  ui.chatForm.addEventListener("submit", say);
  ui.leave.addEventListener("click", leave);
})();
