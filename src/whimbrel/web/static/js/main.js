// The page: filters -> events on the map and in the list, the timeline for the same filters and
// the map's view, the event panel. window.whimbrel exposes a little state for people and tests.
import { api, setToken, token } from "./api.js";
import { clear, colour, el } from "./dom.js";
import { EventMap } from "./map.js";
import { Panel } from "./panel.js";
import { Timeline } from "./timeline.js";

const LIMIT = 1000; // events drawn at once; with more, the map asks for its view only
const form = document.getElementById("filters");
const status = document.getElementById("status");
const list = document.getElementById("list");
const state = { config: null, who: "", total: 0, events: [], loading: 0, loads: 0, bounded: false };
window.whimbrel = state;

function filters() {
  const out = {};
  for (const [k, v] of new FormData(form).entries()) if (String(v).trim()) out[k] = String(v).trim();
  return out;
}

async function options() {
  const fill = (name, values) => {
    const select = form.elements[name];
    const keep = select.value;
    clear(select).append(el("option", { value: "", text: "any" }));
    for (const v of values) if (v) select.append(el("option", { value: v, text: v }));
    select.value = keep;
  };
  fill("event_type", state.config.event_types);
  const country = form.elements.country.value;
  // Every admin1 of a large store is a slow grouping: without a country, offer the admin1s of the
  // events on the map instead.
  const [countries, admin1] = await Promise.all([api("/api/stats", { params: { by: "country" } }),
    country ? api("/api/stats", { params: { by: "admin1", country } }) : null]);
  fill("country", countries.rows.map((r) => r.key).sort());
  fill("admin1", admin1 ? admin1.rows.map((r) => r.key).sort()
    : [...new Set(state.events.map((e) => e.admin1))].sort());
}

async function loadEvents(fit) {
  state.loading += 1;
  status.textContent = "Loading…";
  try {
    const params = { ...filters(), limit: LIMIT, sort: "-fatalities", total: true, count_cap: LIMIT };
    if (state.bounded && !fit) params.bbox = map.bbox();
    const page = await api("/api/events", { params });
    state.events = page.events;
    state.total = page.total;
    if (fit) state.bounded = !page.total_exact || page.total > LIMIT;
    const drawn = map.setEvents(page.events);
    if (fit) map.fit();
    renderList(page.events);
    state.totalExact = page.total_exact;
    const count = page.total_exact ? `${page.total} events` : `more than ${page.total} events`;
    const more = !page.total_exact || page.total > page.events.length
      ? ` (the ${page.events.length} deadliest shown; zoom in or filter for the rest)` : "";
    const unplaced = page.events.length - drawn;
    status.textContent = `${count}${more}` + (unplaced ? `; ${unplaced} without coordinates are in the list only` : "");
  } catch (e) {
    status.textContent = e.message;
  } finally {
    state.loading -= 1;
    state.loads += 1;
  }
}

async function loadTimeline() {
  state.loading += 1;
  try {
    await drawTimeline();
  } catch (e) {
    document.getElementById("timeline-note").textContent = e.message;
  } finally {
    state.loading -= 1;
  }
}

async function drawTimeline() {
  const f = filters();
  const params = { ...f };
  const box = map.bbox();
  if (box) params.bbox = box;
  // Days for up to four months, weeks beyond.
  const span = f.since && f.until ? (Date.parse(f.until) - Date.parse(f.since)) / 86400000 : Infinity;
  let by = span <= 120 ? "day" : "week";
  let rows = (await api("/api/stats", { params: { ...params, by } })).rows;
  if (by === "week" && rows.length && rows.length <= 17) {
    by = "day";
    rows = (await api("/api/stats", { params: { ...params, by } })).rows;
  }
  timeline.draw(rows, by);
  const n = rows.reduce((a, r) => a + r.events, 0), k = rows.reduce((a, r) => a + r.fatalities, 0);
  document.getElementById("timeline-note").textContent = `${n} dated events in view, ${k} killed (per ${by})`;
  document.getElementById("clear-dates").hidden = !(f.since || f.until);
}

