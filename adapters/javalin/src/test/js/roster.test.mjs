// Runs the browser client (web/roster.js) against a scripted fake WebSocket, with mocked timers.
// Run: node --test adapters/javalin/src/test/js/
import { test, beforeEach, afterEach, mock } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const Roster = require("../../main/resources/web/roster.js");

/** A WebSocket double: the test plays the server through deliver() and drop(). */
class FakeSocket {
  static all = [];
  constructor(url) {
    this.url = url;
    this.readyState = 1;
    this.sent = [];
    FakeSocket.all.push(this);
  }
  send(data) {
    this.sent.push(JSON.parse(data));
  }
  close(code = 1000, reason = "") {
    this.drop(code, reason);
  }
  deliver(frame) {
    this.onmessage({ data: JSON.stringify(frame) });
  }
  drop(code = 1006, reason = "") {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onclose({ code, reason });
  }
  last() {
    return this.sent[this.sent.length - 1];
  }
  static latest() {
    return FakeSocket.all[FakeSocket.all.length - 1];
  }
}

const welcome = (n = 1) => ({ type: "welcome", user: "ann", session: "s" + n, node: "n1" });
const flush = () => new Promise((resolve) => setImmediate(resolve));

function client(extra = {}) {
  return new Roster({ url: "ws://127.0.0.1:1/ws", user: "ann", device: "laptop", WebSocket: FakeSocket,
    random: () => 0, minDelayMs: 500, maxDelayMs: 2000, ...extra });
}

async function connected(extra) {
  const roster = client(extra);
  const opened = roster.connect();
  FakeSocket.latest().deliver(welcome());
  await opened;
  return roster;
}

beforeEach(() => {
  FakeSocket.all = [];
  mock.timers.enable({ apis: ["setTimeout"] });
});
afterEach(() => mock.timers.reset());

test("connect sends the credentials in the URL and resolves with the welcome", async () => {
  const roster = client();
  const opened = roster.connect();
  assert.equal(FakeSocket.latest().url, "ws://127.0.0.1:1/ws?user=ann&device=laptop");
  FakeSocket.latest().deliver(welcome());
  assert.deepEqual(await opened, welcome());
  assert.equal(roster.connected, true);
});

test("replies are matched to requests by id even out of order", async () => {
  const roster = await connected();
  const ws = FakeSocket.latest();
  const lobby = roster.join("lobby");
  const dev = roster.join("dev");
  const [joinLobby, joinDev] = ws.sent;
  assert.deepEqual([joinLobby.type, joinLobby.room, joinDev.room], ["join", "lobby", "dev"]);
  assert.notEqual(joinLobby.id, joinDev.id);
  ws.deliver({ type: "joined", re: joinDev.id, room: "dev", members: [{ user: "bob" }] });
  ws.deliver({ type: "joined", re: joinLobby.id, room: "lobby", members: [{ user: "cy" }] });
  assert.deepEqual(await lobby, [{ user: "cy" }]);
  assert.deepEqual(await dev, [{ user: "bob" }]);
  assert.deepEqual([...roster.rooms].sort(), ["dev", "lobby"]);
});

test("an error reply rejects with its code and leaves the connection open", async () => {
  const roster = await connected();
  const ws = FakeSocket.latest();
  const who = roster.who("nowhere");
  ws.deliver({ type: "error", re: ws.last().id, code: "not_member", message: "not in nowhere" });
  await assert.rejects(who, (e) => e.code === "not_member" && e.message === "not in nowhere");
  assert.equal(roster.connected, true);
  const ping = roster.ping();
  ws.deliver({ type: "pong", re: ws.last().id });
  assert.equal(typeof (await ping), "number");
});

test("presence, message and unsolicited errors become events", async () => {
  const roster = await connected();
  const seen = [];
  for (const e of ["presence", "message", "error"]) roster.on(e, (p) => seen.push([e, p.user || p.from || p.code]));
  const ws = FakeSocket.latest();
  ws.deliver({ type: "presence", room: "lobby", user: "bob", state: "online", at: 1 });
  ws.deliver({ type: "message", room: "lobby", from: "bob", text: "hi", at: 2 });
  await roster.say("lobby", "hello");
  assert.deepEqual({ ...ws.last(), id: 0 }, { type: "say", room: "lobby", text: "hello", id: 0 });
  ws.deliver({ type: "error", re: ws.last().id, code: "not_member", message: "join first" });
  assert.deepEqual(seen, [["presence", "bob"], ["message", "bob"], ["error", "not_member"]]);
});

test("a presence frame reaches listeners whole, with the member's device count and status text", async () => {
  const roster = await connected();
  const seen = [];
  roster.on("presence", (p) => seen.push(p));
  const frame = { type: "presence", room: "lobby", user: "bob", state: "away", at: 3, text: "lunch", sessions: 2 };
  FakeSocket.latest().deliver(frame);
  assert.deepEqual(seen, [frame]);
});

test("reconnects with capped exponential backoff after a lost connection", async () => {
  const roster = await connected();
  const delays = [];
  roster.on("close", (c) => delays.push(c.reconnectInMs));
  // random() is 0, so each delay is half of min(max, min * 2^attempt): 250, 500, 1000, 1000
  for (const delay of [250, 500, 1000, 1000]) {
    const before = FakeSocket.all.length;
    FakeSocket.latest().drop(1006);
    mock.timers.tick(delay - 1);
    assert.equal(FakeSocket.all.length, before, "no new socket before " + delay + " ms");
    mock.timers.tick(1);
    assert.equal(FakeSocket.all.length, before + 1, "a new socket after " + delay + " ms");
  }
  assert.deepEqual(delays, [250, 500, 1000, 1000]);
  FakeSocket.latest().deliver(welcome(2));
  FakeSocket.latest().drop(1006);
  assert.deepEqual(delays.at(-1), 250, "a welcome resets the backoff");
});

