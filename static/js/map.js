// The public map of Actions: country shapes from world-atlas (TopoJSON, ISO numeric ids) drawn with
// Leaflet, shaded by the number of published Actions per country for the page's filters (aggregates sent
// with the page, so its size does not grow with the Actions). Countries with Actions are focusable:
// Enter or Space (or a click) opens a panel with the count and a link to those Actions in the list. The table under the map shows the same data.
(function () {
  "use strict";

  const BUCKETS = [1, 2, 3, 5, 10];
  const ANTARCTICA = "010";
  const MOROCCO = "504";
  const WESTERN_SAHARA = "732";
  // Morocco's border with Western Sahara follows the 27°40' N parallel; the Natural Earth shape of
  // Morocco reaches further south over the territory, which is drawn on its own.
  const MOROCCO_SOUTH = 27.6667;
  // Shapes smaller than this (in square degrees of their bounding box) also get a round marker, so
  // that Armenia, Jordan, Togo or Costa Rica can be seen and clicked at any zoom.
  const SMALL_SHAPE = 40;

  const pageLanguage = document.documentElement.lang || "en";
  // English dates in the European style ("3 Nov 2024"), like the server's.
  const dateFormat = new Intl.DateTimeFormat(pageLanguage === "en" ? "en-GB" : pageLanguage,
    { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

  function formatDate(iso) {
    if (!iso) return "";
    const date = new Date(iso + (iso.length === 10 ? "T00:00:00Z" : ""));
    return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
  }

  function clipRingNorth(ring, limit) {
    const out = [];
    ring.forEach((current, index) => {
      const previous = ring[(index + ring.length - 1) % ring.length];
      const inside = current[1] >= limit;
      const previousInside = previous[1] >= limit;
      if (inside !== previousInside) {
        const t = (limit - previous[1]) / (current[1] - previous[1]);
        out.push([previous[0] + t * (current[0] - previous[0]), limit]);
      }
      if (inside) out.push(current);
    });
    if (out.length && (out[0][0] !== out[out.length - 1][0] || out[0][1] !== out[out.length - 1][1])) {
      out.push(out[0]);
    }
    return out;
  }

  function clipMorocco(feature) {
    const g = feature.geometry;
    if (!g) return;
    const clip = (polygon) => polygon.map((ring) => clipRingNorth(ring, MOROCCO_SOUTH)).filter((r) => r.length > 3);
    if (g.type === "Polygon") g.coordinates = clip(g.coordinates);
    if (g.type === "MultiPolygon") g.coordinates = g.coordinates.map(clip).filter((p) => p.length);
  }

  function bucket(count) {
    let level = 0;
    BUCKETS.forEach((threshold, index) => { if (count >= threshold) level = index + 1; });
    return level;
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function countLabel(data, n) {
    return n === 1 ? data.labelOne : data.labelMany.replace("{n}", String(n));
  }

  // Per-country aggregates for the current filters: [{code, numeric, name, count, url}].
  function byNumeric(rows) {
    const countries = new Map();
    rows.forEach((row) => countries.set(row.numeric, row));
    return countries;
  }

  function renderPanel(panel, data, country) {
    panel.replaceChildren();
    const heading = el("h2", "h5", country.name + " — " + countLabel(data, country.count));
    heading.id = "map-panel-heading";
    heading.tabIndex = -1;
    panel.appendChild(heading);
    const more = el("a", "d-block mb-2", data.labelList);
    more.href = country.url;
    panel.appendChild(more);
    const close = el("button", "btn btn-sm btn-outline-secondary", data.labelClose);
    close.type = "button";
    close.dataset.action = "close-panel";
    panel.appendChild(close);
  }

  // Polygons that cross the antimeridian (Russia's Chukotka, Fiji) would draw a line across the whole
  // map: their western points move by 360 degrees so they continue eastwards instead.
  function unwrapRing(ring) {
    const lons = ring.map((point) => point[0]);
    if (Math.max(...lons) - Math.min(...lons) <= 180) return ring;
    return ring.map(([lon, lat]) => [lon < 0 ? lon + 360 : lon, lat]);
  }

  function unwrap(geometry) {
    if (!geometry) return geometry;
    if (geometry.type === "Polygon") geometry.coordinates = geometry.coordinates.map(unwrapRing);
    if (geometry.type === "MultiPolygon") {
      geometry.coordinates = geometry.coordinates.map((polygon) => polygon.map(unwrapRing));
    }
    return geometry;
  }

  function setCountryInUrl(code) {
    // "selected" opens a panel without filtering; "country" is the shareable filter of the list.
    const params = new URLSearchParams(window.location.search);
    if (code) params.set("selected", code); else params.delete("selected");
    const query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
  }

  async function init() {
    const container = document.getElementById("map");
    const panel = document.getElementById("map-panel");
    if (!container || !window.L || !window.topojson) return;
    const data = container.dataset;
    const initialPanel = panel.cloneNode(true);
    let topology;
    try {
      topology = await fetch(data.topojson).then((r) => r.json());
    } catch (error) {
      container.replaceChildren(el("p", "p-3", data.labelError));
      return;
    }
    const countries = byNumeric(JSON.parse(document.getElementById("map-countries").textContent));
    const map = L.map(container, {
      minZoom: 1, maxZoom: 7, zoomSnap: 0.25, worldCopyJump: false, zoomControl: false,
      attributionControl: Boolean(data.tileUrl), maxBounds: [[-85, -200], [85, 200]],
    });
    // Leaflet's own buttons speak English: give them the page's words, on the reading side's start.
    L.control.zoom({
      zoomInTitle: data.labelZoomIn, zoomOutTitle: data.labelZoomOut,
      position: document.documentElement.dir === "rtl" ? "topright" : "topleft",
    }).addTo(map);
    if (data.tileUrl) L.tileLayer(data.tileUrl, { attribution: data.tileAttribution }).addTo(map);
    map.fitBounds([[-45, -120], [66, 150]]);

    let selected = null;
    const byCode = new Map();

    function open(country, layer, focus) {
      if (selected) selected.getElement().classList.remove("map-country-selected");
      selected = layer;
      layer.getElement().classList.add("map-country-selected");
      layer.getElement().setAttribute("aria-pressed", "true");
      renderPanel(panel, data, country);
      setCountryInUrl(country.code);
      if (focus) document.getElementById("map-panel-heading").focus();
    }

    function close() {
      if (selected) {
        selected.getElement().classList.remove("map-country-selected");
        selected.getElement().setAttribute("aria-pressed", "false");
        selected.getElement().focus();
      }
      selected = null;
      panel.replaceChildren(...initialPanel.cloneNode(true).childNodes);
      setCountryInUrl(null);
    }

    panel.addEventListener("click", (event) => {
      if (event.target.closest("[data-action=close-panel]")) close();
    });
    panel.addEventListener("keydown", (event) => { if (event.key === "Escape") close(); });

    const shapes = topojson.feature(topology, topology.objects.countries);
    shapes.features = shapes.features.filter((feature) => feature.id !== ANTARCTICA);
    shapes.features.forEach((feature) => unwrap(feature.geometry));
    shapes.features.filter((feature) => feature.id === MOROCCO).forEach(clipMorocco);
    const markers = L.layerGroup();
    L.geoJSON(shapes, {
      style: (feature) => {
        const country = countries.get(feature.id);
        const territory = feature.id === WESTERN_SAHARA ? " map-territory" : "";
        return {
          className: "map-country map-level-" + (country ? bucket(country.count) : 0) + territory,
          weight: 0.6,
        };
      },
      interactive: true,
      onEachFeature: (feature, layer) => {
        const country = countries.get(feature.id);
        if (feature.id === WESTERN_SAHARA && data.labelWesternSahara) {
          layer.bindTooltip(data.labelWesternSahara, { sticky: true });
        }
        if (!country) return;
        byCode.set(country.code, { country, layer });
        layer.on("click", () => open(country, layer, false));
        layer.on("add", () => {
          const path = layer.getElement();
          path.setAttribute("tabindex", "0");
          path.setAttribute("role", "button");
          path.setAttribute("aria-pressed", "false");
          path.setAttribute("aria-label", country.name + ": " + countLabel(data, country.count));
          path.dataset.country = country.code;
          path.addEventListener("keydown", (event) => {
            if (event.key === "Enter" || event.key === " ") {
              event.preventDefault();
              open(country, layer, true);
            }
          });
        });
        layer.bindTooltip(country.name + ": " + countLabel(data, country.count), { sticky: true });
        const bounds = layer.getBounds();
        const size = (bounds.getNorth() - bounds.getSouth()) * (bounds.getEast() - bounds.getWest());
        if (size < SMALL_SHAPE) {
          const marker = L.circleMarker(bounds.getCenter(), {
            radius: 6, weight: 1.5, className: "map-marker map-level-" + bucket(country.count),
          });
          marker.on("click", () => open(country, layer, false));
          marker.bindTooltip(country.name + ": " + countLabel(data, country.count));
          // The country's own shape is the keyboard stop; the marker only helps the pointer.
          marker.on("add", () => marker.getElement().setAttribute("aria-hidden", "true"));
          markers.addLayer(marker);
        }
      },
    }).addTo(map);
    markers.addTo(map);
    if (data.labelWesternSahara) {
      // Named on the map once it is large enough to carry the words; on hover at any zoom.
      const label = L.tooltip({ permanent: true, direction: "center", className: "map-territory-label", interactive: false })
        .setLatLng([24.2, -13.2]).setContent(data.labelWesternSahara);
      const toggle = () => {
        if (map.getZoom() >= 4) label.addTo(map); else label.remove();
      };
      map.on("zoomend", toggle);
      toggle();
    }
    // Non-interactive shapes (countries without Actions) stay out of the tab order and the pointer.
    container.querySelectorAll("path.map-level-0:not(.map-territory)").forEach((path) => {
      path.classList.remove("leaflet-interactive");
      path.setAttribute("aria-hidden", "true");
    });
    container.dataset.ready = "true";
    // A filtered map zooms to the countries that match (a whole region, say).
    if (data.filtered === "true" && byCode.size) {
      const bounds = L.latLngBounds([]);
      byCode.forEach(({ layer }) => bounds.extend(layer.getBounds()));
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 4 });
    }
    const wanted = new URLSearchParams(window.location.search).get("selected") || data.country;
    if (wanted && byCode.has(wanted.toUpperCase())) {
      const { country, layer } = byCode.get(wanted.toUpperCase());
      open(country, layer, false);
    }
  }

  document.addEventListener("DOMContentLoaded", init);
})();
