/* Mini map of one offer's place (the address is on the page as text too). An offer without a
   public address shows only the outline of its district (#bezirk-umriss), never a pin. */
(function () {
  "use strict";
  var figure = document.querySelector("[data-map]");
  if (figure) { figure.hidden = false; }
  window.angebotKarte = function (map) {
    var el = map.getContainer();
    var outline = document.getElementById("bezirk-umriss");
    if (outline) {
      var district = L.geoJSON(JSON.parse(outline.textContent), {
        interactive: false,
        style: { color: "#1a1a1a", weight: 2, fillColor: "#e69f00", fillOpacity: 0.35 }
      }).addTo(map);
      map.fitBounds(district.getBounds());
      return;
    }
    var position = [parseFloat(el.dataset.lat), parseFloat(el.dataset.lon)];
    L.circleMarker(position, { radius: 9, color: "#1a1a1a", weight: 2, fillColor: "#e69f00", fillOpacity: 1 })
      .bindTooltip(el.dataset.title)
      .addTo(map);
    map.setView(position, 16);
  };
})();
