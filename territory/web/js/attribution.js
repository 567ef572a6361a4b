// The map's attribution line without Leaflet's prefix. Called as (map, text).
(function (map, text) {
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(text);
})
