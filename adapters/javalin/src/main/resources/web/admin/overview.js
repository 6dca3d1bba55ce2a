// The cluster overview: the live nodes table and the online-users chart (uPlot).
import { el, setText, ago } from "./api.js";

const HOUR_S = 3600;
const MIN_SPAN_S = 300;
/** Time ticks in whole minutes only, so that every label is one short "HH:MM" and none repeats. */
const TIME_STEPS_S = [60, 120, 300, 600, 900, 1200, 1800, 3600];
/** The least room between two time labels, in CSS pixels: a label is about 35 wide. */
const TIME_LABEL_SPACE = 64;

const pad = (n) => String(n).padStart(2, "0");
/** "14:05": the chart spans an hour at most, so the date would only crowd the axis. */
export function hourMinute(seconds) {
  const d = new Date(seconds * 1000);
  return pad(d.getHours()) + ":" + pad(d.getMinutes());
}

/** The live nodes, keyed by node name; rows are updated in place. */
export class Nodes {
  constructor(body, total) {
    this.body = body;
    this.total = total;
    this.rows = new Map();
  }

  render(nodes, leaseMs) {
    const keep = new Set(nodes.map((n) => n.node));
    for (const [node, row] of this.rows) {
      if (!keep.has(node)) {
        row.tr.remove();
        this.rows.delete(node);
      }
    }
    for (const n of nodes) {
      let row = this.rows.get(n.node);
      if (!row) {
        const cells = [el("th", { text: n.node, attrs: { scope: "row" } }), el("td"), el("td"), el("td")];
        row = { tr: el("tr", { data: { testid: "node-row", node: n.node } }, ...cells), cells };
        this.rows.set(n.node, row);
        this.body.append(row.tr);
      }
      setText(row.cells[1], n.sessions);
      setText(row.cells[2], ago(n.leaseAgeMs));
      // a boot is an opaque id that changes at each start (a restarted node shows a new one), not a time
      setText(row.cells[3], n.boot || "–");
      // a lease this old means the node has missed heartbeats; its sessions are about to be reaped
      row.tr.classList.toggle("stale", !!leaseMs && n.leaseAgeMs > leaseMs / 2);
    }
    setText(this.total, nodes.length === 1 ? "1 node" : nodes.length + " nodes");
  }
}

/** Online users over the last hour: the history endpoint first, then one point per `count` event. */
export class OnlineChart {
  constructor(container) {
    this.container = container;
    this.xs = [];
    this.ys = [];
    this.plot = null;
    this.drawing = false;
    if (typeof window.uPlot !== "function") {
      container.replaceChildren(el("p", { cls: "muted", text: "The chart library did not load." }));
      return;
    }
    const css = getComputedStyle(document.documentElement);
    const ink = css.getPropertyValue("--muted").trim() || "#555";
    const line = css.getPropertyValue("--line").trim() || "#ddd";
    const accent = css.getPropertyValue("--accent").trim() || "#2f5bea";
    const axis = { stroke: ink, grid: { stroke: line, width: 1 }, ticks: { stroke: line } };
    this.plot = new window.uPlot({
      width: this.width(),
      height: this.height(),
      series: [{}, { label: "Online", stroke: accent, fill: accent + "22", width: 2, points: { show: false } }],
      scales: {
        // at least the last five minutes: with one point or none uPlot would otherwise span years
        x: { time: true, range: (u, min, max) => {
          const end = Math.max(max || 0, Date.now() / 1000);
          return [Math.min(min || end, end - MIN_SPAN_S), end];
        } },
        y: { range: (u, min, max) => [0, Math.max(5, Math.ceil((max || 0) * 1.15))] },
      },
      axes: [
        { ...axis, space: TIME_LABEL_SPACE, incrs: TIME_STEPS_S, values: (u, ticks) => this.timeLabels(u, ticks) },
        { ...axis, size: 56 },
      ],
      legend: { show: false },
    }, [this.xs, this.ys], container);
    new ResizeObserver(() => this.plot.setSize({ width: this.width(), height: this.height() })).observe(container);
  }

  width() {
    return Math.max(200, this.container.clientWidth);
  }

  /** The time axis' labels; where each one is drawn is kept on the container for inspection and browser tests. */
  timeLabels(u, ticks) {
    const labels = ticks.map(hourMinute);
    this.container.dataset.timeTicks = labels.map((label, i) => label + "@" + Math.round(u.valToPos(ticks[i], "x")))
      .join(" ");
    return labels;
  }

  height() {
    return window.matchMedia("(max-width: 700px)").matches ? 170 : 230;
  }

  /** @param {Array<[number, number]>} points [epochMs, online] */
  setHistory(points) {
    const sorted = [...points].sort((a, b) => a[0] - b[0]);
    this.xs.length = 0;
    this.ys.length = 0;
    for (const [at, online] of sorted) this.push(at, online);
    this.draw();
  }

  add(at, online) {
    this.push(at, online);
    this.draw();
  }

  push(at, online) {
    const x = at / 1000;
    const last = this.xs.length - 1;
    if (last >= 0 && x <= this.xs[last]) {
      if (x === this.xs[last]) this.ys[last] = online;
      return;
    }
    this.xs.push(x);
    this.ys.push(online);
    const cutoff = Date.now() / 1000 - HOUR_S;
    while (this.xs.length > 2 && this.xs[0] < cutoff) {
      this.xs.shift();
      this.ys.shift();
    }
  }

  draw() {
    // what the chart shows, readable by browser tests and people inspecting the page
    this.container.dataset.points = this.xs.length;
    this.container.dataset.last = this.ys.length ? this.ys[this.ys.length - 1] : "";
    if (!this.plot || this.drawing) return;
    this.drawing = true;
    requestAnimationFrame(() => {
      this.drawing = false;
      this.plot.setData([this.xs, this.ys]);
    });
  }
}
