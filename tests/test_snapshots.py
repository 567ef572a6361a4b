import datetime as dt

import pytest

from territory.base.problems import DataError
from territory.data.snapshots import (
    MAX_SNAPSHOT_BYTES,
    load_snapshot_file,
    load_snapshots,
    parse_snapshot,
    snapshot_date_from_name,
)

HEADER = "unit,controlled_pct,low_pct,high_pct,kind,sources,note\n"
GOOD_ROW = "UA-14,70.4,,,estimate,deepstate-derived-daily,\n"
DATE = dt.date(2025, 5, 28)


def parse(text: str | bytes, sources):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return parse_snapshot(data, "snap.csv", DATE, sources)


def problems_of(text, sources) -> list[str]:
    with pytest.raises(DataError) as info:
        parse(text, sources)
    return [str(p) for p in info.value.problems]


def test_good_file_loads(sources):
    snapshot = parse(HEADER + GOOD_ROW + "Luhansk,99.3,99,99.5,published,deepstate-year-summary-2025,a note\n", sources)
    assert set(snapshot.figures) == {"UA-14", "UA-09"}
    assert snapshot.figures["UA-09"].low_pct == 99 and snapshot.figures["UA-09"].high_pct == 99.5


def test_absent_unit_has_no_figure(sources):
    snapshot = parse(HEADER + GOOD_ROW, sources)
    assert "UA-09" not in snapshot.figures


@pytest.mark.parametrize("row, expected", [
    ("Atlantis,10,,,estimate,deepstate-derived-daily,", "snap.csv:2: unit: unknown unit 'Atlantis'"),
    ("UA-14,101,,,estimate,deepstate-derived-daily,", "snap.csv:2: controlled_pct: 101 is outside 0-100"),
    ("UA-14,-1,,,estimate,deepstate-derived-daily,", "snap.csv:2: controlled_pct: -1 is outside 0-100"),
    ("UA-14,nan,,,estimate,deepstate-derived-daily,", "snap.csv:2: controlled_pct: 'nan' is not a number"),
    ("UA-14,,,,estimate,deepstate-derived-daily,", "snap.csv:2: controlled_pct: is empty"),
    ("UA-14,50,60,,estimate,deepstate-derived-daily,", "snap.csv:2: low_pct 60 is above controlled_pct 50"),
    ("UA-14,50,,40,estimate,deepstate-derived-daily,", "snap.csv:2: high_pct 40 is below controlled_pct 50"),
    ("UA-14,50,,,estimate,no-such-source,", "snap.csv:2: sources: unknown source id(s): no-such-source"),
    ("UA-14,50,,,estimate,,", "snap.csv:2: sources: every row needs at least one source id"),
    ("UA-14,50,,,guess,deepstate-derived-daily,", "snap.csv:2: kind: must be one of 'published' or 'estimate'"),
    ("UA-14,\"70,4\",,,estimate,deepstate-derived-daily,", "snap.csv:2: controlled_pct: '70,4' is not a number"),
    ("UA-14,70,4,,,estimate,deepstate-derived-daily,", "snap.csv:2: has 8 fields, the header has 7"),
])
def test_row_rules(sources, row, expected):
    problems = problems_of(HEADER + row + "\n", sources)
    assert any(p.startswith(expected) for p in problems), problems


def test_every_problem_reported_at_once(sources):
    text = HEADER + "UA-14,70,,,estimate,deepstate-derived-daily,\nDonetsk,71,,,estimate,deepstate-derived-daily,\n" \
        "Nowhere,1,,,estimate,deepstate-derived-daily,\nUA-09,200,,,estimate,x,\n"
    problems = problems_of(text, sources)
    assert "snap.csv:3: unit UA-14 appears twice (first on line 2)" in problems
    assert any(p.startswith("snap.csv:4: unit: unknown unit") for p in problems)
    assert any(p.startswith("snap.csv:5: controlled_pct") for p in problems)
    assert any(p.startswith("snap.csv:5: sources: unknown source") for p in problems)


@pytest.mark.parametrize("text, expected", [
    ("", "snap.csv:0: file is empty"),
    ("unit,controlled_pct,kind\n", "snap.csv:1: missing column(s): sources"),
    (HEADER.replace("note", "note,colour"), "snap.csv:1: unknown column(s): colour"),
    ("unit,unit,controlled_pct,kind,sources\n", "snap.csv:1: column 'unit' appears twice"),
    ("unit;controlled_pct;kind;sources\nUA-14;70;estimate;x\n", "snap.csv:1: columns are separated by ';'"),
    (HEADER, "snap.csv:1: file has a header but no rows"),
])
def test_header_rules(sources, text, expected):
    assert any(p.startswith(expected) for p in problems_of(text, sources))


@pytest.mark.parametrize("data, expected", [
    (b"\xef\xbb\xbf" + (HEADER + GOOD_ROW).encode(), "byte-order mark"),
    ((HEADER + GOOD_ROW).encode("utf-16"), "UTF-16"),
    (HEADER.encode() + b"UA-14,70,,,estimate,deepstate-derived-daily,\xe9t\xe9\n", "not valid UTF-8"),
    (HEADER.encode() + b"\x00\x01\x02", "NUL bytes"),
    (b"x" * (MAX_SNAPSHOT_BYTES + 1), "the limit is"),
])
def test_encoding_rules(sources, data, expected):
    assert any(expected in p for p in problems_of(data, sources))


