// An outline GeoJSON drawn with `styles` by each feature's `kind`, not interactive. Called as (group, data, styles).
(function (group, data, styles) {
  L.geoJson(data, {interactive: false, style: function (feature) {
    return styles[(feature.properties || {}).kind] || styles.occupied;
  }}).addTo(group);
})
