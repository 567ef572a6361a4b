"""``territory export``: every format, names that carry the filters, folders, and errors that write nothing."""

import csv
import datetime as dt
import io
import re

import pytest
from PIL import Image

from territory.base.text import control_map_title, date_label
from territory.data.dataset import load_dataset
from territory.export import export_data, exports
from territory.export.export_data import csv_header
from territory.present.view import ViewFilter


def export(cli, *args):
    return cli("export", *args)


@pytest.mark.parametrize("fmt, magic", [("png", b"\x89PNG"), ("svg", b"<?xml"), ("pdf", b"%PDF"),
                                        ("html", b"<!DOCTYPE html>"), ("csv", b"date,iso"),
                                        ("geojson", b'{"type":"FeatureCollection"')])
def test_formats_with_names_that_say_what_they_hold(cli, tmp_path, fmt, magic):
    code, out, err = export(cli, "--date", "2025-05-28", "--format", fmt, "--out", tmp_path)
    assert code == 0, err
    path = tmp_path / f"ukraine-control-2025-05-28.{fmt}"
    assert path.read_bytes().startswith(magic)


def test_comparison_and_timelapse(cli, tmp_path, snapshot_set):
    code, _, err = export(cli, "--date", "2025-05-28", "--compare", "2022-02-23", "--format", "pdf", "--out", tmp_path)
    assert code == 0, err
    assert (tmp_path / "ukraine-control-2022-02-23-vs-2025-05-28.pdf").exists()
    code, _, err = export(cli, "--timelapse", "--from", "2022-02-23", "--to", "2022-07-03", "--format", "gif",
                          "--out", tmp_path / "t.gif")
    assert code == 0, err
    assert (tmp_path / "t.gif").read_bytes()[:3] == b"GIF"
    months = {s.date.strftime("%Y-%m") for s in snapshot_set.snapshots
              if dt.date(2022, 2, 23) <= s.date <= dt.date(2022, 7, 3)}
    with Image.open(tmp_path / "t.gif") as gif:
        assert gif.n_frames == len(months)  # one frame a month by default, as the app offers


def test_timelapse_every_week_names_its_step(cli, tmp_path, snapshot_set):
    code, _, err = export(cli, "--timelapse", "--every", "week", "--from", "2022-04-01", "--to", "2022-04-30",
                          "--format", "gif", "--out", f"{tmp_path}/")
    assert code == 0, err
    chosen = [s for s in snapshot_set.snapshots if dt.date(2022, 4, 1) <= s.date <= dt.date(2022, 4, 30)]
    frames = exports.timelapse_frames(chosen, "week")
    name = exports.timelapse_file_name(frames[0].date, frames[-1].date, "week")
    with Image.open(tmp_path / name) as gif:
        assert gif.n_frames == len(frames)


def test_the_readme_exports_into_one_folder_never_collide(cli, tmp_path):
    out = f"{tmp_path}/exports/"
    # the views of one day as CSV (named by the same rule as the images, and quicker to write), the rest as SVG
    views = [("--date", "2025-05-28"), ("--date", "2025-05-28", "--units", "UA-14,Luhansk"),
             ("--date", "2025-05-28", "--min-share", "5"), ("--date", "2025-05-28", "--demand", "ru-2024-06-four-regions"),
             ("--date", "2025-05-28", "--lang", "uk")]
    images = [("--date", "2025-05-28"), ("--date", "2022-02-23", "--compare", "2025-05-28"),
              ("--date", "2025-12-31", "--scenario", "us-2025-11-28-points"), ("--nato", "--date", "2025-05-28")]
    runs = [(*args, "--format", "csv") for args in views] + [(*args, "--format", "svg") for args in images]
    for args in runs:
        code, _, err = export(cli, *args, "--out", out)
        assert code == 0, (args, err)
    assert len(list((tmp_path / "exports").iterdir())) == len(runs)


def test_file_names_carry_the_filters():
    names = {exports.view_file_name(dt.date(2025, 5, 28), "png", view, lang)
             for view, lang in [(ViewFilter(), "en"), (ViewFilter(("UA-14",)), "en"), (ViewFilter(min_share=5), "en"),
                                (ViewFilter(demand_id="d"), "en"), (ViewFilter(), "uk"),
                                (ViewFilter(tuple(f"UA-{i:02d}" for i in range(5, 30))), "en")]}
    assert len(names) == 6 and all(len(n) < 120 for n in names)


