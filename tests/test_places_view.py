"""The Places and Compare pages' tables without Streamlit (territory/present/places_view.py): numbers and dates
written as each language writes them, headers translated."""

from __future__ import annotations

from territory.base.text import date_label, format_number
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
