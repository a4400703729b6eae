/*
 * Map of social spaces (Sozialräume) and their districts (Bezirke).
 * Progressive enhancement: the page already lists every space and district; this script shows
 * the map next to it and links both ways (hover or focus a list entry: its districts light up).
 */
(function () {
  "use strict";

  var figure = document.querySelector("[data-map]");
  if (figure) {
    figure.hidden = false;
  }

  var districtIdle = { weight: 0, opacity: 0, fillOpacity: 0 };
  var districtActive = { weight: 2, opacity: 1, color: "#1a1a1a", dashArray: "4 3", fillOpacity: 0 };

  window.sozialraumKarte = function (map) {
    var container = map.getContainer();
    var layers = JSON.parse(document.getElementById("karte-daten").textContent);
    var districtsBySpace = {};

    // Leaflet's zoom buttons are labelled in English; use the page's language (WCAG 3.1.2).
    if (map.zoomControl && container.dataset.zoomIn) {
      map.zoomControl.remove();
      map.zoomControl = L.control.zoom({
        zoomInTitle: container.dataset.zoomIn,
        zoomOutTitle: container.dataset.zoomOut
      }).addTo(map);
    }

    var spaces = L.geoJSON(layers.sozialraeume, {
      interactive: false,
      attribution: container.dataset.attribution,
      style: function (feature) {
        return {
          color: "#1a1a1a",
          weight: 2,
          fillColor: feature.properties.colour,
          fillOpacity: 0.55,
          className: "sozialraum-shape"
        };
      },
      onEachFeature: function (feature, layer) {
        var label = L.tooltip({ permanent: true, direction: "center", className: "sozialraum-label" })
          .setContent(feature.properties.name);
        if (feature.properties.label) {
          label.setLatLng(feature.properties.label);
          map.addLayer(label);
        } else {
          layer.bindTooltip(label);
        }
      }
    }).addTo(map);

    function highlight(slug) {
      Object.keys(districtsBySpace).forEach(function (key) {
        districtsBySpace[key].forEach(function (layer) {
          layer.setStyle(key === slug ? districtActive : districtIdle);
        });
      });
      document.querySelectorAll("[data-sozialraum]").forEach(function (item) {
        item.classList.toggle("is-highlighted", item.dataset.sozialraum === slug);
      });
    }

    var districts = L.geoJSON(layers.bezirke, {
      style: function () { return districtIdle; },
      onEachFeature: function (feature, layer) {
        var slug = feature.properties.sozialraum;
        (districtsBySpace[slug] = districtsBySpace[slug] || []).push(layer);
        layer.on("add", function () {
          var path = layer.getElement();
          path.classList.add("bezirk-shape");
          path.setAttribute("data-bezirk-von", slug);
        });
        layer.bindTooltip(feature.properties.name + " (" + feature.properties.sozialraum_name + ")", {
          sticky: true
        });
        layer.on("mouseover", function () { highlight(slug); });
        layer.on("click", function () {
          var space = layers.sozialraeume.features.filter(function (f) {
            return f.properties.slug === slug;
          })[0];
          if (space) { window.location.href = space.properties.url; }
        });
      }
    }).addTo(map);

    container.addEventListener("mouseleave", function () { highlight(null); });
    // Content shown on hover can be dismissed without moving the pointer (WCAG 1.4.13).
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        districts.eachLayer(function (layer) { layer.closeTooltip(); });
        highlight(null);
      }
    });
    document.querySelectorAll("[data-sozialraum]").forEach(function (item) {
      var slug = item.dataset.sozialraum;
      item.addEventListener("mouseenter", function () { highlight(slug); });
      item.addEventListener("focusin", function () { highlight(slug); });
      item.addEventListener("mouseleave", function () { highlight(null); });
      item.addEventListener("focusout", function () { highlight(null); });
    });

    if (spaces.getLayers().length) {
      map.fitBounds(spaces.getBounds(), { padding: [8, 8] });
    }
  };
})();
