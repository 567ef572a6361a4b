"""The Places view's exports (issue 25), through the export registry: the map as PNG, SVG and PDF with its
credits drawn and in the file, the table as CSV with the figures of the series, the Compare page's settlements
that changed hands as CSV. Each test opens the bytes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from territory.base import formats
from territory.base.paths import data_root
from territory.data.outlines import outline_for
from territory.data.settlements import changed_between, ledger
from territory.data.subunit_series import series_days, summary_rows
from territory.export import exports
from territory.present.places_view import credits

UNIT, LEVEL = "UA-14", "hromada"
OSM = "© OpenStreetMap contributors (ODbL 1.0), via darmat1/ukraine-geo-data"


@pytest.fixture(scope="module")
def day() -> dt.date:
    """A day of the series in its last year (from the data, not "today")."""
    days = series_days()
    return days[len(days) * 9 // 10]


@pytest.fixture(scope="module")
def images(day) -> dict[str, bytes]:
    outline = outline_for(day, data_root() / "series")
    assert outline is not None
    marker = ("Pokrovsk <&> \"test\"", 48.28, 37.18)  # a name with markup characters: escaped in the SVG
    return {fmt: exports.places_bytes(fmt, UNIT, LEVEL, day, outline, marker, 1200) for fmt in formats.IMAGE_FORMATS}


def test_places_is_a_kind_of_the_registry_with_images_and_csv():
    assert formats.KIND_FORMATS["places"] == ("png", "svg", "pdf", "csv")
    assert formats.KIND_FORMATS["settlements"] == ("csv",)
    assert "places" in formats.IMAGE_LABELS
    with pytest.raises(formats.ExportError, match="png, svg, pdf, csv"):
        exports.places_bytes("gif", UNIT, LEVEL, dt.date(2025, 1, 1))


def test_png_has_the_width_asked_for_and_the_credits_in_its_text(images):
    png = images["png"]
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    image = Image.open(io.BytesIO(png))
    assert image.size[0] == 1200 and image.size[1] > 800
    assert OSM in image.text["Copyright"] and "GeoNames (CC BY 4.0)" in image.text["Copyright"]


def test_svg_parses_and_holds_the_credits_and_the_settlement_escaped(images):
    svg = images["svg"]
    root = ET.fromstring(svg)  # well-formed: every text escaped
    texts = " ".join(t for t in root.itertext())
    assert OSM in texts and "GeoNames (CC BY 4.0)" in texts and "DeepState" in texts
    assert b"<&>" not in svg  # the settlement's name is drawn as paths, its markup never raw
    assert len(root.findall(".//{http://www.w3.org/2000/svg}path")) > 100


def test_pdf_is_one_page_with_its_credits(images):
    from pypdf import PdfReader

    pdf = images["pdf"]
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    assert OSM in reader.metadata.subject and "GeoNames (CC BY 4.0)" in reader.metadata.subject
    text = reader.pages[0].extract_text()
    assert "OpenStreetMap" in text and "DeepState" in text


def test_the_same_view_gives_the_same_bytes(images, day):
    outline = outline_for(day, data_root() / "series")
    marker = ("Pokrovsk <&> \"test\"", 48.28, 37.18)
    assert exports.places_bytes("svg", UNIT, LEVEL, day, outline, marker, 1200) == images["svg"]


def test_csv_holds_each_hromadas_figures_of_the_day_and_the_credits(day):
    rows = {r["code"]: r for r in summary_rows(day, LEVEL, UNIT)}
    table = list(csv.DictReader(io.StringIO(exports.places_bytes("csv", UNIT, LEVEL, day).decode("utf-8"))))
    assert {r["code"] for r in table} == set(rows)
    for row in table:
        expected = rows[row["code"]]
        assert row["date"] == day.isoformat() and row["unit"] == UNIT and row["level"] == LEVEL
        assert float(row["controlled_pct"]) == pytest.approx(expected["controlled_pct"])
        assert float(row["controlled_km2"]) == pytest.approx(expected["controlled_km2"])
        assert row["sources"] == credits("en")
    shares = [float(r["controlled_pct"]) for r in table]
    assert shares == sorted(shares, reverse=True)


def test_ukrainian_csv_has_translated_headers(day):
    text = exports.places_bytes("csv", UNIT, "raion", day, lang="uk").decode("utf-8")
    header = text.splitlines()[0].split(",")
    assert "код" in header and "джерела" in header
    assert exports.places_file_name(UNIT, "raion", day, "csv", lang="uk") == f"ukraine-raions-{UNIT}-{day}-uk.csv"


def test_settlements_that_changed_hands_as_csv():
    book = ledger()
    days = sorted(set(book["date"]))
    before, after = days[len(days) // 2], days[-1]
    changed = changed_between(before, after)
    assert len(changed) > 0
    table = list(csv.DictReader(io.StringIO(exports.settlements_bytes("csv", before, after).decode("utf-8"))))
    assert [int(r["geonameid"]) for r in table] == list(changed["geonameid"])
    assert sum(int(r["population_prewar"]) for r in table) == int(changed["population_prewar"].sum())
    assert all("GeoNames (CC BY 4.0)" in r["sources"] for r in table)
    assert exports.settlements_file_name(before, after) == f"ukraine-settlements-changed-{before}-to-{after}.csv"


def test_the_command_line_exports_the_same_places_view(cli, tmp_path, day):
    code, out, err = cli("export", "--date", day, "--level", "raion", "--units", "Donetsk", "--format", "csv",
                         "--lang", "uk", "--out", f"{tmp_path}/")
    assert code == 0, err
    written = tmp_path / exports.places_file_name(UNIT, "raion", day, "csv", lang="uk")
    assert written.read_bytes() == exports.places_bytes("csv", UNIT, "raion", day, lang="uk")
    code, _out, err = cli("export", "--date", day, "--level", "hromada", "--units", "UA-14,UA-23", "--out",
                          f"{tmp_path}/")
    assert code != 0 and "give one oblast in --units" in err
    code, _out, err = cli("export", "--date", day, "--level", "hromada", "--units", "UA-14", "--format", "html",
                          "--out", f"{tmp_path}/")
    assert code != 0 and "png, svg, pdf, csv" in err