function renderList(events) {
  clear(list);
  const sorted = [...events].sort((a, b) => (b.event_date || "").localeCompare(a.event_date || ""));
  for (const e of sorted.slice(0, 300)) {
    list.append(el("li", { tabindex: 0, "data-event-id": e.event_id, onclick: () => select(e.event_id),
      onkeydown: (ev) => { if (ev.key === "Enter") select(e.event_id); } },
      el("span", { class: "dot", style: `background:${colour(e.event_type)}` }),
      el("strong", { text: e.event_date || "no date" }), ` ${e.sub_event_type} — ${e.location || e.admin1 || e.country}`,
      el("br"), `${e.actor1}${e.actor2 ? ` / ${e.actor2}` : ""} · ${e.fatalities} killed`));
  }
}

function select(eventId) {
  list.hidden = true;
  map.focus(eventId);
  panel.show(eventId);
}

function refresh(fit = true) {
  return Promise.all([loadEvents(fit), loadTimeline()]);
}

async function checkToken() {
  const who = document.getElementById("who");
  state.who = "";
  if (token()) {
    try {
      state.who = (await api("/api/whoami")).name;
    } catch (e) {
      setToken("");
      who.textContent = e.message;
      return;
    }
  }
  who.textContent = state.who ? `analyst: ${state.who}` : "";
  document.getElementById("token-button").textContent = state.who ? "Sign out" : "Analyst token";
  if (panel.node.dataset.eventId && !panel.node.hidden) panel.show(panel.node.dataset.eventId);
}

let map, timeline, panel;

async function start() {
  state.config = await api("/api/config");
  map = new EventMap(document.getElementById("map"), state.config, select);
  timeline = new Timeline(document.getElementById("timeline"), (since, until) => {
    form.elements.since.value = since;
    form.elements.until.value = until;
    refresh(false);
  });
  panel = new Panel(document.getElementById("panel"), state.config, {
    canEdit: () => Boolean(state.who),
    onClose: () => { panel.node.hidden = true; delete panel.node.dataset.eventId; list.hidden = false; },
    onChanged: () => loadEvents(false),
  });
  state.map = map;
  let moved = null;
  map.map.on("moveend", () => {
    // Counted as loading from the move on, so nobody reads the page between the move and the reload.
    if (!moved) state.loading += 1;
    clearTimeout(moved);
    moved = setTimeout(() => {
      moved = null;
      state.loading -= 1;
      loadTimeline();
      if (state.bounded) loadEvents(false);
    }, 250);
  });
  form.addEventListener("submit", (ev) => { ev.preventDefault(); refresh(true); });
  form.elements.country.addEventListener("change", () => options());
  document.getElementById("reset-filters").addEventListener("click", () => { form.reset(); options(); refresh(true); });
  document.getElementById("clear-dates").addEventListener("click", () => {
    form.elements.since.value = "";
    form.elements.until.value = "";
    refresh(false);
  });
  const tokenForm = document.getElementById("token-form");
  document.getElementById("token-button").addEventListener("click", () => {
    if (state.who) { setToken(""); checkToken(); } else tokenForm.hidden = !tokenForm.hidden;
  });
  tokenForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    setToken(tokenForm.elements.token.value.trim());
    tokenForm.elements.token.value = "";
    tokenForm.hidden = true;
    checkToken().then(() => { if (!state.ready) load(); });
  });
  await checkToken();
  if (state.config.read_access === "token" && !state.who) {
    // A deployment readable by token holders only: nothing to show until a token is given.
    status.textContent = "Reading this deployment needs an API token: give it with \u201cAnalyst token\u201d above.";
    tokenForm.hidden = false;
    return;
  }
  await load();
}

async function load() {
  await refresh(true);
  await options();
  state.ready = true;
  document.body.dataset.ready = "true";
}

start().catch((e) => { status.textContent = `The page could not start: ${e.message}`; });
