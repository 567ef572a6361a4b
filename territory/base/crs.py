"""Coordinate reference systems used across the library."""

#: Geographic coordinates of every file in ``geodata/`` and of the web map.
GEOGRAPHIC_CRS = "EPSG:4326"

#: Lambert azimuthal equal-area projection centred on Ukraine (48.5° N, 31.5° E).
#: Areas, overlays and printed maps use it: areas are exact up to the ellipsoid, and
#: the central meridian runs through the middle of the country, so printed maps are north-up.
EQUAL_AREA_CRS = "+proj=laea +lat_0=48.5 +lon_0=31.5 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs"
