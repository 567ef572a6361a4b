"""The Places page without a browser (AppTest): a link from the control map opens its unit and date over what
the session kept (its search too), the next-map button steps the date, the table's headers are words, not column names."""

from __future__ import annotations

from territory.base.text import date_label
from territory.data.subunit_series import series_days

from .conftest import run_app


def _heading(at) -> str:
    return next(h.value.replace("\\", "") for h in at.subheader if "share of each" in h.value)  # md-escaped


def test_link_from_the_map_wins_then_the_next_map_button_steps():
    days = series_days()
    day, after = days[len(days) // 2], days[len(days) // 2 + 1]
    at = run_app("pages/places.py", unit="UA-63", level="raion", date=days[-1].isoformat(), q="Izium")
    assert "Kharkiv: share of each raion" in _heading(at)
    assert at.text_input[0].value == "Izium"

    # the control map's link (?via=map) names another unit, level and day: they win over the kept ones
    at.query_params.clear()  # a page link's parameters replace the page's
    at.query_params.update(unit="UA-14", level="hromada", date=day.isoformat(), via="map")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert _heading(at).startswith("Donetsk: share of each hromada") and date_label(day) in _heading(at)
    assert "via" not in at.query_params
    assert at.text_input[0].value == ""  # the link names no settlement

    next(b for b in at.button if b.label == "Next map").click().run()
    assert date_label(after) in _heading(at)
    assert at.query_params["date"] == [after.isoformat()] or at.query_params["date"] == after.isoformat()
    columns = list(at.dataframe[-1].value.columns)
    assert columns == ["Code", "Name", "Share inside the occupied area (%)", "Inside the occupied area (km²)",
                       "Area (km²)"]


def test_a_search_for_a_place_in_another_oblast_opens_that_oblast():
    """On Donetsk's hromadas, a search for Kupiansk (Kharkiv oblast) switches the page to Kharkiv oblast, so the
    map (fitted to the oblast) shows the found settlement; the link names the new oblast."""
    from territory.data.settlements import search, settlements

    found = search(settlements(), "Kupiansk").sort_values("population_prewar", ascending=False).iloc[0]
    assert found.unit == "UA-63"
    at = run_app("pages/places.py", unit="UA-14", level="hromada")
    assert _heading(at).startswith("Donetsk: share of each hromada")
    at.text_input(key="places_query").input("Kupiansk").run()
    assert not at.exception, [e.value for e in at.exception]
    assert _heading(at).startswith("Kharkiv: share of each hromada")
    assert at.selectbox(key="places_unit").value == "UA-63"
    assert at.query_params["unit"] in ("UA-63", ["UA-63"])
    assert any(h.value.replace("\\", "").startswith(("Kupiansk", "Kupyansk")) and "Kharkiv" in h.value
               for h in at.subheader)
    # the person may then pick another oblast: the choice holds, the search stays
    at.selectbox(key="places_unit").set_value("UA-14").run()
    assert _heading(at).startswith("Donetsk: share of each hromada")
