// Copies the front-end packages' distributable files into static/vendor/ so Django serves them.
// Nothing third-party is committed: this runs after `npm install`.
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const out = path.join(root, "static", "vendor");
const files = {
  "bootstrap/dist/css/bootstrap.min.css": "bootstrap/bootstrap.min.css",
  "bootstrap/dist/css/bootstrap.min.css.map": "bootstrap/bootstrap.min.css.map",
  "bootstrap/dist/css/bootstrap.rtl.min.css": "bootstrap/bootstrap.rtl.min.css",
  "bootstrap/dist/css/bootstrap.rtl.min.css.map": "bootstrap/bootstrap.rtl.min.css.map",
  "bootstrap/dist/js/bootstrap.bundle.min.js": "bootstrap/bootstrap.bundle.min.js",
  "bootstrap/dist/js/bootstrap.bundle.min.js.map": "bootstrap/bootstrap.bundle.min.js.map",
  "bootstrap-icons/font/bootstrap-icons.min.css": "bootstrap-icons/bootstrap-icons.min.css",
  "bootstrap-icons/font/fonts/bootstrap-icons.woff2": "bootstrap-icons/fonts/bootstrap-icons.woff2",
  "bootstrap-icons/font/fonts/bootstrap-icons.woff": "bootstrap-icons/fonts/bootstrap-icons.woff",
  "htmx.org/dist/htmx.min.js": "htmx/htmx.min.js",
  "leaflet/dist/leaflet.js": "leaflet/leaflet.js",
  "leaflet/dist/leaflet.css": "leaflet/leaflet.css",
  // Leaflet builds these marker paths in JavaScript, so no stylesheet names them.
  "leaflet/dist/images/marker-icon-2x.png": "leaflet/images/marker-icon-2x.png",
  "leaflet/dist/images/marker-shadow.png": "leaflet/images/marker-shadow.png",
  "topojson-client/dist/topojson-client.min.js": "topojson-client/topojson-client.min.js",
  "world-atlas/countries-110m.json": "world-atlas/countries-110m.json",
  "world-atlas/countries-50m.json": "world-atlas/countries-50m.json",
  "chart.js/dist/chart.umd.js": "chart.js/chart.umd.js",
  "tom-select/dist/js/tom-select.complete.min.js": "tom-select/tom-select.complete.min.js",
  "tom-select/dist/css/tom-select.bootstrap5.min.css": "tom-select/tom-select.bootstrap5.min.css",
};
// Every file a copied stylesheet or script refers to (source maps, images, fonts) is copied beside it:
// collectstatic's hashed-name post-processing fails on a reference to a missing file.
const referencePatterns = [/sourceMappingURL=([^\s*'"]+)/g, /url\(\s*(['"]?)([^)'"]+)\1\s*\)/g];

function references(text) {
  const found = new Set();
  for (const pattern of referencePatterns) {
    for (const match of text.matchAll(pattern)) {
      const ref = (match[2] || match[1]).split(/[?#]/)[0];
      if (ref && !/^(data:|https?:|\/\/|\/|about:)/.test(ref)) found.add(ref);
    }
  }
  return found;
}

let copied = 0;
const missing = [];
function copy(from, to) {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(from, to);
  copied += 1;
  if (!/\.(css|js)$/.test(from)) return;
  for (const ref of references(fs.readFileSync(from, "utf8"))) {
    const refFrom = path.resolve(path.dirname(from), ref);
    const refTo = path.resolve(path.dirname(to), ref);
    if (fs.existsSync(refTo) && fs.statSync(refTo).mtimeMs >= fs.statSync(refFrom).mtimeMs) continue;
    if (fs.existsSync(refFrom)) copy(refFrom, refTo);
    else missing.push(`${path.relative(root, from)} -> ${ref}`);
  }
}

for (const [src, dest] of Object.entries(files)) {
  copy(path.join(root, "node_modules", src), path.join(out, dest));
}
if (missing.length) {
  console.error(`referenced files missing from the packages:\n  ${missing.join("\n  ")}`);
  process.exit(1);
}
console.log(`copied ${copied} front-end files into static/vendor/`);
