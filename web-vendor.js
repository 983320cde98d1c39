// Copies the browser libraries the map page and /docs use into src/whimbrel/web/static/vendor/,
// so the installed package works with no internet: `npm ci && npm run vendor`.
// node_modules is not committed; the copied files are.
const fs = require("fs");
const path = require("path");
const topojson = require("topojson-client");

const OUT = path.join(__dirname, "src/whimbrel/web/static/vendor");
const NM = path.join(__dirname, "node_modules");

function copy(from, to) {
  fs.mkdirSync(path.dirname(path.join(OUT, to)), { recursive: true });
  fs.copyFileSync(path.join(NM, from), path.join(OUT, to));
  fs.chmodSync(path.join(OUT, to), 0o644);
}

// Leaflet and leaflet.markercluster (BSD-2 / MIT).
for (const f of ["leaflet.js", "leaflet.css"]) copy(`leaflet/dist/${f}`, f);
copy("leaflet/LICENSE", "LICENSE.leaflet");
for (const f of fs.readdirSync(path.join(NM, "leaflet/dist/images"))) copy(`leaflet/dist/images/${f}`, `images/${f}`);
for (const f of ["leaflet.markercluster.js", "MarkerCluster.css", "MarkerCluster.Default.css"]) {
  copy(`leaflet.markercluster/dist/${f}`, f);
}
copy("leaflet.markercluster/MIT-LICENCE.txt", "LICENSE.markercluster");

// Swagger UI (Apache-2.0) for /docs.
for (const f of ["swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png", "LICENSE"]) {
  copy(`swagger-ui-dist/${f}`, `swagger/${f}`);
}

// The offline base layer: Natural Earth's 110m countries (public domain, via world-atlas, ISC),
// as GeoJSON with coordinates rounded to 0.01 degree to keep it small.
const topo = JSON.parse(fs.readFileSync(path.join(NM, "world-atlas/countries-110m.json"), "utf8"));
const geo = topojson.feature(topo, topo.objects.countries);
const round = (c) => (typeof c[0] === "number" ? [Math.round(c[0] * 100) / 100, Math.round(c[1] * 100) / 100] : c.map(round));
// Rings that cross the antimeridian (Russia, Fiji) jump from 180 to -180 and would be drawn as
// stripes across the whole map: unwrap their longitudes so each ring is continuous.
const unwrap = (ring) => {
  const out = [ring[0].slice()];
  for (let i = 1; i < ring.length; i++) {
    let lon = ring[i][0];
    const prev = out[i - 1][0];
    while (lon - prev > 180) lon -= 360;
    while (prev - lon > 180) lon += 360;
    out.push([lon, ring[i][1]]);
  }
  return out;
};
const unwrapGeometry = (g) => {
  if (g.type === "Polygon") g.coordinates = g.coordinates.map(unwrap);
  else if (g.type === "MultiPolygon") g.coordinates = g.coordinates.map((poly) => poly.map(unwrap));
};
for (const f of geo.features) {
  unwrapGeometry(f.geometry);
  f.geometry.coordinates = round(f.geometry.coordinates);
  f.properties = { name: f.properties.name };
  delete f.id;
}
fs.writeFileSync(path.join(OUT, "countries-110m.geojson"), JSON.stringify(geo));
copy("world-atlas/LICENSE", "LICENSE.world-atlas");
console.log(`vendored into ${OUT}`);
