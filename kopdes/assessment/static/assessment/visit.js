// The field-visit form: fill the GPS position from the phone (navigator.geolocation), on a button press.
(function () {
  "use strict";
  var button = document.querySelector("[data-gps-button]");
  if (!button || !navigator.geolocation) { return; }
  var status = document.querySelector("[data-gps-status]");
  var lat = document.querySelector("[data-gps=lat]");
  var lon = document.querySelector("[data-gps=lon]");
  button.addEventListener("click", function () {
    status.textContent = "…";
    navigator.geolocation.getCurrentPosition(function (position) {
      lat.value = position.coords.latitude.toFixed(6);
      lon.value = position.coords.longitude.toFixed(6);
      status.textContent = "± " + Math.round(position.coords.accuracy) + " m";
    }, function (error) {
      status.textContent = error.message;
    }, { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 });
  });
}());
