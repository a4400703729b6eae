/*
 * Ideas on a map: one marker for each element with data-idee-lat/-lon (the cards of the list,
 * or the idea on its own page). A click opens a popup with the title (a link), the status and
 * the answer. An enhancement only: keyboard and screen-reader users read the same in the list,
 * so the markers are not in the tab order.
 */
(function () {
  "use strict";
  var figure = document.querySelector("[data-map]");
  if (figure) { figure.hidden = false; }

  // Text nodes only, never HTML: titles and answers are typed in by people.
  function line(tag, text, className) {
    var element = document.createElement(tag);
    element.textContent = text;
    if (className) { element.className = className; }
    return element;
  }

  function content(data) {
    var box = document.createElement("div");
    var title = data.ideeUrl ? document.createElement("a") : document.createElement("strong");
    title.textContent = data.ideeTitle;
    if (data.ideeUrl) { title.href = data.ideeUrl; }
    box.appendChild(title);
    if (data.ideeStatus) { box.appendChild(line("p", data.ideeStatus, "idee-status")); }
    if (data.ideeAnswer) { box.appendChild(line("p", data.ideeAnswer, "idee-answer")); }
    return box;
  }

  window.ideenKarte = function (map) {
    var positions = [];
    // No close button (Leaflet labels it in English): a click beside it or Escape closes it.
    var popup = L.popup({ maxWidth: 300, closeButton: false });
    document.querySelectorAll("[data-idee-lat]").forEach(function (item) {
      var data = item.dataset;
      var position = [parseFloat(data.ideeLat), parseFloat(data.ideeLon)];
      if (isNaN(position[0]) || isNaN(position[1])) { return; }
      var marker = L.circleMarker(position, {
        radius: 9, color: "#1a1a1a", weight: 2, fillColor: "#56b4e9", fillOpacity: 1
      }).bindTooltip(line("span", data.ideeTitle)).addTo(map);
      marker.on("click", function () {
        popup.setLatLng(position).setContent(content(data)).openOn(map);
      });
      positions.push(position);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { map.closePopup(); }
    });
    // Without animation: the view is set once on load, and markers must not move under a click.
    if (positions.length === 1) {
      map.setView(positions[0], 15, { animate: false });
    } else if (positions.length) {
      map.fitBounds(positions, { padding: [30, 30], maxZoom: 16, animate: false });
    }
    map.getContainer().dataset.markerCount = String(positions.length);
  };
})();
