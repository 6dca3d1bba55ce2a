// Runs the dashboard's feed connection (web/admin/feed.js) against a scripted fake EventSource.
// The dashboard's modules are ES modules in .js files, which Node loads as such only under a
// package.json of type "module": they are copied into a temporary folder that has one.
import { test, before, after, beforeEach, afterEach, mock } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const adminDir = fileURLToPath(new URL("../../main/resources/web/admin/", import.meta.url));
let dir;
let Feed;
let api;
let feedview;
let overview;

/** An EventSource double: the test plays the server through message(), open() and fail(). */
class FakeEventSource {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSED = 2;
  static all = [];
  constructor(url) {
    this.url = url;
    this.readyState = FakeEventSource.CONNECTING;
    this.listeners = {};
    FakeEventSource.all.push(this);
  }
  addEventListener(type, fn) {
    (this.listeners[type] ||= []).push(fn);
  }
  close() {
    this.readyState = FakeEventSource.CLOSED;
  }
  open() {
    this.readyState = FakeEventSource.OPEN;
    this.onopen();
  }
  message(type, data, lastEventId = "") {
    for (const fn of this.listeners[type] || []) fn({ data: JSON.stringify(data), lastEventId });
  }
  /** The browser retries by itself unless the answer was an error status, which closes the source. */
  fail(closed) {
    this.readyState = closed ? FakeEventSource.CLOSED : FakeEventSource.CONNECTING;
    this.onerror();
  }
  static latest() {
    return FakeEventSource.all[FakeEventSource.all.length - 1];
  }
}

let sessionStatus;
let assigned;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "roster-admin-"));
  cpSync(adminDir, dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
  ({ Feed } = await import(pathToFileURL(join(dir, "feed.js"))));
  api = await import(pathToFileURL(join(dir, "api.js")));
  feedview = await import(pathToFileURL(join(dir, "feedview.js")));
  overview = await import(pathToFileURL(join(dir, "overview.js")));
});
after(() => rmSync(dir, { recursive: true, force: true }));

beforeEach(() => {
  FakeEventSource.all = [];
  sessionStatus = 200;
  assigned = [];
  globalThis.EventSource = FakeEventSource;
  globalThis.location = { assign: (url) => assigned.push(url) };
  globalThis.fetch = async () => ({ status: sessionStatus, ok: sessionStatus < 300 });
  mock.timers.enable({ apis: ["setTimeout"] });
});
afterEach(() => mock.timers.reset());

function start() {
  const seen = { presence: [], count: [], state: [] };
  const feed = new Feed("/admin/feed", {
    presence: (e, id) => seen.presence.push(id + ":" + e.user),
    count: (c) => seen.count.push(c.online),
    state: (s) => seen.state.push(s),
  });
  feed.start();
  FakeEventSource.latest().open();
  return { feed, seen };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

test("presence and count events reach their handlers", () => {
  const { seen } = start();
  const source = FakeEventSource.latest();
  source.message("presence", { kind: "came_online", user: "ann", at: 1 }, "1");
  source.message("count", { online: 7, at: 2 });
  assert.equal(source.url, "/admin/feed");
  assert.deepEqual(seen, { presence: ["1:ann"], count: [7], state: ["live"] });
});

test("an entry delivered twice (a resume that overlaps) is shown once", () => {
  const { seen } = start();
  const source = FakeEventSource.latest();
  for (const id of ["1", "2", "3"]) source.message("presence", { user: "u" + id }, id);
  source.fail(false);
  source.open();
  for (const id of ["2", "3", "4"]) source.message("presence", { user: "u" + id }, id);
  assert.deepEqual(seen.presence, ["1:u1", "2:u2", "3:u3", "4:u4"]);
  assert.deepEqual(seen.state, ["live", "reconnecting", "live"]);
  assert.equal(FakeEventSource.all.length, 1, "the browser's own retry keeps the source");
});

test("a source closed by an error status is reopened from the last id seen, after a backoff", async () => {
  const { seen } = start();
  const first = FakeEventSource.latest();
  first.message("presence", { user: "ann" }, "41");
  first.message("presence", { user: "bob" }, "42");
  first.fail(true);
  await settle();
  assert.equal(FakeEventSource.all.length, 1, "not reopened at once");
  mock.timers.tick(1000);
  const second = FakeEventSource.latest();
  assert.notEqual(second, first);
  assert.equal(second.url, "/admin/feed?lastEventId=42");
  second.open();
  second.message("presence", { user: "bob" }, "42");
  second.message("presence", { user: "cy" }, "43");
  assert.deepEqual(seen.presence, ["41:ann", "42:bob", "43:cy"]);
  assert.deepEqual(seen.state, ["live", "down", "live"]);
});

test("an ended admin session sends the page to the sign-in form", async () => {
  start();
  sessionStatus = 401;
  FakeEventSource.latest().fail(true);
  await settle();
  assert.deepEqual(assigned, ["/admin/login"]);
});

test("a stopped feed is not reopened", async () => {
  const { feed } = start();
  const source = FakeEventSource.latest();
  feed.stop();
  assert.equal(source.readyState, FakeEventSource.CLOSED);
  source.onerror();
  await settle();
  mock.timers.tick(60000);
  assert.equal(FakeEventSource.all.length, 1);
});

test("lease ages and last-seen read as short durations", () => {
  assert.deepEqual([1234, 42000, 600000, 7200000, 259200000].map(api.ago), ["1.2 s", "42 s", "10 min", "2 h", "3 d"]);
  assert.equal(api.ago(undefined), "–");
});

test("an entry about a node, which names no user, reaches the feed; one that names neither is dropped", () => {
  const seen = [];
  const feed = new Feed("/admin/feed", { presence: (e, id) => seen.push(id + ":" + e.kind), count() {}, state() {} });
  feed.start();
  const source = FakeEventSource.latest();
  source.open();
  source.message("presence", { kind: "node_removed", node: "b", sessions: 20, users: 20, at: 1 }, "7");
  source.message("presence", { kind: "came_online", at: 2 }, "8");
  assert.deepEqual(seen, ["7:node_removed"]);
});

test("the feed says what a node's removal closed", () => {
  assert.equal(feedview.describe({ kind: "node_removed", node: "b", sessions: 20, users: 20 }),
    "node b removed: 20 sessions of 20 users closed");
  assert.equal(feedview.describe({ kind: "node_removed", node: "c", sessions: 1, users: 1 }),
    "node c removed: 1 session of 1 user closed");
  assert.equal(feedview.describe({ kind: "came_online", user: "ann" }), "came online");
});

test("the chart's time labels are a short 24-hour HH:MM", () => {
  const at = (h, m) => new Date(2026, 0, 2, h, m, 30).getTime() / 1000;
  assert.deepEqual([at(7, 5), at(0, 0), at(23, 59), at(12, 30)].map(overview.hourMinute),
    ["07:05", "00:00", "23:59", "12:30"]);
});
