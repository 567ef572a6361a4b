"""The registry of export formats is the one place to add a format: a new one reaches the command line's choices
and the app's download row with no other change."""

from __future__ import annotations

import pytest

from territory.base import formats
from territory.export import exports


@pytest.fixture
def fake_format(monkeypatch):
    """A made-up format offered for the control map's view, written by a made-up writer."""
    fake = formats.ExportFormat("txt", "text/plain", "plain text", "Plain text (TXT)")
    monkeypatch.setitem(formats.FORMATS, "txt", fake)
    monkeypatch.setitem(formats.KIND_FORMATS, "view", formats.KIND_FORMATS["view"] + ("txt",))
    real = exports.view_bytes
    monkeypatch.setattr(exports, "view_bytes",
                        lambda fmt, *args, **kwargs: b"fake" if fmt == "txt" else real(fmt, *args, **kwargs))
    return fake


def test_a_new_format_is_among_the_command_lines_choices(fake_format, cli, capsys):
    code, out, _err = cli("export", "--help")
    assert code == 0 and "png, svg, pdf, html, csv, geojson, txt" in " ".join(out.split())


def test_a_new_format_gets_its_button_in_the_apps_download_row(fake_format):
    from tests.pages.conftest import run_app

    at = run_app()
    buttons = {b.label: b for b in at.get("download_button")}
    assert "Plain text (TXT)" in buttons
    assert {"Data (CSV)", "Data (GeoJSON)", "Interactive map (HTML)"} <= set(buttons)


def test_every_kind_with_images_names_its_image_button():
    with_images = [kind for kind, fmts in formats.KIND_FORMATS.items() if set(fmts) & set(formats.IMAGE_FORMATS)]
    assert set(with_images) <= set(formats.IMAGE_LABELS)
    assert all(formats.FORMATS[f].label for fmts in formats.KIND_FORMATS.values() for f in fmts
               if f not in formats.IMAGE_FORMATS and f != "gif")
