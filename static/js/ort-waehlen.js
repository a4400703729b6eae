/* Place picker of the offer, room and idea forms: a click on the map (or dragging the pin)
   fills the latitude/longitude fields; typing in them moves the pin. The fields are the form's
   truth, so the form works the same without JavaScript or without a mouse. */
(function () {
  "use strict";
  var figure = document.querySelector("[data-ort-karte]");
  if (figure) { figure.hidden = false; }
  window.ortWaehlen = function (map) {
    var lat = document.getElementById("id_latitude");
    var lon = document.getElementById("id_longitude");
    var marker = null;

    function read() {
      var y = parseFloat((lat.value || "").replace(",", "."));
      var x = parseFloat((lon.value || "").replace(",", "."));
      return isNaN(x) || isNaN(y) ? null : L.latLng(y, x);
    }
    function place(position) {
      if (!marker) {
        marker = L.marker(position, { draggable: true, keyboard: false, title: figure.dataset.pin });
        marker.on("dragend", function () { write(marker.getLatLng()); });
        marker.addTo(map);
      } else {
        marker.setLatLng(position);
      }
    }
    function write(position) {
      lat.value = position.lat.toFixed(6);
      lon.value = position.lng.toFixed(6);
    }

    map.on("click", function (event) { place(event.latlng); write(event.latlng); });
    [lat, lon].forEach(function (input) {
      input.addEventListener("change", function () {
        var position = read();
        if (position) { place(position); map.panTo(position); }
      });
    });
    var start = read();
    if (start) { place(start); map.setView(start, 16); }
  };
})();
