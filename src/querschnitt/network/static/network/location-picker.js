/* Placing an organisation on the map (Leaflet), in the office's organisation form.
 *
 * The element [data-location-picker] names the latitude and longitude inputs; a click on the
 * map or dragging the marker fills them in, and typing in them moves the marker. Without
 * JavaScript or without a tile server the element stays hidden and the inputs work alone.
 * No inline script: the Content Security Policy allows scripts from the site only.
 */
(function () {
  "use strict";

  function setUp(element) {
    var latitude = document.getElementById(element.getAttribute("data-latitude-input"));
    var longitude = document.getElementById(element.getAttribute("data-longitude-input"));
    var status = element.querySelector("[data-location-status]");
    if (!latitude || !longitude) {
      return;
    }
    element.hidden = false;
    var label = element.getAttribute("data-marker-label") || "";
    var map = L.map(element.querySelector(".qs-map"), { scrollWheelZoom: false, keyboard: true });
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    L.tileLayer(element.getAttribute("data-tile-url"), {
      attribution: element.getAttribute("data-attribution") || "",
      maxZoom: 19
    }).addTo(map);
    var start = [parseFloat(element.getAttribute("data-lat")), parseFloat(element.getAttribute("data-lon"))];
    var known = isFinite(start[0]) && isFinite(start[1]);
    var placed = element.hasAttribute("data-placed");
    map.setView(known ? start : [51.16, 10.45], known ? (placed ? 16 : 12) : 5);
    var marker = null;

    function show(point) {
      if (marker === null) {
        marker = L.marker(point, { draggable: true, keyboard: true, alt: label, title: label }).addTo(map);
        marker.on("dragend", function () {
          fill(marker.getLatLng());
        });
      } else {
        marker.setLatLng(point);
      }
    }

    function fill(point) {
      show(point);
      latitude.value = point.lat.toFixed(6);
      longitude.value = point.lng.toFixed(6);
      if (status) {
        status.textContent = latitude.value + ", " + longitude.value;
      }
    }

    function follow() {
      var lat = parseFloat(latitude.value);
      var lon = parseFloat(longitude.value);
      if (isFinite(lat) && isFinite(lon)) {
        show([lat, lon]);
        map.panTo([lat, lon]);
      }
    }

    if (placed) {
      show(start);
    }
    map.on("click", function (event) {
      fill(event.latlng);
    });
    latitude.addEventListener("change", follow);
    longitude.addEventListener("change", follow);
  }

  function start() {
    if (typeof L === "undefined") {
      return;
    }
    document.querySelectorAll("[data-location-picker]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
