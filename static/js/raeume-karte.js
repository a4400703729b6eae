/*
 * Rooms on a map: one marker for each element with data-raum-lat/-lon (the cards of the list,
 * or the address on a room's page). An enhancement only: keyboard and screen-reader users
 * reach every room through the list, so the markers are not in the tab order.
 */
(function () {
  "use strict";
  var figure = document.querySelector("[data-map]");
  if (figure) { figure.hidden = false; }

  window.raeumeKarte = function (map) {
    var positions = [];
    document.querySelectorAll("[data-raum-lat]").forEach(function (item) {
      var position = [parseFloat(item.dataset.raumLat), parseFloat(item.dataset.raumLon)];
      // A text node, never HTML: room names are typed in by providers.
      var label = document.createElement("span");
      label.textContent = item.dataset.raumTitle;
      var marker = L.circleMarker(position, {
        radius: 9, color: "#1a1a1a", weight: 2, fillColor: "#e69f00", fillOpacity: 1
      }).bindTooltip(label).addTo(map);
      if (item.dataset.raumUrl) {
        marker.on("click", function () { window.location.href = item.dataset.raumUrl; });
      }
      positions.push(position);
    });
    if (positions.length) {
      map.fitBounds(positions, { padding: [30, 30], maxZoom: 16 });
    }
    map.getContainer().dataset.markerCount = String(positions.length);
  };
})();
