// The event panel: every field, the corrections, and each source report's text with the evidence
// sentences highlighted. With a token, the fields become a form that sends corrections.
import { api } from "./api.js";
import { clear, colour, el } from "./dom.js";

const FIELDS = ["event_id", "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "assoc_actor_1",
  "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting", "country", "iso3", "admin1",
  "admin2", "location", "latitude", "longitude", "geo_precision", "fatalities", "fatalities_low", "fatalities_high",
  "n_reports", "source", "notes", "confidence", "article_id"];

// Spans of `text` to highlight: each evidence span, found again by its sentence when the offsets
// do not match the text (a report re-ingested with different whitespace), overlaps merged.
export function evidenceSpans(text, evidence) {
  const spans = [];
  for (const ev of evidence || []) {
    let { start, end } = ev;
    if (!(Number.isInteger(start) && Number.isInteger(end) && text.slice(start, end) === ev.sentence)) {
      start = ev.sentence ? text.indexOf(ev.sentence) : -1;
      end = start + (ev.sentence || "").length;
    }
    if (start >= 0 && end > start) spans.push([start, end]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  const merged = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else merged.push([...s]);
  }
  return merged;
}

export function highlighted(text, evidence) {
  const box = el("div", { class: "report-text", "data-testid": "report-text" });
  let at = 0;
  for (const [a, b] of evidenceSpans(text, evidence)) {
    box.append(document.createTextNode(text.slice(at, a)), el("mark", { text: text.slice(a, b) }));
    at = b;
  }
  box.append(document.createTextNode(text.slice(at)));
  return box;
}

function safeLink(url) {
  // Only web addresses become links: a javascript: or data: URL in a report must stay text.
  return /^https?:\/\//i.test(url || "") ? el("a", { href: url, target: "_blank", rel: "noopener noreferrer", text: url })
    : document.createTextNode(url || "");
}

export class Panel {
  constructor(node, config, { canEdit, onClose, onChanged }) {
    this.node = node;
    this.config = config;
    this.canEdit = canEdit;
    this.onClose = onClose;
    this.onChanged = onChanged;
  }

  async show(eventId, message) {
    this.node.hidden = false;
    clear(this.node).append(el("p", { text: "Loading…" }));
    let detail;
    try {
      detail = await api(`/api/events/${encodeURIComponent(eventId)}`);
    } catch (e) {
      clear(this.node).append(el("p", { class: "message error", text: e.message }));
      return;
    }
    this.render(detail, message);
  }

  render(d, message) {
    const e = d.event;
    const node = clear(this.node);
    node.dataset.eventId = e.event_id;
    node.append(el("button", { class: "close", type: "button", text: "Close", onclick: () => this.onClose() }),
      el("h2", {}, el("span", { class: "dot", style: `background:${colour(e.event_type)}` }),
        `${e.sub_event_type} · ${e.event_date || "no date"} · ${e.location || e.country || "unknown place"}`));
    if (message) node.append(el("div", { class: `message ${message.kind}`, "data-testid": "panel-message", text: message.text }));
    node.append(this.canEdit() ? this.form(e) : this.table(e));
    if (d.fatality_rule) node.append(el("p", { class: "rule", text: `Fatalities: ${d.fatality_rule}` }));
    if (d.corrections.length) {
      node.append(el("h3", { text: "Corrections" }), el("ul", {}, d.corrections.map((c) => el("li", {
        text: `${c.field}: ${c.cleared ? "withdrawn" : JSON.stringify(c.value)} (was ${JSON.stringify(c.previous)}) by ${c.who || "an analyst"} on ${c.at.slice(0, 16).replace("T", " ")}${c.note ? ` — ${c.note}` : ""}`,
      }))));
    }
    node.append(el("h3", { text: `Sources (${d.sources.length})` }));
    for (const s of d.sources) node.append(this.source(s));
  }

  table(e) {
    return el("table", { "data-testid": "fields" }, FIELDS.map((f) => el("tr", {},
      el("th", { class: e.corrected.includes(f) ? "corrected" : "", text: f + (e.corrected.includes(f) ? " ✎" : "") }),
      el("td", { "data-field": f, text: e[f] === null || e[f] === undefined ? "" : e[f] }))));
  }

  form(e) {
    const editable = new Set(this.config.correctable_fields);
    const inputs = {};
    const rows = FIELDS.map((f) => {
      let cell;
      if (!editable.has(f)) cell = el("td", { "data-field": f, text: e[f] ?? "" });
      else {
        const value = e[f] === null || e[f] === undefined ? "" : String(e[f]);
        let input;
        if (f === "event_type" || f === "sub_event_type") {
          const opts = f === "event_type" ? this.config.event_types : this.config.sub_event_types;
          input = el("select", { name: f }, opts.map((o) => el("option", { value: o, text: o, selected: o === value })));
        } else if (f === "notes" || f === "source") {
          input = el("textarea", { name: f, rows: 2 });
          input.value = value;
        } else {
          input = el("input", { name: f, value });
          input.value = value;
        }
        input.dataset.original = value;
        inputs[f] = input;
        cell = el("td", { "data-field": f }, input);
      }
      return el("tr", {}, el("th", { class: e.corrected.includes(f) ? "corrected" : "", text: f }), cell);
    });
    const note = el("input", { name: "note", placeholder: "why (kept with the correction)" });
    const form = el("form", { "data-testid": "correct-form" }, el("table", { "data-testid": "fields" }, rows),
      el("p", {}, note, " ", el("button", { type: "submit", text: "Save corrections", "data-testid": "save" })));
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const changes = {};
      for (const [f, input] of Object.entries(inputs)) {
        if (input.value !== input.dataset.original) changes[f] = input.value === "" ? null : input.value;
      }
      if (!Object.keys(changes).length) {
        this.show(e.event_id, { kind: "error", text: "nothing changed: edit a field first" });
        return;
      }
      try {
        await api(`/api/events/${encodeURIComponent(e.event_id)}`, { method: "PATCH", body: { ...changes, note: note.value } });
        this.onChanged();
        this.show(e.event_id, { kind: "ok", text: `saved: ${Object.keys(changes).join(", ")}` });
      } catch (err) {
        this.show(e.event_id, { kind: "error", text: err.message });
      }
    });
    return form;
  }

  source(s) {
    const r = s.report;
    const box = el("div", { class: "source", "data-testid": "source" },
      el("div", {}, el("strong", { text: r.title || r.outlet || r.article_id }),
        r.outlet && r.title ? ` — ${r.outlet}` : "", r.published ? ` · ${r.published}` : ""),
      el("div", {}, safeLink(r.url)),
      el("div", { class: "link", text: `${s.link_rule === "founded" ? "first report" : s.link_rule === "auto" ? "merged automatically" : s.link_rule}; this report: ${s.event.fatalities} killed` }));
    const text = el("div", { class: "report-text", text: "Loading the report…" });
    box.append(text);
    api(`/api/reports/${encodeURIComponent(r.id)}`).then((full) => {
      text.replaceWith(highlighted(full.text || "", s.event.evidence));
    }).catch((err) => { text.textContent = err.message; });
    return box;
  }
}
