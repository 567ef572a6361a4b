import datetime as dt

import pytest

from territory.base.text import about_km2, date_label, format_change, format_km2, format_pct, range_text


@pytest.mark.parametrize("value, text", [(None, "no figure"), (0, "0 %"), (0.42, "0.42 %"), (70.92, "70.9 %")])
def test_format_pct(value, text):
    assert format_pct(value) == text


def test_other_formats():
    assert format_km2(None) == "no figure" and format_km2(1234.4) == "1,234 km²"
    assert format_change(None) == "n/a" and format_change(19.5, 5210.2) == "+19.5 pp (+5,210 km²)"
    assert format_change(0.01) == "+0.01 pp"
    assert about_km2(7_749) == "7,700" and about_km2(154) == "150" and about_km2(7) == "7"
    assert date_label(dt.date(2025, 5, 28)) == "28 May 2025"


def test_range_text():
    class Row:
        pct, low_pct, high_pct = 51.5, 48.0, None
    assert range_text(Row()) == "48.0 % – 51.5 %"
    Row.low_pct = None
    assert range_text(Row()) == ""


def test_a_range_whose_ends_round_alike_is_not_shown():
    """A grey zone of a few hundredths of a point once showed "57.8 % – 57.8 %"."""
    class Row:
        pct, low_pct, high_pct = 57.8, 57.8, 57.83
    assert range_text(Row()) == ""
    assert range_text(Row(), "uk") == ""


def test_a_plan_that_gives_nothing_back_does_not_say_about_0_km2():
    """The headline once read "Russia would leave about 0 km²" (and "Росія залишила б близько 0 км²")."""
    import types

    from territory.base.text import scenario_headline

    outcome = types.SimpleNamespace(to_zone_km2=0.0, ceded_km2=20_000.0, left_km2=0.0, unknown_units=(),
                                    date=dt.date(2025, 12, 31))
    for lang in ("en", "uk"):
        text = scenario_headline(outcome, lang)
        assert " 0 km" not in text and " 0 км" not in text, text


def test_no_double_full_stop_after_a_ukrainian_date():
    from territory.base.i18n import ngettext_for

    sentence = ngettext_for("uk")("{n} member on {date}.", "{n} members on {date}.", 32).format(
        n=32, date=date_label(dt.date(2026, 8, 21), "uk"))
    assert not sentence.endswith(".."), sentence


def test_spring_2022_maps_carry_their_caveat():
    """DeepState was still drawing in areas taken since February in April and early May 2022 (the national
    total climbs 106,600 → 121,200 km² in April without fighting to match): those days say so (issue 23)."""
    import datetime as dt

    from territory.base.text import SPRING_2022, spring_2022_note

    first, last = SPRING_2022
    assert spring_2022_note(first) and spring_2022_note(last) and spring_2022_note(first, "uk")
    assert spring_2022_note(first - dt.timedelta(days=1)) == "" and spring_2022_note(last + dt.timedelta(days=1)) == ""
    assert "DeepState" in spring_2022_note(first)
