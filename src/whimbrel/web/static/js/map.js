// The map: a plain offline base layer (Natural Earth countries, bundled) under optional tiles,
// events as circles coloured by type and sized by fatalities, clustered where dense.
/* global L */
import { colour, el, TYPE_COLOURS } from "./dom.js";

export function radius(fatalities) {
  return Math.min(26, 6 + 3 * Math.sqrt(Math.max(0, fatalities || 0)));
}

export class EventMap {
  constructor(node, config, onSelect) {
    // maxZoom is required: without a tile layer markercluster cannot know it.
    this.map = L.map(node, { maxZoom: 12, minZoom: 2, worldCopyJump: true, preferCanvas: false }).setView([20, 20], 2);
    this.onSelect = onSelect;
    this.markers = new Map();
    this.map.createPane("base").style.zIndex = 150; // under tiles (200): tiles cover it when they load
    fetch("/static/vendor/countries-110m.geojson").then((r) => r.json()).then((geo) => {
      L.geoJSON(geo, { pane: "base", interactive: false,
        style: { color: "#8c8c8c", weight: 0.7, fillColor: "#efebe2", fillOpacity: 1 } }).addTo(this.map);
    }).catch(() => {});
    if (config.map_tiles) this.addTiles(config.map_tiles, config.map_tiles_attribution);
    this.cluster = L.markerClusterGroup({ maxClusterRadius: 40, spiderfyOnMaxZoom: true, showCoverageOnHover: false,
      chunkedLoading: true, iconCreateFunction: clusterIcon });
    this.map.addLayer(this.cluster);
    this.legend();
  }

  addTiles(url, attribution) {
    const layer = L.tileLayer(url, { maxZoom: 12, attribution: "" });
    if (attribution) this.map.attributionControl.addAttribution(escapeText(attribution));
    let loaded = 0, failed = 0;
    layer.on("tileload", () => { loaded += 1; });
    // No network, or the tile server is down: drop the tiles and keep the offline base layer.
    layer.on("tileerror", () => {
      failed += 1;
      if (failed >= 4 && loaded === 0 && this.map.hasLayer(layer)) this.map.removeLayer(layer);
    });
    layer.addTo(this.map);
  }

  legend() {
    const box = document.getElementById("legend");
    for (const [type, c] of Object.entries(TYPE_COLOURS)) {
      box.append(el("div", {}, el("span", { class: "swatch", style: `background:${c}` }), type));
    }
    box.append(el("div", { class: "size-note", text: "circle size: fatalities" }));
  }

  setEvents(events) {
    this.cluster.clearLayers();
    this.markers.clear();
    const layers = [];
    for (const e of events) {
      if (e.latitude === null || e.longitude === null) continue;
      const m = L.circleMarker([e.latitude, e.longitude], {
        radius: radius(e.fatalities), color: "#222", weight: 1, fillColor: colour(e.event_type), fillOpacity: 0.8,
      });
      // A DOM node, not a string: Leaflet would read a string as HTML.
      m.bindTooltip(el("div", {}, el("strong", { text: e.sub_event_type }), el("br"),
        `${e.event_date || "no date"} · ${e.location || e.admin1 || e.country || "unknown place"}`, el("br"),
        `${e.fatalities} killed`));
      m.on("click", () => this.onSelect(e.event_id));
      m.eventId = e.event_id;
      m.eventType = e.event_type;
      m.fatalities = e.fatalities || 0;
      this.markers.set(e.event_id, m);
      layers.push(m);
    }
    this.cluster.addLayers(layers);
    return layers.length;
  }

  fit() {
    const layers = [...this.markers.values()];
    if (!layers.length) return;
    const b = L.featureGroup(layers).getBounds();
    this.map.fitBounds(b.pad(0.3), { maxZoom: 8 });
  }

  focus(eventId) {
    const m = this.markers.get(eventId);
    if (m) this.cluster.zoomToShowLayer(m, () => m.openTooltip());
  }

  // The view as MIN_LON,MIN_LAT,MAX_LON,MAX_LAT, clamped to the world (the view may wrap around it).
  bbox() {
    const b = this.map.getBounds();
    const c = (v, lo, hi) => Math.max(lo, Math.min(hi, v));
    if (b.getEast() - b.getWest() >= 360) return null;
    return [c(b.getWest(), -180, 180), c(b.getSouth(), -90, 90), c(b.getEast(), -180, 180), c(b.getNorth(), -90, 90)]
      .map((v) => v.toFixed(4)).join(",");
  }

  markerCount() {
    return this.markers.size;
  }
}

// A cluster is drawn like its events: the colour of its most frequent event type, its size
// growing with the fatalities it holds, and the number of events written on it.
function clusterIcon(cluster) {
  const counts = {};
  let deaths = 0;
  for (const m of cluster.getAllChildMarkers()) {
    counts[m.eventType] = (counts[m.eventType] || 0) + 1;
    deaths += m.fatalities;
  }
  const top = Object.entries(counts).sort((a, b) => b[1] - a[1])[0][0];
  const size = Math.round(Math.min(60, 26 + 4 * Math.sqrt(deaths)));
  const node = el("div", { class: "wb-cluster", style: `width:${size}px;height:${size}px;line-height:${size}px;background:${colour(top)}`,
    title: `${cluster.getChildCount()} events, ${deaths} killed` }, String(cluster.getChildCount()));
  return L.divIcon({ html: node, className: "wb-cluster-icon", iconSize: L.point(size, size) });
}

function escapeText(s) {
  const d = document.createElement("div");
  d.textContent = s;
  return d.innerHTML;
}
