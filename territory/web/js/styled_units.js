// The units drawn from the geometry file at `url` (fetched once per map frame and kept), each with the fill,
// outline and tooltip given in `units` (ISO code -> properties). On a slider step only these properties travel,
// not the geometry. Units missing from `units` are not drawn. Called as (group, url, units, highlight).
(function (group, url, units, highlight) {
  var cache = window.__territoryGeometry = window.__territoryGeometry || {};
  function style(feature) {
    var p = feature.properties;
    return {fillColor: p.fill, color: p.edge, weight: p.weight, dashArray: p.dash, fillOpacity: p.opacity};
  }
  function draw(geometry) {
    var layer = L.geoJson(null, {style: style, onEachFeature: function (feature, path) {
      path.bindTooltip(function () { return feature.properties.tooltip; }, {sticky: true});
      path.on({mouseover: function () { path.setStyle(highlight); },
               mouseout: function () { layer.resetStyle(path); }});
    }});
    geometry.features.forEach(function (f) {
      var p = units[f.properties.iso];
      if (p) layer.addData({type: "Feature", properties: p, geometry: f.geometry});
    });
    group.addLayer(layer);
    layer.bringToBack();  // under the layers drawn while the geometry was on its way (the outline)
  }
  if (!cache[url]) {
    cache[url] = {};
    cache[url].loading = fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + ": HTTP " + r.status);
      return r.json();
    }).then(function (geometry) { cache[url].geometry = geometry; return geometry; },
            function (error) { delete cache[url]; throw error; });  // the next step tries again
  }
  if (cache[url].geometry) draw(cache[url].geometry);
  else cache[url].loading.then(draw);
})