def test_a_trailing_slash_is_a_folder_created_or_refused_clearly(cli, tmp_path):
    code, out, err = export(cli, "--date", "2025-05-28", "--out", f"{tmp_path}/new/")
    assert code == 0, err
    assert (tmp_path / "new" / "ukraine-control-2025-05-28.png").exists()
    code, _, err = export(cli, "--date", "2025-05-28", "--out", f"{tmp_path}/no/such/")
    assert code == 1 and "does not exist" in err and not (tmp_path / "no").exists()


def test_html_shows_title_date_legend_and_credit_on_screen(cli, tmp_path):
    code, _, err = export(cli, "--date", "2025-05-28", "--format", "html", "--out", tmp_path / "map.html")
    assert code == 0, err
    page = (tmp_path / "map.html").read_text(encoding="utf-8")
    body = page[page.index("<body"):]
    box = body[body.index("id='territory-title'"):]
    assert "Russian control of Ukraine by region, 28 May 2025" in box
    assert f"Snapshot of {date_label(dt.date(2025, 5, 28))}" in box  # the date line
    assert "no figure" in box and "75–95 %" in box  # the legend
    assert "Boundaries: geoBoundaries, Natural Earth" in box and "DeepState" in box


def test_lang_uk_gives_a_ukrainian_html_map_and_csv(cli, tmp_path):
    code, _, err = export(cli, "--date", "2025-05-28", "--format", "html", "--lang", "uk", "--out", f"{tmp_path}/")
    assert code == 0, err
    page = (tmp_path / "ukraine-control-2025-05-28-uk.html").read_text(encoding="utf-8")
    box = re.search(r"id='territory-title'.*?Natural Earth[^<]*</div></div>", page, re.DOTALL).group(0)
    box = re.sub(r"<[^>]+>", " ", box[box.index(">") + 1:])  # the text of the title box
    assert control_map_title(dt.date(2025, 5, 28), "uk") in box and "немає даних" in box and "75–95 %" in box
    assert "Межі: geoBoundaries, Natural Earth" in box and "DeepState" in box
    assert not re.search(r"\b(of|the|and|under|Russian|control|Boundaries|Figures)\b", box), box
    code, _, err = export(cli, "--date", "2025-05-28", "--format", "csv", "--lang", "uk", "--out", f"{tmp_path}/")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO((tmp_path / "ukraine-control-2025-05-28-uk.csv").read_text("utf-8"))))
    english = next(csv.reader(io.StringIO(export_data.rows_to_csv(export_data.view_rows(
        load_dataset().snapshots.snapshots[-1], None, ViewFilter(), None, {})).decode("utf-8"))))
    assert list(rows[0]) == [csv_header(column, "uk") for column in english]
    assert {r[csv_header("name", "uk")] for r in rows} >= {"Луганська область", "Автономна Республіка Крим"}
    assert all(not re.search("[A-Za-z]", header) or header == "iso" for header in rows[0]), rows[0]


def test_comparison_csv_has_kind_and_source_columns(cli, tmp_path, snap):
    code, _, err = export(cli, "--date", "2022-03-21", "--compare", "2022-04-07", "--format", "csv",
                          "--out", tmp_path / "c.csv")
    assert code == 0, err
    rows = {r["iso"]: r for r in csv.DictReader(io.StringIO((tmp_path / "c.csv").read_text(encoding="utf-8")))}
    donetsk = snap("2022-03-21").figures["UA-14"]
    assert rows["UA-14"]["before_kind"] == donetsk.kind
    assert rows["UA-14"]["before_sources"] == ";".join(donetsk.sources)
    assert rows["UA-14"]["after_kind"] and rows["UA-14"]["after_sources"] and rows["UA-14"]["after_publishers"]


@pytest.mark.parametrize("args, message", [
    (["--date", "2014-01-01"], "nearest snapshot dates: "),  # years before any map
    (["--date", "2025-05-28", "--units", "UA-14,Atlantis"], "unknown unit(s): Atlantis; valid codes: UA-05"),
    (["--date", "2025-05-28", "--demand", "nope"], "unknown demand 'nope'; valid ids:"),
    (["--date", "2025-05-28", "--format", "bmp"], "unknown format 'bmp'; choose one of png, svg, pdf, html"),
    (["--date", "2025-05-28", "--width", "999"], "unknown width 999; choose one of 1200, 1600, 2400"),
    (["--timelapse", "--format", "png"], "for a timelapse; choose one of gif"),
])
def test_errors_name_the_valid_choices_and_write_nothing(cli, tmp_path, args, message):
    out = tmp_path / "x.png"
    code, _, err = export(cli, *args, "--out", out)
    assert code == 1 and message in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_existing_file_is_kept_without_force(cli, tmp_path):
    out = tmp_path / "map.png"
    out.write_bytes(b"keep me")
    code, _, err = export(cli, "--date", "2025-05-28", "--out", out)
    assert code == 1 and "use --force" in err and out.read_bytes() == b"keep me"
    code, _, _ = export(cli, "--date", "2025-05-28", "--out", out, "--force")
    assert code == 0 and out.read_bytes().startswith(b"\x89PNG")
    assert [p.name for p in tmp_path.iterdir()] == ["map.png"]  # no temporary file left


