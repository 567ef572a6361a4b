// The neighbouring countries fetched from `url`, drawn once in a pane below the units' layers (so the units,
// whichever arrives first, are never covered), not interactive. Called as (map, url, style).
(function (map, url, style) {
  map.createPane("neighbours").style.zIndex = 350;
  fetch(url).then(function (r) {
    if (!r.ok) throw new Error(url + ": HTTP " + r.status);
    return r.json();
  }).then(function (data) {
    L.geoJson(data, {pane: "neighbours", interactive: false, style: style}).addTo(map);
  });
})
