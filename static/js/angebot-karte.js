/* Mini map of one offer's place (the address is on the page as text too). */
(function () {
  "use strict";
  var figure = document.querySelector("[data-map]");
  if (figure) { figure.hidden = false; }
  window.angebotKarte = function (map) {
    var el = map.getContainer();
    var position = [parseFloat(el.dataset.lat), parseFloat(el.dataset.lon)];
    L.circleMarker(position, { radius: 9, color: "#1a1a1a", weight: 2, fillColor: "#e69f00", fillOpacity: 1 })
      .bindTooltip(el.dataset.title)
      .addTo(map);
    map.setView(position, 16);
  };
})();
