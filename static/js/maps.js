/* The maps (kopdes/maps): a choropleth of the region's children with an indicator selector, classes, a legend,
   tooltips, click to drill down, the figures as a table; a points layer; the cooperative's small map.
   Leaflet 1.9.4 (vendored). No tile requests unless a tile URL is configured. Text is put in with textContent. */
(function () {
  "use strict";

  // Sequential palettes (ColorBrewer Blues / Oranges, 5 classes): higher-is-better in blue, lower-is-better in orange.
  var BLUES = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"];
  var ORANGES = ["#feedde", "#fdbe85", "#fd8d3c", "#e6550d", "#a63603"];
  var NO_DATA = "#e0e0e0";
  var STATUS_COLOURS = { inside: "#1b7a3a", near: "#d99a00", outside: "#b3261e", placeholder: "#b3261e", no_boundary: "#777777" };

  function readJSON(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function baseMap(el, settings) {
    var map = L.map(el, { zoomSnap: 0.25, attributionControl: false, scrollWheelZoom: false });
    if (settings && settings.tile_url) {
      L.tileLayer(settings.tile_url, { maxZoom: 18 }).addTo(map);
    }
    return map;
  }

  function formatValue(value, unit) {
    if (value === null || value === undefined) return null;
    if (unit === "pct") return value.toLocaleString("id-ID", { maximumFractionDigits: 1 }) + "%";
    if (unit === "rp") return "Rp " + Math.round(value).toLocaleString("id-ID");
    return value.toLocaleString("id-ID");
  }

  function breaks(values, unit) {
    // Upper bounds of five classes: percentages in steps of 20; counts and amounts in equal steps up to the largest.
    if (unit === "pct") return [20, 40, 60, 80, 100];
    var top = Math.max.apply(null, values.concat([0]));
    if (top <= 0) return [];
    if (unit === "count" && top <= 5) {
      var list = [];
      for (var i = 1; i <= top; i++) list.push(i);
      return list;
    }
    var step = top / 5;
    return [1, 2, 3, 4, 5].map(function (n) { return unit === "count" ? Math.ceil(step * n) : step * n; });
  }

  function classOf(value, bounds) {
    for (var i = 0; i < bounds.length; i++) if (value <= bounds[i]) return i;
    return bounds.length - 1;
  }

  function paletteFor(indicator, count) {
    var palette = indicator.better === "low" ? ORANGES : BLUES;
    if (count >= palette.length) return palette;
    return palette.slice(palette.length - count);
  }

  function regionMap() {
    var el = document.getElementById("region-map");
    var config = document.getElementById("map-config");
    if (!el || !config || typeof L === "undefined") return;
    var indicators = readJSON("map-indicators") || [];
    var settings = readJSON("map-settings") || {};
    var select = document.getElementById("map-indicator");
    var legend = document.getElementById("map-legend");
    var tbody = document.querySelector("#map-table tbody");
    var valueHeader = document.getElementById("map-table-value");
    var pointsToggle = document.getElementById("map-points");
    var d = config.dataset;
    var map = baseMap(el, settings);
    var layer = null;
    var pointsLayer = null;
    var features = [];

    function indicatorByKey(key) {
      for (var i = 0; i < indicators.length; i++) if (indicators[i].key === key) return indicators[i];
      return indicators[0];
    }

    function regionUrl(code) {
      return d.regionUrl.replace("KODE", encodeURIComponent(code));
    }

    function drawLegend(indicator, bounds, colours) {
      legend.textContent = "";
      var title = document.createElement("strong");
      title.textContent = indicator.label + ":";
      legend.appendChild(title);
      if (!bounds.length) {
        var none = document.createElement("span");
        none.textContent = d.legendNone;
        legend.appendChild(none);
        return;
      }
      var lower = 0;
      bounds.forEach(function (upper, i) {
        var item = document.createElement("span");
        var swatch = document.createElement("i");
        swatch.style.background = colours[i];
        item.appendChild(swatch);
        var from = formatValue(lower, indicator.unit);
        var to = formatValue(upper, indicator.unit);
        item.appendChild(document.createTextNode(i === 0 ? "≤ " + to : from + " – " + to));
        legend.appendChild(item);
        lower = upper;
      });
      var item = document.createElement("span");
      var swatch = document.createElement("i");
      swatch.style.background = NO_DATA;
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(d.noValue));
      legend.appendChild(item);
    }

    function drawTable(indicator) {
      tbody.textContent = "";
      valueHeader.textContent = indicator.label;
      features.forEach(function (feature) {
        var p = feature.properties;
        var row = document.createElement("tr");
        row.dataset.code = p.code;
        var name = document.createElement("td");
        var link = document.createElement("a");
        link.href = regionUrl(p.code);
        link.textContent = p.name;
        name.appendChild(link);
        var code = document.createElement("td");
        code.textContent = p.code;
        var value = document.createElement("td");
        value.textContent = formatValue(p.indicators[indicator.key], indicator.unit) || "–";
        row.appendChild(name);
        row.appendChild(code);
        row.appendChild(value);
        tbody.appendChild(row);
      });
    }

    function tooltip(feature, indicator) {
      var box = document.createElement("div");
      box.className = "map-tooltip";
      var name = document.createElement("strong");
      name.textContent = feature.properties.name;
      box.appendChild(name);
      var value = formatValue(feature.properties.indicators[indicator.key], indicator.unit);
      box.appendChild(document.createTextNode(indicator.label + ": " + (value || d.noValue)));
      return box;
    }

    function render() {
      var indicator = indicatorByKey(select.value);
      var values = features
        .map(function (f) { return f.properties.indicators[indicator.key]; })
        .filter(function (v) { return v !== null && v !== undefined; });
      var bounds = breaks(values, indicator.unit);
      var colours = paletteFor(indicator, bounds.length);
      layer.setStyle(function (feature) {
        var value = feature.properties.indicators[indicator.key];
        var fill = value === null || value === undefined || !bounds.length ? NO_DATA : colours[classOf(value, bounds)];
        return { color: "#555", weight: 1, fillColor: fill, fillOpacity: 0.85 };
      });
      layer.eachLayer(function (item) {
        item.unbindTooltip();
        item.bindTooltip(tooltip(item.feature, indicator), { sticky: true });
      });
      drawLegend(indicator, bounds, colours);
      drawTable(indicator);
      el.dataset.indicator = indicator.key;
    }

    function loadPoints() {
      if (pointsLayer) { pointsLayer.addTo(map); return; }
      fetch(d.points, { credentials: "same-origin", headers: { Accept: "application/geo+json" } })
        .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
        .then(function (data) {
          pointsLayer = L.geoJSON(data, {
            pointToLayer: function (feature, latlng) {
              var p = feature.properties;
              if (p.kind === "cooperative") {
                return L.circleMarker(latlng, { radius: 6, color: "#fff", weight: 1.5, fillColor: STATUS_COLOURS[p.check] || "#333", fillOpacity: 1 });
              }
              return L.circleMarker(latlng, { radius: 5, color: "#6a3d9a", weight: 2, fillColor: p.open_overlaps ? "#6a3d9a" : "#fff", fillOpacity: 1 });
            },
            onEachFeature: function (feature, item) {
              var p = feature.properties;
              var box = document.createElement("div");
              var name = document.createElement("strong");
              name.textContent = p.name;
              box.appendChild(name);
              box.appendChild(document.createElement("br"));
              if (p.kind === "cooperative") {
                box.appendChild(document.createTextNode(p.check_label));
                item.on("click", function () { window.location.href = d.cooperativeUrl.replace("/0/", "/" + p.id + "/"); });
              } else {
                box.appendChild(document.createTextNode(p.potentials + " " + d.potentials + " · " + p.open_overlaps + " " + d.overlaps));
              }
              item.bindTooltip(box);
            },
          });
          el.dataset.points = String(data.features.length);
          if (pointsToggle.checked) pointsLayer.addTo(map);
        })
        .catch(function () { pointsToggle.checked = false; });
    }

    fetch(d.boundaries, { credentials: "same-origin", headers: { Accept: "application/geo+json" } })
      .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
      .then(function (data) {
        features = data.features;
        layer = L.geoJSON(data, {
          onEachFeature: function (feature, item) {
            if (feature.properties.level !== "village" || data.region.level !== "village") {
              item.on("click", function () { window.location.href = regionUrl(feature.properties.code); });
            }
          },
        }).addTo(map);
        if (features.length) map.fitBounds(layer.getBounds(), { padding: [8, 8] });
        // Indicators without data anywhere in this region are not offered.
        Array.prototype.forEach.call(select.options, function (option) {
          var any = features.some(function (f) { var v = f.properties.indicators[option.value]; return v !== null && v !== undefined; });
          option.disabled = !any;
        });
        var params = new URLSearchParams(window.location.search);
        if (params.get("indikator")) select.value = params.get("indikator");
        if (select.selectedOptions.length && select.selectedOptions[0].disabled) {
          var first = Array.prototype.find.call(select.options, function (o) { return !o.disabled; });
          if (first) select.value = first.value;
        }
        render();
        el.dataset.ready = String(features.length);
      })
      .catch(function () {
        legend.textContent = d.loadError;
      });

    select.addEventListener("change", function () { if (layer) render(); });
    pointsToggle.addEventListener("change", function () {
      if (pointsToggle.checked) loadPoints();
      else if (pointsLayer) map.removeLayer(pointsLayer);
    });
    window.addEventListener("beforeprint", function () { map.invalidateSize(); if (layer && features.length) map.fitBounds(layer.getBounds()); });
  }

  function cooperativeMap() {
    var el = document.getElementById("cooperative-map");
    var data = readJSON("cooperative-map-data");
    if (!el || !data || typeof L === "undefined") return;
    var map = baseMap(el, data.settings);
    // The view first: a layer added to a map without one cannot be drawn.
    var area = L.geoJSON(data.geometry, { style: { color: "#08519c", weight: 2, fillColor: "#bdd7e7", fillOpacity: 0.5 } });
    var bounds = area.getBounds();
    var located = data.lat !== null && data.lon !== null;
    if (located) bounds.extend(L.latLng(data.lat, data.lon));
    map.fitBounds(bounds, { padding: [12, 12], maxZoom: 15 });
    area.addTo(map);
    if (located) {
      L.circleMarker([data.lat, data.lon], { radius: 7, color: "#fff", weight: 2, fillColor: "#b3261e", fillOpacity: 1 }).addTo(map);
    }
    el.dataset.ready = "1";
  }

  function start() {
    regionMap();
    cooperativeMap();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
