// The dashboard's access to the admin HTTP API, plus the small DOM and time helpers every panel uses.

const LOGIN = "/admin/login";
let csrf = null;

/** Thrown for a non-2xx answer; carries the HTTP status. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function toLogin() {
  location.assign(LOGIN);
  // the page is leaving: keep callers from acting on a half-answer meanwhile
  return new Promise(() => {});
}

/**
 * Reads the CSRF token once; every state-changing request sends it as X-CSRF-Token.
 * Sends the browser to the sign-in page when there is no admin session.
 */
export async function startSession() {
  const body = await api("/admin/api/session");
  csrf = body.csrf;
}

/** Calls the admin API with the session cookie; answers the parsed JSON. A 401 leads to the sign-in page. */
export async function api(path, { method = "GET", signal } = {}) {
  const headers = { Accept: "application/json" };
  if (method !== "GET") headers["X-CSRF-Token"] = csrf;
  const response = await fetch(path, { method, headers, signal, credentials: "same-origin", cache: "no-store" });
  if (response.status === 401) return toLogin();
  if (!response.ok) {
    let message = response.statusText || "request failed";
    try {
      const body = await response.json();
      message = body.message || body.error || message;
    } catch (e) {
      // an answer that is not JSON keeps the status text
    }
    throw new ApiError(response.status, method + " " + path + ": " + response.status + " " + message);
  }
  return response.json();
}

/** Signs out (POST with the CSRF token), then shows the sign-in page. */
export async function signOut() {
  await fetch("/admin/logout", {
    method: "POST", headers: { "X-CSRF-Token": csrf }, credentials: "same-origin", redirect: "manual",
  });
  location.assign(LOGIN);
}

/** Sends the browser to the sign-in page if the admin session has ended (used when the feed breaks). */
export async function checkSession() {
  const response = await fetch("/admin/api/session", { credentials: "same-origin", cache: "no-store" });
  if (response.status === 401) toLogin();
}

export const enc = encodeURIComponent;

/** Creates an element with a class, text and attributes (data-* via `data: {...}`). */
export function el(tag, { cls, text, data, attrs } = {}, ...children) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined && text !== null) node.textContent = text;
  if (data) Object.assign(node.dataset, data);
  if (attrs) for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

/** Sets an element's text only when it changes, so unchanged rows cause no layout work. */
export function setText(node, text) {
  const value = text === undefined || text === null ? "" : String(text);
  if (node.textContent !== value) node.textContent = value;
}

export const clock = (ms) => (ms ? new Date(ms).toLocaleTimeString() : "–");
export const dateTime = (ms) => (ms ? new Date(ms).toLocaleString() : "–");

/** The time alone when it is today, else date and time. */
export function since(ms) {
  if (!ms) return "–";
  const d = new Date(ms);
  return d.toDateString() === new Date().toDateString() ? d.toLocaleTimeString() : d.toLocaleString();
}

/** "4 s", "3 min", "2 h": for lease ages and "last seen ... ago". */
export function ago(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return "–";
  const s = Math.max(0, ms) / 1000;
  if (s < 10) return s.toFixed(1) + " s";
  if (s < 90) return Math.round(s) + " s";
  if (s < 5400) return Math.round(s / 60) + " min";
  if (s < 172800) return Math.round(s / 3600) + " h";
  return Math.round(s / 86400) + " d";
}

export const plural = (n, word) => n + " " + word + (n === 1 ? "" : "s");

/** Runs fn at most once per `gapMs`, a little after the first call of a burst (trailing edge). */
export function throttle(fn, delayMs, gapMs) {
  let timer = null;
  let last = 0;
  return () => {
    if (timer) return;
    const wait = Math.max(delayMs, last + gapMs - Date.now());
    timer = setTimeout(() => {
      timer = null;
      last = Date.now();
      fn();
    }, wait);
  };
}
