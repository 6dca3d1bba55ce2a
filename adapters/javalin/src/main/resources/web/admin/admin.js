// The admin dashboard at /admin: wires the panels to the admin API and to the live feed.
import { api, startSession, signOut, setText, clock } from "./api.js";
import { Feed } from "./feed.js";
import { FeedView } from "./feedview.js";
import { UserList } from "./users.js";
import { UserDetails } from "./details.js";
import { Rooms } from "./rooms.js";
import { Nodes, OnlineChart } from "./overview.js";
import { Webhook } from "./webhook.js";

// Lease ages change by themselves, so the (small) node summary is re-read; everything else comes by push.
const SUMMARY_EVERY_MS = 5000;
// the webhook's delivery moves without an event of its own: re-read now and then
const WEBHOOK_EVERY_MS = 10000;
const $ = (id) => document.getElementById(id);

const FEED_STATES = { live: "Live", reconnecting: "Reconnecting…", down: "Feed lost, retrying…" };

function setOnline(online, at) {
  setText($("online-count"), Math.max(0, online).toLocaleString());
  $("online-count").dataset.value = Math.max(0, online);
  setText($("count-at"), clock(at || Date.now()));
}

async function main() {
  await startSession();

  const details = new UserDetails($("user-details"), { onRoom: (room) => rooms.select(room) });
  const users = new UserList({
    search: $("user-search"), list: $("user-list"), empty: $("user-empty"),
    prev: $("users-prev"), next: $("users-next"), page: $("users-page"), onSelect: select,
  });
  const rooms = new Rooms({
    form: $("room-form"), input: $("room-search"), list: $("room-list"), members: $("room-members"), onUser: select,
  });
  const nodes = new Nodes($("node-list"), $("node-total"));
  const chart = new OnlineChart($("chart"));
  const feedView = new FeedView({ list: $("feed"), pause: $("feed-pause"), pending: $("feed-pending"), onUser: select });

  function select(user) {
    users.select(user);
    details.show(user);
  }

  async function summary() {
    const s = await api("/admin/api/summary");
    nodes.render(s.nodes || [], s.leaseMs);
    setOnline(s.online);
  }

  const [, history] = await Promise.all([summary(), api("/admin/api/history")]);
  chart.setHistory(history.points || []);
  // history is sampled every few seconds: end the line at the count just read, not at the last sample
  chart.add(Date.now(), Number($("online-count").dataset.value));
  users.load();
  setInterval(() => summary().catch(() => {}), SUMMARY_EVERY_MS);
  const webhook = new Webhook({ status: $("webhook-status"), letters: $("dead-letters"), empty: $("dead-empty") });
  const webhooks = () => api("/admin/api/webhooks").then((w) => webhook.render(w)).catch(() => {});
  webhooks();
  setInterval(webhooks, WEBHOOK_EVERY_MS);

  const feed = new Feed("/admin/feed", {
    presence(event, id) {
      feedView.add(event, id);
      users.apply(event);
      details.apply(event);
      rooms.apply(event);
      // the `count` event corrects this within seconds; until then the number moves with the feed
      const shown = Number($("online-count").dataset.value);
      if (event.kind === "came_online") setOnline(shown + 1, event.at);
      if (event.kind === "went_offline") setOnline(shown - 1, event.at);
    },
    count({ online, at }) {
      setOnline(online, at);
      chart.add(at || Date.now(), online);
    },
    state(state) {
      $("feed-state").dataset.state = state;
      setText($("feed-state"), FEED_STATES[state]);
    },
  });
  feed.start();
  $("sign-out").addEventListener("click", () => {
    feed.stop();
    signOut().catch(() => location.assign("/admin/login"));
  });
}

main().catch((e) => {
  $("feed-state").dataset.state = "down";
  setText($("feed-state"), "Failed to start (" + e.message + "): reload the page");
});
