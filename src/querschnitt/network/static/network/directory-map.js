/* The map of the directory and of an organisation's page (Leaflet).
 *
 * A map element names, in data-markers, the part of the page whose [data-map-marker] elements
 * (data-lat, data-lon, data-name, data-url) become markers; the list there is the same
 * information without the map. After htmx replaces the results, the markers follow. No inline
 * script: the page's Content Security Policy allows scripts from the site only.
 */
(function () {
  "use strict";

  function markerItems(selector) {
    return document.querySelectorAll(selector + " [data-map-marker]");
  }

  function popupContent(item) {
    var name = item.getAttribute("data-name") || "";
    var url = item.getAttribute("data-url");
    if (!url) {
      var text = document.createElement("span");
      text.textContent = name;
      return text;
    }
    var link = document.createElement("a");
    link.className = "kern-link";
    link.href = url;
    link.textContent = name;
    return link;
  }

  function setUp(element) {
    var maxZoom = parseInt(element.getAttribute("data-zoom") || "15", 10);
    var map = L.map(element, { scrollWheelZoom: false, keyboard: true });
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    L.tileLayer(element.getAttribute("data-tile-url"), {
      attribution: element.getAttribute("data-attribution") || "",
      maxZoom: 19
    }).addTo(map);
    var markers = L.featureGroup().addTo(map);
    map.setView([51.16, 10.45], 5);

    function refresh() {
      markers.clearLayers();
      markerItems(element.getAttribute("data-markers")).forEach(function (item) {
        var lat = parseFloat(item.getAttribute("data-lat"));
        var lon = parseFloat(item.getAttribute("data-lon"));
        if (!isFinite(lat) || !isFinite(lon)) {
          return;
        }
        var name = item.getAttribute("data-name") || "";
        L.marker([lat, lon], { alt: name, title: name, keyboard: true })
          .bindPopup(popupContent(item))
          .addTo(markers);
      });
      var bounds = markers.getBounds();
      element.classList.toggle("qs-map--empty", !bounds.isValid());
      if (bounds.isValid()) {
        map.fitBounds(bounds, { padding: [24, 24], maxZoom: maxZoom });
      }
    }

    refresh();
    document.body.addEventListener("htmx:afterSettle", function (event) {
      if (event.target && event.target.closest && event.target.closest(element.getAttribute("data-markers"))) {
        refresh();
      }
    });
  }

  function start() {
    if (typeof L === "undefined") {
      return;
    }
    document.querySelectorAll(".qs-map[data-tile-url]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