test("jitter spreads the delay over the upper half of the ceiling", () => {
  const high = client({ random: () => 0.999 });
  assert.equal(high.backoff(), 500);
  high.attempt = 10;
  assert.equal(high.backoff(), 1999);
});

test("after a reconnect the status is re-sent and every room re-joined", async () => {
  const roster = await connected();
  let ws = FakeSocket.latest();
  const joins = [roster.join("lobby"), roster.join("dev")];
  ws.sent.forEach((f) => ws.deliver({ type: "joined", re: f.id, room: f.room, members: [] }));
  await Promise.all(joins);
  const status = roster.status("away", "lunch");
  ws.deliver({ type: "ok", re: ws.last().id });
  await status;
  const left = roster.leave("dev");
  ws.deliver({ type: "left", re: ws.last().id, room: "dev" });
  await left;

  const reconnected = new Promise((resolve) => roster.on("reconnect", resolve));
  ws.drop(1001, "going away");
  mock.timers.tick(250);
  ws = FakeSocket.latest();
  ws.deliver(welcome(2));
  assert.deepEqual(ws.sent.map((f) => [f.type, f.status, f.text]), [["status", "away", "lunch"]]);
  ws.deliver({ type: "ok", re: ws.sent[0].id });
  await flush();
  assert.deepEqual(ws.sent.slice(1).map((f) => [f.type, f.room]), [["join", "lobby"]]);
  ws.deliver({ type: "joined", re: ws.sent[1].id, room: "lobby", members: [{ user: "ann" }] });
  const event = await reconnected;
  assert.equal(event.welcome.session, "s2");
  assert.deepEqual(event.rooms, { lobby: [{ user: "ann" }] });
});

test("a connection lost while rooms are re-joined keeps them for the next attempt", async () => {
  const roster = await connected();
  let ws = FakeSocket.latest();
  const join = roster.join("lobby");
  ws.deliver({ type: "joined", re: ws.last().id, room: "lobby", members: [] });
  await join;
  const reconnects = [];
  roster.on("reconnect", (r) => reconnects.push(r));

  ws.drop(1006);
  mock.timers.tick(250);
  ws = FakeSocket.latest();
  ws.deliver(welcome(2));
  assert.equal(ws.last().type, "join");
  ws.drop(1006);
  await flush();
  assert.deepEqual([...roster.rooms], ["lobby"]);
  assert.equal(reconnects.length, 0);

  mock.timers.tick(500);
  ws = FakeSocket.latest();
  ws.deliver(welcome(3));
  ws.deliver({ type: "error", re: ws.last().id, code: "forbidden", message: "no longer allowed" });
  await flush();
  assert.deepEqual([...roster.rooms], [], "a room the server refuses is dropped");
  assert.deepEqual(reconnects.map((r) => r.rooms), [{}]);
});

test("requests in flight are rejected when the connection drops", async () => {
  const roster = await connected();
  const who = roster.who("lobby");
  FakeSocket.latest().drop(1006);
  await assert.rejects(who, (e) => e.code === "disconnected");
  await assert.rejects(roster.who("lobby"), (e) => e.code === "not_connected");
});

test("a request without a reply times out", async () => {
  const roster = await connected({ requestTimeoutMs: 1000 });
  const ping = roster.ping();
  mock.timers.tick(1000);
  await assert.rejects(ping, (e) => e.code === "timeout");
});

test("a first connection closed before the welcome rejects and is not retried", async () => {
  const roster = client();
  const opened = roster.connect();
  const closes = [];
  roster.on("close", (c) => closes.push(c));
  FakeSocket.latest().drop(1006);
  await assert.rejects(opened, (e) => e.code === "disconnected");
  mock.timers.tick(60000);
  assert.equal(FakeSocket.all.length, 1);
  assert.deepEqual(closes, [{ code: 1006, reason: "", reconnectInMs: null }]);
});

test("a normal or policy close by the server (an operator's disconnect) is final", async () => {
  for (const code of [1000, 1008, 4001]) {
    const kicked = await connected();
    const sockets = FakeSocket.all.length;
    const closes = [];
    kicked.on("close", (c) => closes.push(c));
    FakeSocket.latest().drop(code, "disconnected by admin");
    mock.timers.tick(60000);
    assert.equal(FakeSocket.all.length, sockets, "no reconnect after " + code);
    assert.deepEqual(closes, [{ code, reason: "disconnected by admin", reconnectInMs: null }]);
  }
});

test("a node going away or restarting is retried", async () => {
  for (const code of [1001, 1012]) {
    await connected();
    const sockets = FakeSocket.all.length;
    FakeSocket.latest().drop(code);
    mock.timers.tick(250);
    assert.equal(FakeSocket.all.length, sockets + 1, "a reconnect after " + code);
  }
});

test("close() is final", async () => {
  const done = await connected();
  done.close();
  mock.timers.tick(60000);
  assert.equal(FakeSocket.all.length, 1);
  assert.equal(done.connected, false);
});

test("frames that are not JSON are reported, not thrown", async () => {
  const roster = await connected();
  const errors = [];
  roster.on("error", (e) => errors.push(e.code));
  FakeSocket.latest().onmessage({ data: "not json" });
  assert.deepEqual(errors, ["bad_frame"]);
  assert.throws(() => roster.on("nope", () => {}), (e) => e.code === "bad_event");
});
