// The webhook panel: where delivery stands, and the newest dead letters. Every value is set as text, never as
// markup: a dead letter's reason and events are whatever the receiver and the clients sent.
import { el, dateTime, plural } from "./api.js";

const tries = (n) => n + (n === 1 ? " try" : " tries");
const orNone = (value) => (value === null || value === undefined || value === "" ? "–" : String(value));

export class Webhook {
  constructor({ status, letters, empty }) {
    Object.assign(this, { status, letters, empty });
  }

  render({ delivery: d, deadLetters }) {
    const facts = d.enabled
      ? [["Sink", d.sink], ["Delivering node", d.holder], ["Delivered up to", d.delivered],
        ["Dead letters", d.deadLetters], ["Last failure", d.lastFailure],
        ["Failed at", d.lastFailureAt ? dateTime(d.lastFailureAt) : null]]
      : [["Delivery", "off (no ROSTER_WEBHOOK_URL)"]];
    this.status.replaceChildren(...facts.flatMap(([name, value]) => [
      el("dt", { text: name }), el("dd", { text: orNone(value), data: { testid: "webhook-" + name.toLowerCase().replace(/ /g, "-") } }),
    ]));
    const rows = (deadLetters || []).map((letter) => {
      const events = letter.events || [];
      const first = events[0];
      const what = plural(events.length, "event") + (first ? " from " + first.type + " of " + first.user : "");
      return el("li", { cls: "dead-letter", data: { testid: "dead-letter" } },
        el("div", { text: dateTime(letter.parkedAt) + " · " + what + " · " + tries(letter.attempts) }),
        el("div", { cls: "muted", text: letter.reason }));
    });
    this.letters.replaceChildren(...rows);
    this.empty.hidden = rows.length > 0;
  }
}