def test_mixed_line_endings_are_fine(sources):
    snapshot = parse(HEADER.replace("\n", "\r\n") + GOOD_ROW + "UA-09,99,,,estimate,deepstate-derived-daily,\r\n", sources)
    assert set(snapshot.figures) == {"UA-14", "UA-09"}


@pytest.mark.parametrize("name, message", [
    ("2025-05-28.csv", None), ("2025-5-28.csv", "file name must be YYYY-MM-DD.csv"),
    ("2025-02-30.csv", "not a real date"), ("2099-01-01.csv", "outside"), ("notes.csv", "file name must be"),
])
def test_dates_from_file_names(name, message):
    if message is None:
        assert snapshot_date_from_name(name, name) == DATE
    else:
        with pytest.raises(DataError, match=message):
            snapshot_date_from_name(name, name)


def test_broken_file_is_refused_whole_and_others_still_load(tmp_path, sources):
    (tmp_path / "2025-05-28.csv").write_text(HEADER + GOOD_ROW, encoding="utf-8")
    (tmp_path / "2025-05-31.csv").write_text(HEADER + GOOD_ROW + "UA-09,300,,,estimate,deepstate-derived-daily,\n",
                                              encoding="utf-8")
    result = load_snapshots(tmp_path, sources)
    assert result.dates == [DATE]
    assert [str(p) for p in result.problems] == [f"{tmp_path}/2025-05-31.csv:3: controlled_pct: 300 is outside 0-100"]


def test_repo_has_the_required_dates(snapshot_set):
    # 2023-06-30 is one of the few days without a DeepState map in either archive (the series has no gap over
    # three days); the days around it are there.
    required = ["2022-02-23", "2022-03-21", "2022-04-07", "2022-07-03", "2022-09-30", "2022-11-12", "2022-12-31",
                "2023-06-29", "2023-12-31", "2024-02-20", "2024-05-31", "2024-12-31", "2025-05-28", "2025-07-31",
                "2025-12-31", "2026-05-31", "2026-08-20"]
    dates = {d.isoformat() for d in snapshot_set.dates}
    assert set(required) <= dates
    assert snapshot_set.dates == sorted(snapshot_set.dates)


def test_every_repo_figure_names_a_source_and_a_kind(snapshot_set, sources):
    for snapshot in snapshot_set.snapshots:
        assert len(snapshot.figures) == 27, snapshot.date
        for figure in snapshot.figures.values():
            assert figure.sources and figure.kind in ("published", "estimate")
            assert all(s in sources for s in figure.sources)


def test_estimate_sources_say_how_they_were_made(sources):
    for source in sources.values():
        if source.kind == "estimate":
            assert len(source.method) > 40


def test_disagreements_recorded_as_ranges(snap):
    # ISW put Donetsk near 48-51 % around the March 2022 peak, DeepState higher: a range, not a pick.
    donetsk = snap("2022-03-21").figures["UA-14"]
    assert donetsk.low_pct < donetsk.controlled_pct < donetsk.high_pct
    # DeepState published 72 % for Kherson on 2026-01-01: that figure is its own layer (published/figures.csv);
    # the snapshot keeps only what the map gives, so the line over time does not jump.
    kherson = snap("2025-12-31").figures["UA-65"]
    assert kherson.kind == "estimate" and kherson.sources == ("deepstate-derived-series",)


def test_load_snapshot_file_reads_the_date_from_the_name(tmp_path, sources):
    path = tmp_path / "2024-02-20.csv"
    path.write_text(HEADER + GOOD_ROW, encoding="utf-8")
    assert load_snapshot_file(path, sources).date == dt.date(2024, 2, 20)


def test_wrong_file_name_reports_the_name_and_every_row_problem(tmp_path, sources):
    path = tmp_path / "may-2025.csv"
    path.write_text(HEADER + GOOD_ROW + "UA-09,300,,,estimate,deepstate-derived-daily,\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_snapshot_file(path, sources, label="may-2025.csv")
    found = [str(p) for p in info.value.problems]
    assert found[0].startswith("may-2025.csv:0: file name must be YYYY-MM-DD.csv")
    assert "may-2025.csv:3: controlled_pct: 300 is outside 0-100" in found


def test_shares_are_numbers_once_parsed(sources):
    from territory.data.snapshots import SnapshotRow
    from territory.data.validators import registry_context
    row = SnapshotRow.model_validate({"unit": "Luhansk", "controlled_pct": "99.3", "low_pct": "99", "high_pct": "",
                                      "kind": "published", "sources": "deepstate-year-summary-2025"},
                                     context=registry_context(sources))
    assert (row.unit, row.controlled_pct, row.low_pct, row.high_pct) == ("UA-09", 99.3, 99.0, None)
    assert isinstance(row.controlled_pct, float)
