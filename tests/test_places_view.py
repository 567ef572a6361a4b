"""The Places and Compare pages' tables without Streamlit (territory/present/places_view.py): numbers and dates
written as each language writes them, headers translated."""

from __future__ import annotations

from territory.base.text import date_label, format_number, km2_unit
from territory.data.settlements import changed_between
from territory.data.subunit_series import series_days
from territory.present.places_view import changed_table, status_name


def test_compare_settlements_table_is_formatted_in_both_languages():
    days = series_days()
    before, after = days[len(days) * 2 // 3], days[-1]
    changed = changed_between(before, after)
    assert len(changed) > 1
    largest = changed.iloc[0]
    headers = {}
    for lang in ("en", "uk"):
        frame = changed_table(changed, before, after, lang)
        headers[lang] = list(frame.columns)
        assert len(frame) == len(changed)
        assert not any(day.isoformat() in h for h in frame.columns for day in (before, after))
        assert any(date_label(before, lang) in h for h in frame.columns)
        assert any(date_label(after, lang) in h for h in frame.columns)
        first = frame.iloc[0].tolist()
        assert format_number(int(largest["population_prewar"]), 0, lang) in first
        assert status_name(largest["status_before"], lang) in first
        assert status_name(largest["status_after"], lang) in first
    assert headers["en"][-1] == f"Status on {date_label(after, 'en')}"
    assert headers["uk"][-1].startswith("Статус на ")
    assert not set(headers["en"]) & set(headers["uk"])


def test_bounds_grow_to_hold_a_settlement_outside_the_oblast():
    from territory.present.places_view import bounds, bounds_with

    box = bounds("hromada", "UA-14")
    assert box is not None
    (south, west), (north, east) = box
    kupiansk = (49.71003, 37.61581)  # north of Donetsk oblast
    assert kupiansk[0] > north
    grown = bounds_with(box, *kupiansk)
    assert grown == [[south, west], [kupiansk[0], east]]
    assert bounds_with(box, (south + north) / 2, (west + east) / 2) == box


def test_places_tooltip_says_what_share_in_both_languages():
    """The tooltip names the share: "<name>: 63.00 % inside the occupied area on DeepState's map (324 of 515 km²)"."""
    import re

    from territory.data.subunit_series import summary_rows
    from territory.present.places_view import subunit_features

    day = series_days()[-1]
    rows = summary_rows(day, "hromada", "UA-14")
    held = max(rows, key=lambda r: (r["controlled_pct"] < 100, r["controlled_pct"]))
    for lang, words in (("en", ("inside the occupied area", " of ")), ("uk", ("в окупованій зоні", " з "))):
        features = subunit_features(rows, "hromada", "UA-14", lang, date_label(day, lang))
        tip = next(f["properties"]["tooltip"] for f in features["features"] if f["properties"]["code"] == held["code"])
        text = re.sub("<[^>]+>", " ", tip)
        assert format_number(held["controlled_pct"], 2, lang) + " %" in text
        assert all(w in text for w in words), text
        assert (f"{format_number(held['controlled_km2'], 0, lang)}{words[1]}"
                f"{format_number(held['area_km2'], 0, lang)} {km2_unit(lang)}") in text


def test_places_legend_has_the_share_classes_and_names_the_oblasts_not_shown():
    from territory.base import palette

    for lang in ("en", "uk"):
        items = palette.places_legend(lang)
        colours = [i.colour for i in items]
        assert colours[:len(palette.CONTROL_COLOURS) + 1] == [palette.ZERO_COLOUR, *palette.CONTROL_COLOURS]
        assert palette.FILTERED_COLOUR in colours
    assert any("other oblasts" in i.label for i in palette.places_legend("en"))


def test_other_oblasts_are_drawn_grey_under_the_chosen_one():
    from territory.web.webmap import context_units

    features = context_units(["UA-14", "UA-63", "UA-65"], "UA-14", "en")["features"]
    assert [f["properties"]["iso"] for f in features] == ["UA-63", "UA-65"]
    from territory.base import palette

    assert all(f["properties"]["fill"] == palette.FILTERED_COLOUR for f in features)
    assert "Kharkiv" in features[0]["properties"]["tooltip"]
