/*
 * Map of offers for the current filters, with the list below it as its keyboard twin.
 *
 * Progressive enhancement: without JavaScript the filter form submits and the list pages. With it,
 * the form updates map, list and URL in place. Markers are canvas circles (no DOM element per
 * marker), so 10,000 offers stay fluid; one GeoJSON request per filter state, older ones aborted.
 *
 * Test hook: window.angeboteKarteState and #karte[data-marker-count][data-query] describe what
 * is drawn once #karte[data-state="ready"].
 */
(function () {
  "use strict";

  var figure = document.querySelector("[data-map]");
  if (figure) {
    figure.hidden = false;
  }

  var TYPING_DELAY_MS = 400;
  var MARKER = { active: false, color: "#1a1a1a", weight: 1, opacity: 1, fillColor: "#e69f00", fillOpacity: 0.9 };
  var MARKER_ACTIVE = { active: true, radius: 11, color: "#1a1a1a", weight: 3, opacity: 1, fillColor: "#0072b2", fillOpacity: 1 };
  var TYPED = ["text", "search", "number"];

  /* Dots grow as the map zooms in: thousands of offers stay apart at city scale. The renderer
     projects every marker on each zoom anyway, so choosing the radius there costs nothing. */
  var OfferMarker = L.CircleMarker.extend({
    _project: function () {
      if (!this.options.active) {
        var zoom = this._map.getZoom();
        this._radius = zoom <= 11 ? 3 : zoom <= 13 ? 4 : zoom <= 15 ? 5 : 7;
      }
      L.CircleMarker.prototype._project.call(this);
    }
  });

  var state = (window.angeboteKarteState = {
    markerCount: 0,
    query: null,
    loading: false,
    geojsonRequests: 0,
    drawMs: null,
    highlighted: null
  });

  /* The form's filters as a query string: empty values left out, page reset. */
  function formQuery(form) {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (typeof value === "string" && value.trim() !== "" && key !== "page") {
        params.append(key, value.trim());
      }
    });
    return params.toString();
  }

  function withQuery(url, query, extra) {
    var parts = [query, extra].filter(Boolean).join("&");
    return url + (parts ? "?" + parts : "");
  }

  window.angeboteKarte = function (map) {
    var container = map.getContainer();
    var form = document.getElementById("filter");
    var layers = JSON.parse(document.getElementById("karte-daten").textContent);
    var renderer = L.canvas({ padding: 0.5, tolerance: 4 });
    var markers = L.featureGroup();
    var bySlug = {};
    // No close button (Leaflet labels it in English): a click beside it or Escape closes it.
    var popup = L.popup({ maxWidth: 280, closeButton: false });
    var inFlight = null;
    var requested = null;
    var pending = null;
    var typingTimer = null;

    // For tests and measurements; not enumerable, so the state still serialises as plain data.
    Object.defineProperty(state, "map", { value: map, configurable: true });
    Object.defineProperty(state, "markers", { value: markers, configurable: true });
    translateZoomButtons(map, container);
    var context = drawContext(map, layers, container.dataset.attribution);

    markers.on("click", function (event) {
      var properties = event.layer.feature.properties;
      var link = document.createElement("a");
      link.href = container.dataset.offerUrl + encodeURIComponent(properties.slug) + "/";
      link.textContent = properties.title;
      popup.setLatLng(event.layer.getLatLng()).setContent(link).openOn(map);
    });
    function setBusy(busy) {
      state.loading = busy;
      container.dataset.state = busy ? "loading" : "ready";
      container.setAttribute("aria-busy", busy ? "true" : "false");
    }

    function draw(collection, query, fit) {
      var started = performance.now();
      var features = collection.features || [];
      var positions = features.map(function (feature) {
        var coordinates = feature.geometry.coordinates;
        return L.latLng(coordinates[1], coordinates[0]);
      });
      // Move the view first, so the markers are projected once, not again after fitting.
      // After a filter change: fit to the matches. On arrival: to the matches only when filtered.
      if (fit) {
        var toMarkers = features.length && (fit === "changed" || query);
        fitTo(toMarkers ? L.latLngBounds(positions) : context.getBounds());
      }
      markers.remove().clearLayers();
      bySlug = {};
      state.highlighted = null;
      for (var i = 0; i < features.length; i++) {
        var marker = new OfferMarker(positions[i], L.extend({ renderer: renderer }, MARKER));
        marker.feature = features[i];
        bySlug[features[i].properties.slug] = marker;
        markers.addLayer(marker);
      }
      markers.addTo(map);
      state.markerCount = markers.getLayers().length;
      state.query = query;
      state.drawMs = Math.round(performance.now() - started);
      container.dataset.markerCount = String(state.markerCount);
      container.dataset.query = query;
    }

    function fitTo(bounds) {
      if (bounds.isValid()) {
        map.fitBounds(bounds, { padding: [16, 16], maxZoom: 16, animate: false });
      }
    }

    /* One request for the markers (and one for the list) per filter state; older ones aborted. */
    function update(query, options) {
      if (inFlight) {
        inFlight.abort();
      }
      var controller = (inFlight = new AbortController());
      requested = query;
      pending = options;
      setBusy(true);
      state.geojsonRequests += 1;
      var geojson = fetch(withQuery(container.dataset.geojsonUrl, query, "format=geojson"), {
        signal: controller.signal,
        headers: { Accept: "application/geo+json" }
      }).then(function (response) {
        // Invalid filters answer 400; the list then shows the explanation.
        return response.ok ? response.json() : { type: "FeatureCollection", features: [] };
      });
      var html = !options.list
        ? null
        : fetch(withQuery(window.location.pathname, query), {
            signal: controller.signal,
            headers: { Accept: "text/html" }
          }).then(function (response) {
            if (!response.ok) {
              throw new Error("HTTP " + response.status);
            }
            return response.text();
          });
      return Promise.all([geojson, html])
        .then(function (results) {
          if (controller.signal.aborted) {
            return;
          }
          inFlight = pending = null;
          draw(results[0], query, options.fit);
          if (results[1] !== null) {
            var page = new DOMParser().parseFromString(results[1], "text/html");
            swapResults(page);
            swapFormNotes(page, options.submitted);
            updateLanguageLinks(query);
          }
          setBusy(false);
        })
        .catch(function (error) {
          if (error.name === "AbortError") {
            return;
          }
          if (options.list) {
            // Something failed on the way: load the page as without JavaScript.
            window.location.assign(withQuery(window.location.pathname, query));
          } else {
            // The list from the server is there; the map just stays without markers.
            inFlight = pending = null;
            state.loading = false;
            container.dataset.state = "error";
            container.setAttribute("aria-busy", "false");
          }
        });
    }

    function filtersChanged(options) {
      window.clearTimeout(typingTimer);
      var query = formQuery(form);
      if (query === requested) {
        // Enter after a pause in typing: the answer is loaded or on its way; it still leads the
        // user to an error explanation like a submitted form would.
        if (options.submitted && pending) {
          pending.submitted = true;
        } else if (options.submitted) {
          focusErrorSummary();
        }
        return;
      }
      window.history.replaceState(window.history.state, "", withQuery(window.location.pathname, query));
      update(query, { list: true, fit: "changed", submitted: options.submitted });
    }

    function currentQuery() {
      var params = new URLSearchParams(window.location.search);
      params.delete("page");
      return params.toString();
    }

    if (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        filtersChanged({ submitted: true });
      });
      form.addEventListener("change", function () {
        filtersChanged({ submitted: false });
      });
      form.addEventListener("input", function (event) {
        if (TYPED.indexOf(event.target.type) === -1) {
          return;
        }
        window.clearTimeout(typingTimer);
        typingTimer = window.setTimeout(function () {
          filtersChanged({ submitted: false });
        }, TYPING_DELAY_MS);
      });
    }

    /* Highlight the marker of the list entry under the pointer or keyboard focus. */
    function highlight(slug) {
      if (state.highlighted && bySlug[state.highlighted]) {
        bySlug[state.highlighted].setStyle(MARKER);
      }
      state.highlighted = null;
      var marker = slug && bySlug[slug];
      if (marker) {
        marker.setStyle(MARKER_ACTIVE).bringToFront();
        state.highlighted = slug;
      }
      document.querySelectorAll("#ergebnisse [data-slug]").forEach(function (card) {
        card.classList.toggle("is-highlighted", card.dataset.slug === slug);
      });
    }

    function cardSlug(node) {
      var card = node && node.closest ? node.closest("#ergebnisse [data-slug]") : null;
      return card ? card.dataset.slug : null;
    }

    // Delegated from the document: the list is replaced whenever the filters change.
    ["mouseover", "focusin"].forEach(function (type) {
      document.addEventListener(type, function (event) {
        var slug = cardSlug(event.target);
        if (slug && slug !== state.highlighted) {
          highlight(slug);
        }
      });
    });
    ["mouseout", "focusout"].forEach(function (type) {
      document.addEventListener(type, function (event) {
        if (cardSlug(event.target) && cardSlug(event.relatedTarget) !== cardSlug(event.target)) {
          highlight(null);
        }
      });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        highlight(null);
        map.closePopup();
      }
    });

    // Markers for the filters in the URL; the list for them came with the page.
    update(currentQuery(), { list: false, fit: "arrived" });
  };

  /* Social-space and district boundaries, faint and not clickable, as orientation. */
  function drawContext(map, layers, attribution) {
    var spaces = L.geoJSON(layers.sozialraeume, {
      interactive: false,
      attribution: attribution,
      style: function (feature) {
        return {
          color: "#4d4d4d",
          weight: 2,
          opacity: 0.8,
          fillColor: feature.properties.colour,
          fillOpacity: 0.12,
          className: "karte-sozialraum"
        };
      },
      onEachFeature: function (feature) {
        if (feature.properties.label) {
          L.tooltip({ permanent: true, direction: "center", className: "karte-sozialraum-label" })
            .setLatLng(feature.properties.label)
            .setContent(feature.properties.name)
            .addTo(map);
        }
      }
    });
    L.geoJSON(layers.bezirke, {
      interactive: false,
      style: { color: "#767676", weight: 1, opacity: 0.5, dashArray: "3 4", fill: false }
    }).addTo(map);
    return spaces.addTo(map);
  }

  /* Leaflet's zoom buttons are labelled in English; use the page's language (WCAG 3.1.2). */
  function translateZoomButtons(map, container) {
    if (map.zoomControl && container.dataset.zoomIn) {
      map.zoomControl.remove();
      map.zoomControl = L.control
        .zoom({ zoomInTitle: container.dataset.zoomIn, zoomOutTitle: container.dataset.zoomOut })
        .addTo(map);
    }
  }

  /* Replace the list below the map with the fetched one; the status heading stays and speaks. */
  function swapResults(page) {
    var current = document.getElementById("ergebnisse");
    var fresh = page.getElementById("ergebnisse");
    if (!current || !fresh) {
      return;
    }
    var heading = current.querySelector("#ergebnisse-titel");
    var freshHeading = fresh.querySelector("#ergebnisse-titel");
    var hadFocus = current.contains(document.activeElement) && document.activeElement !== heading;
    Array.prototype.slice.call(current.childNodes).forEach(function (node) {
      if (node !== heading) {
        current.removeChild(node);
      }
    });
    Array.prototype.slice.call(fresh.childNodes).forEach(function (node) {
      if (node.id !== "ergebnisse-titel") {
        current.appendChild(document.adoptNode(node));
      }
    });
    if (heading && freshHeading && heading.textContent !== freshHeading.textContent) {
      heading.textContent = freshHeading.textContent;
    }
    if (hadFocus && heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
  }

  /* Error summary and the "reset filters" link follow the server's answer; inputs stay as typed. */
  function swapFormNotes(page, submitted) {
    var form = document.getElementById("filter");
    var freshForm = page.getElementById("filter");
    if (!form || !freshForm) {
      return;
    }
    var summary = form.querySelector(".error-summary");
    var freshSummary = freshForm.querySelector(".error-summary");
    if (summary) {
      summary.remove();
    }
    if (freshSummary) {
      var title = form.querySelector("#filter-titel");
      title.insertAdjacentElement("afterend", document.adoptNode(freshSummary));
      if (submitted) {
        focusErrorSummary();
      }
    }
    var actions = form.querySelector(".form-actions");
    var reset = actions && actions.querySelector("a");
    var freshReset = freshForm.querySelector(".form-actions a");
    if (freshReset && !reset && actions) {
      actions.appendChild(document.adoptNode(freshReset));
    } else if (!freshReset && reset && reset !== document.activeElement) {
      reset.remove();
    }
  }

  function focusErrorSummary() {
    var summary = document.querySelector("#filter .error-summary");
    if (summary) {
      summary.focus();
    }
  }

  /* The language switch leads to the same filters in the other language. */
  function updateLanguageLinks(query) {
    document.querySelectorAll("a[hreflang]").forEach(function (link) {
      var url = new URL(link.href, window.location.href);
      url.search = query;
      link.href = url.pathname + url.search;
    });
  }
})();
