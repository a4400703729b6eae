/* Map of offers: markers for the current filters (GeoJSON from the API). Placeholder until the
   full enhancement lands; the list below the map works on its own. */
(function () {
  "use strict";
  var figure = document.querySelector("[data-map]");
  if (figure) { figure.hidden = false; }
  window.angeboteKarte = function (map) {
    var el = map.getContainer();
    var renderer = L.canvas({ padding: 0.5 });
    var layer = L.geoJSON(null, {
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, { renderer: renderer, radius: 6, color: "#1a1a1a", weight: 1, fillColor: "#e69f00", fillOpacity: 0.9 });
      },
      onEachFeature: function (feature, marker) {
        var link = document.createElement("a");
        link.href = el.dataset.offerUrl + feature.properties.slug + "/";
        link.textContent = feature.properties.title;
        marker.bindPopup(link);
      }
    }).addTo(map);
    fetch(el.dataset.geojsonUrl + window.location.search + (window.location.search ? "&" : "?") + "format=geojson")
      .then(function (response) { return response.json(); })
      .then(function (data) { layer.addData(data); });
  };
})();
