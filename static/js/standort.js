/* "Use my location": fills latitude/longitude of the radius search from the browser. */
(function () {
  "use strict";
  var button = document.querySelector("[data-locate]");
  if (!button || !navigator.geolocation) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.geolocation.getCurrentPosition(function (position) {
      document.getElementById("id_lat").value = position.coords.latitude.toFixed(5);
      document.getElementById("id_lon").value = position.coords.longitude.toFixed(5);
      var radius = document.getElementById("id_umkreis");
      if (!radius.value) { radius.value = 1000; }
    });
  });
})();
