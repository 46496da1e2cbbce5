// The ledger page: the map (country boundaries as GeoJSON, no tiles; points by status,
// clustered; a deployment's public range ring from the knowledge base on its popup), the
// link between map points and table rows, and filters that keep the URL shareable.
// Every stored value reaches the page through textContent, never as HTML.
(function () {
  "use strict";

  var COLOURS = { planned: "#d08a00", temporary: "#7a4fc2", in_place: "#c62828", withdrawn: "#7d7d7d" };

  // Empty filter boxes stay out of the URL, so a shared link holds only what was chosen.
  var form = document.getElementById("filters");
  if (form) {
    form.addEventListener("submit", function () {
      Array.prototype.forEach.call(form.elements, function (el) {
        if (el.name && !el.value) { el.disabled = true; }
      });
    });
    Array.prototype.forEach.call(form.querySelectorAll("select"), function (el) {
      el.addEventListener("change", function () { form.requestSubmit(); });
    });
  }

  var mapEl = document.getElementById("map");
  if (!mapEl || typeof L === "undefined") { return; }

  var map = L.map(mapEl, { worldCopyJump: true, minZoom: 1, maxZoom: 12, attributionControl: true });
  map.setView([35, 30], 2);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Boundaries: Natural Earth via world-atlas");
  mapEl.dataset.state = "loading";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function popupFor(p) {
    var box = el("div", "popup");
    box.appendChild(el("div", "title", p.system_name + " (" + p.by + ")"));
    box.appendChild(el("div", "place", p.place));
    var status = el("div", "status-line");
    status.appendChild(el("span", "status st-" + (COLOURS[p.status] ? p.status : "unknown"), p.status));
    status.appendChild(document.createTextNode(" last reported " + (p.last_reported || "undated")));
    box.appendChild(status);
    if (p.range_km) {
      box.appendChild(el("div", "range", "Range ring: " + p.range_km + " km, source: " + (p.range_source || "none")));
    }
    var list = el("ul", "sources");
    (p.articles || []).forEach(function (a) {
      var li = el("li");
      var link = el("a", null, a.title || a.id.slice(0, 12));
      link.href = "/articles/" + encodeURIComponent(a.id);
      li.appendChild(link);
      list.appendChild(li);
    });
    box.appendChild(list);
    var row = el("a", "to-row", "show in table");
    row.href = "#row-" + Number(p.row);
    box.appendChild(row);
    return box;
  }

  function selectRow(n) {
    Array.prototype.forEach.call(document.querySelectorAll("#ledger-table tr.selected"), function (tr) {
      tr.classList.remove("selected");
    });
    var tr = document.getElementById("row-" + Number(n));
    if (tr) { tr.classList.add("selected"); tr.scrollIntoView({ block: "nearest" }); }
  }

  var ring = null;
  var cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40 });
  var markers = {};

  function addPoints(collection) {
    (collection.features || []).forEach(function (f) {
      var p = f.properties, c = f.geometry.coordinates;
      var marker = L.circleMarker([c[1], c[0]], {
        radius: 7, weight: 1, color: "#222", fillColor: COLOURS[p.status] || "#444", fillOpacity: 0.9
      });
      marker.bindPopup(popupFor(p));
      marker.on("popupopen", function () {
        selectRow(p.row);
        if (ring) { map.removeLayer(ring); ring = null; }
        if (p.range_km) {
          ring = L.circle([c[1], c[0]], {
            radius: p.range_km * 1000, color: COLOURS[p.status] || "#444", weight: 1.5, fill: false, dashArray: "5 4",
            className: "range-ring"
          }).addTo(map);
          ring.bindTooltip(p.range_km + " km (" + (p.range_source || "no source") + ")");
        }
      });
      marker.on("popupclose", function () { if (ring) { map.removeLayer(ring); ring = null; } });
      markers[p.row] = marker;
      cluster.addLayer(marker);
    });
    map.addLayer(cluster);
    var bounds = cluster.getBounds();
    if (bounds.isValid()) { map.fitBounds(bounds.pad(0.5), { maxZoom: 6 }); }
    mapEl.dataset.points = String(Object.keys(markers).length);
  }

  // A table row opens its point's popup.
  Array.prototype.forEach.call(document.querySelectorAll("#ledger-table tbody tr[data-row]"), function (tr) {
    tr.addEventListener("click", function (ev) {
      if (ev.target.closest("a, .review-slot")) { return; }
      var marker = markers[tr.dataset.row];
      if (marker) { cluster.zoomToShowLayer(marker, function () { marker.openPopup(); }); }
    });
  });

  var boundaries = fetch(mapEl.dataset.boundaries).then(function (r) { return r.json(); }).then(function (topo) {
    L.geoJSON(topojson.feature(topo, topo.objects.countries), {
      style: { color: "#8a97a8", weight: 0.6, fillColor: "#f4f1ea", fillOpacity: 1 }, interactive: false
    }).addTo(map).bringToBack();
  });
  var pts = fetch(mapEl.dataset.points).then(function (r) { return r.json(); }).then(addPoints);
  Promise.all([boundaries, pts]).then(function () { mapEl.dataset.state = "ready"; },
    function (err) { mapEl.dataset.state = "error"; mapEl.dataset.error = String(err); });
})();
