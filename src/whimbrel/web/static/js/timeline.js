// The timeline: events (bars) and fatalities (line) per day or week for what the filters and the
// map's view select. Dragging across it chooses a date range, which filters the map.
const NS = "http://www.w3.org/2000/svg";

function svg(tag, attrs = {}, text) {
  const n = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
  if (text !== undefined) n.textContent = String(text);
  return n;
}

const DAY = 86400000;
const parse = (s) => Date.parse(`${s}T00:00:00Z`);
const iso = (t) => new Date(t).toISOString().slice(0, 10);

export class Timeline {
  constructor(node, onRange) {
    this.node = node;
    this.onRange = onRange;
    this.buckets = [];
    this.node.addEventListener("mousedown", (ev) => this.startBrush(ev));
    window.addEventListener("resize", () => this.draw(this.rows || [], this.by));
  }

  // rows: [{key: YYYY-MM-DD, events, fatalities}], by: "day" | "week"
  draw(rows, by) {
    this.rows = rows;
    this.by = by;
    const node = this.node;
    while (node.firstChild) node.removeChild(node.firstChild);
    const W = node.clientWidth || 800, H = node.clientHeight || 140;
    const pad = { l: 34, r: 34, t: 8, b: 18 };
    node.setAttribute("viewBox", `0 0 ${W} ${H}`);
    if (!rows.length) {
      node.append(svg("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "axis" }, "no dated events"));
      this.scale = null;
      return;
    }
    const step = by === "week" ? 7 * DAY : DAY;
    const t0 = parse(rows[0].key), t1 = parse(rows[rows.length - 1].key) + step;
    const x = (t) => pad.l + ((t - t0) / Math.max(step, t1 - t0)) * (W - pad.l - pad.r);
    const maxN = Math.max(...rows.map((r) => r.events), 1);
    const maxF = Math.max(...rows.map((r) => r.fatalities), 1);
    const yN = (v) => H - pad.b - (v / maxN) * (H - pad.t - pad.b);
    const yF = (v) => H - pad.b - (v / maxF) * (H - pad.t - pad.b);
    this.scale = { x, t0, t1, step, pad, W };
    for (const r of rows) {
      const a = x(parse(r.key)), b = x(parse(r.key) + step);
      const bar = svg("rect", { class: "bar", x: a + 0.5, y: yN(r.events), width: Math.max(1, b - a - 1),
        height: H - pad.b - yN(r.events), "data-key": r.key });
      bar.append(svg("title", {}, `${by === "week" ? "week of " : ""}${r.key}: ${r.events} events, ${r.fatalities} killed`));
      node.append(bar);
    }
    const pts = rows.map((r) => `${x(parse(r.key) + step / 2).toFixed(1)},${yF(r.fatalities).toFixed(1)}`);
    node.append(svg("polyline", { class: "deaths", points: pts.join(" ") }));
    node.append(svg("text", { x: 2, y: pad.t + 8, class: "axis" }, `${maxN} ev.`));
    node.append(svg("text", { x: W - 2, y: pad.t + 8, class: "axis", "text-anchor": "end", fill: "#b3261e" }, `${maxF} killed`));
    node.append(svg("text", { x: pad.l, y: H - 4, class: "axis" }, rows[0].key));
    node.append(svg("text", { x: W - pad.r, y: H - 4, class: "axis", "text-anchor": "end" }, iso(t1 - DAY)));
  }

  dateAt(px) {
    const s = this.scale;
    const t = s.t0 + ((px - s.pad.l) / (s.W - s.pad.l - s.pad.r)) * (s.t1 - s.t0);
    return Math.min(s.t1 - DAY, Math.max(s.t0, Math.floor(t / DAY) * DAY));
  }

  startBrush(ev) {
    if (!this.scale) return;
    const box = this.node.getBoundingClientRect();
    const scaleX = (this.scale.W) / box.width;
    const x0 = (ev.clientX - box.left) * scaleX;
    const rect = svg("rect", { class: "brush", x: x0, y: 0, width: 1, height: this.node.clientHeight || 140 });
    this.node.append(rect);
    const move = (e) => {
      const x1 = (e.clientX - box.left) * scaleX;
      rect.setAttribute("x", Math.min(x0, x1));
      rect.setAttribute("width", Math.max(1, Math.abs(x1 - x0)));
    };
    const up = (e) => {
      window.removeEventListener("mousemove", move);
      window.removeEventListener("mouseup", up);
      const x1 = (e.clientX - box.left) * scaleX;
      const a = this.dateAt(Math.min(x0, x1)), b = this.dateAt(Math.max(x0, x1));
      rect.remove();
      // A click (no drag) chooses the one day or week under it.
      this.onRange(iso(a), iso(Math.abs(x1 - x0) < 3 && this.by === "week" ? a + 6 * DAY : b));
    };
    window.addEventListener("mousemove", move);
    window.addEventListener("mouseup", up);
  }
}
