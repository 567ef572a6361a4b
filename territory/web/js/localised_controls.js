// Leaflet's own words in the interface language: the zoom buttons' tooltips and, when `scale` is true, a metric
// scale bar with its units translated. Called as (map, titles, units, scale).
(function (map, titles, units, scale) {
  L.control.zoom(titles).addTo(map);
  if (!scale) return;
  L.Control.Scale.include({_updateMetric: function (maxMeters) {
    var meters = this._getRoundNum(maxMeters);
    var label = meters < 1000 ? meters + " " + units.m : (meters / 1000) + " " + units.km;
    this._updateScale(this._mScale, label, meters / maxMeters);
  }});
  L.control.scale({imperial: false}).addTo(map);
})