def test_image_exports_draw_the_days_occupied_area_unless_asked_not_to(cli, tmp_path):
    """As on the map, an image of a day of the series shows DeepState's occupied area of that day as a line in
    the outline colour (the app's download does the same); ``--no-outline`` leaves it out."""
    from territory.base import palette
    from territory.base.paths import data_paths
    from territory.data.outlines import outline_days

    day = outline_days(data_paths().series_dir)[0]
    colour = palette.OCCUPIED_OUTLINE_COLOUR.lower()
    code, _, err = export(cli, "--date", day.isoformat(), "--format", "svg", "--out", tmp_path / "with.svg")
    assert code == 0, err
    code, _, err = export(cli, "--date", day.isoformat(), "--format", "svg", "--no-outline",
                          "--out", tmp_path / "without.svg")
    assert code == 0, err
    assert f"stroke: {colour}" in (tmp_path / "with.svg").read_text(encoding="utf-8").lower()
    assert f"stroke: {colour}" not in (tmp_path / "without.svg").read_text(encoding="utf-8").lower()


def test_html_draws_the_occupied_area_and_gives_two_decimals(cli, tmp_path, dataset):
    """Like the app and the image exports, the HTML map draws DeepState's occupied area of the day, and its
    date line gives the national share with two decimals (issue 23). ``--no-outline`` leaves the line out."""
    from territory.analysis.figures import national_total
    from territory.base.paths import data_paths
    from territory.base.text import format_pct2
    from territory.data.outlines import outline_for

    day = next(s.date for s in reversed(dataset.snapshots.snapshots)
               if outline_for(s.date, data_paths(dataset.root).series_dir))
    code, _, err = export(cli, "--date", day.isoformat(), "--format", "html", "--out", tmp_path / "map.html")
    assert code == 0, err
    page = (tmp_path / "map.html").read_text(encoding="utf-8")
    assert '"kind":"occupied"' in page and "occupied area (DeepState)" in page
    share = format_pct2(national_total(dataset.snapshot(day)).pct_of_ukraine)
    assert f"{share} of Ukraine" in page
    code, _, err = export(cli, "--date", day.isoformat(), "--format", "html", "--no-outline",
                          "--out", tmp_path / "plain.html")
    assert code == 0, err
    assert '"kind":"occupied"' not in (tmp_path / "plain.html").read_text(encoding="utf-8")


def test_an_export_of_spring_2022_says_the_map_was_still_being_drawn_in(cli, tmp_path, dataset):
    from territory.base.text import SPRING_2022, spring_2022_note

    day = next(s.date for s in dataset.snapshots.snapshots if SPRING_2022[0] <= s.date <= SPRING_2022[1])
    from territory.present.render import control_map_figure
    from territory.present.view import ViewFilter

    fig, _panel = control_map_figure(dataset.snapshot(day), None, ViewFilter(), None, dataset.sources)
    assert any(spring_2022_note(day) in " ".join(t.get_text().split()) for t in fig.texts)
    code, _, err = export(cli, "--date", day.isoformat(), "--format", "html", "--out", tmp_path / "map.html")
    assert spring_2022_note(day) in (tmp_path / "map.html").read_text(encoding="utf-8").replace("&#x27;", "'")


def test_a_comparison_with_a_spring_2022_date_says_the_map_was_still_being_drawn_in(dataset):
    from territory.base.text import SPRING_2022, spring_2022_note
    from territory.present.render import comparison_figure

    day = next(s.date for s in dataset.snapshots.snapshots if SPRING_2022[0] <= s.date <= SPRING_2022[1])
    fig, _panels = comparison_figure(dataset.snapshot(day), dataset.snapshots.snapshots[-1], dataset.sources)
    assert any(spring_2022_note(day) in " ".join(t.get_text().split()) for t in fig.texts)
