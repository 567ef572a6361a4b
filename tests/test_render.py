import datetime as dt
import io
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PIL import Image
from pypdf import PdfReader

from territory.base import palette
from territory.export import exports
from territory.present import render
from territory.present.view import REUTERS_UNITS, ViewFilter


def hex_rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def close(a, b, tol=6) -> bool:
    return all(abs(int(x) - int(y)) <= tol for x, y in zip(a, b, strict=True))


def png_pixels(fig) -> np.ndarray:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=render.DPI)
    return np.asarray(Image.open(buf).convert("RGB"))


@pytest.fixture(scope="module")
def view_2025(snapshot_set):
    snapshot = snapshot_set.get(dt.date(2025, 5, 28))
    return snapshot, snapshot_set.previous(snapshot.date)


@pytest.mark.parametrize("width", exports.WIDTHS)
def test_png_header_and_size(view_2025, sources, width):
    snapshot, previous = view_2025
    data = render.render_control_map(snapshot, previous, ViewFilter(), None, sources, "png", width)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert Image.open(io.BytesIO(data)).size[0] == width


@pytest.fixture(scope="module")
def vector_exports(view_2025, sources):
    """The day's map as SVG and PDF, rendered once for the tests below."""
    snapshot, previous = view_2025
    return {fmt: render.render_control_map(snapshot, previous, ViewFilter(), None, sources, fmt) for fmt in ("svg", "pdf")}


def test_svg_has_vector_paths_and_pdf_one_page(view_2025, sources, vector_exports):
    snapshot, previous = view_2025
    root = ET.fromstring(vector_exports["svg"])
    assert len(root.findall(".//{http://www.w3.org/2000/svg}path")) > 50
    pdf = vector_exports["pdf"]
    assert pdf.startswith(b"%PDF") and len(PdfReader(io.BytesIO(pdf)).pages) == 1
    cmp_pdf = render.render_comparison(snapshot, previous, sources, "pdf")
    assert len(PdfReader(io.BytesIO(cmp_pdf)).pages) == 1


def test_deterministic_bytes(view_2025, sources, vector_exports):
    snapshot, previous = view_2025
    for fmt in ("svg", "pdf"):  # a second rendering, byte for byte the first
        assert render.render_control_map(snapshot, previous, ViewFilter(), None, sources, fmt) == vector_exports[fmt], fmt
    png_a = render.render_control_map(snapshot, previous, ViewFilter(), None, sources, "png")
    png_b = render.render_control_map(snapshot, previous, ViewFilter(), None, sources, "png")
    assert np.array_equal(np.asarray(Image.open(io.BytesIO(png_a))), np.asarray(Image.open(io.BytesIO(png_b))))


def test_pixels_match_the_palette(snapshot_set, sources):
    snapshot = snapshot_set.get(dt.date(2022, 3, 21))
    view = ViewFilter(units=REUTERS_UNITS)
    fig, panel = render.control_map_figure(snapshot, None, view, None, sources, 1600)
    pixels = png_pixels(fig)
    for iso in ("UA-14", "UA-65", "UA-59", "UA-63"):
        x, y = render.unit_pixel(fig, panel, iso)
        # sample a little off the label box: just below and left of the representative point
        expected = hex_rgb(palette.control_colour(snapshot.figures[iso].controlled_pct))
        samples = [pixels[y + dy, x + dx] for dx in (-30, 30) for dy in (-25, 25)]
        assert any(close(s, expected) for s in samples), (iso, samples, expected)
    for iso in ("UA-46", "UA-32"):  # filtered out: grey
        x, y = render.unit_pixel(fig, panel, iso)
        samples = [pixels[y + dy, x + dx] for dx in (-20, 0, 20) for dy in (-15, 0, 15)]
        assert any(close(s, hex_rgb(palette.FILTERED_COLOUR)) for s in samples), (iso, samples)


def test_comparison_change_map_shows_gain_and_loss(snapshot_set, sources):
    before, after = snapshot_set.get(dt.date(2022, 3, 21)), snapshot_set.get(dt.date(2022, 4, 7))
    fig, panels = render.comparison_figure(before, after, sources, 1600)
    pixels = png_pixels(fig)
    change = panels[2]
    loss = hex_rgb(palette.change_colour(-23.9))  # Kyiv oblast lost
    gain = hex_rgb(palette.change_colour(1.3))  # Luhansk gained
    for iso, colour in (("UA-32", loss), ("UA-09", gain)):
        x, y = render.unit_pixel(fig, change, iso)
        samples = [pixels[y + dy, x + dx] for dx in (-4, 0, 4) for dy in (-4, 0, 4)]
        assert any(close(s, colour) for s in samples), (iso, samples, colour)


def test_gif_one_frame_per_snapshot_in_order(snapshot_set, sources):
    chosen = snapshot_set.snapshots[:6]  # the curated pre-war and March 2022 snapshots, then series days
    data = render.render_timelapse(list(reversed(chosen)), sources, width_px=400)
    assert data[:6] in (b"GIF87a", b"GIF89a")
    gif = Image.open(io.BytesIO(data))
    assert gif.n_frames == len(chosen)
    # frames are in date order: the first frame (2022-02-23) has Kyiv oblast at 0 %, the second (03-21) not
    firsts = []
    for index in (0, 1):
        gif.seek(index)
        firsts.append(np.asarray(gif.convert("RGB")).copy())
    assert not np.array_equal(firsts[0], firsts[1])


def test_ukrainian_labels_render_with_a_cyrillic_font(view_2025, sources):
    import warnings
    snapshot, previous = view_2025
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph missing from font" for missing glyphs
        render.render_control_map(snapshot, previous, ViewFilter(), None, sources, "png", 1200, lang="uk")


def test_unknown_format_and_width(view_2025, sources):
    snapshot, previous = view_2025
    with pytest.raises(render.RenderError, match="png, svg, pdf"):
        render.render_control_map(snapshot, previous, ViewFilter(), None, sources, "bmp")
    with pytest.raises(render.RenderError, match="1200, 1600, 2400"):
        render.render_control_map(snapshot, previous, ViewFilter(), None, sources, "png", 999)


def test_nato_map_renders():
    data = render.render_nato_map(dt.date(2025, 5, 28), "png", 1200)
    assert Image.open(io.BytesIO(data)).size[0] == 1200


def test_neighbour_names_are_whole_or_absent(snapshot_set, sources):
    """In the narrow panels of the comparison, a neighbour's name is never cut by the panel edge or by
    Ukraine's units drawn over it (it used to read "LOVAKIA", "UNGARY")."""
    before, after = snapshot_set.snapshots[0], snapshot_set.snapshots[-1]
    fig, panels = render.comparison_figure(before, after, sources, 1600)
    renderer = fig.canvas.get_renderer()
    names = set(render.NEIGHBOUR_LABELS.values())
    shown = 0
    for panel in panels:
        box = panel.ax.get_window_extent(renderer)
        for text in panel.ax.texts:
            if text.get_text() in names:
                shown += 1
                extent = text.get_window_extent(renderer)
                assert box.x0 <= extent.x0 and extent.x1 <= box.x1 and box.y0 <= extent.y0 and extent.y1 <= box.y1
                on_data = extent.transformed(panel.ax.transData.inverted())
                assert not any(p.intersects_bbox(on_data, filled=True) for p in render.unit_paths().values())
    assert shown >= 3


def test_rendering_leaves_matplotlib_settings_alone(view_2025, sources):
    import matplotlib
    before = dict(matplotlib.rcParams)
    snapshot, previous = view_2025
    render.render_control_map(snapshot, previous, ViewFilter(), None, sources, "svg")
    assert dict(matplotlib.rcParams) == before


def test_colours_are_written_only_in_the_palette():
    import re
    from pathlib import Path
    package = Path(render.__file__).parent
    # series_compute.py names DeepState's own fill colours to recognise its map's features: data, not drawing.
    for path in package.glob("*.py"):
        if path.name not in ("palette.py", "series_compute.py"):
            assert not re.search(r"[\"']#[0-9a-fA-F]{3,6}[\"']", path.read_text(encoding="utf-8")), path.name


def _texts_fit(fig) -> None:
    renderer = fig.canvas.get_renderer()
    for text in fig.texts:
        box = text.get_window_extent(renderer)
        assert fig.bbox.x0 <= box.x0 and box.x1 <= fig.bbox.x1, text.get_text()[:60]


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_every_text_of_the_nato_map_fits_the_page(monkeypatch, lang):
    """The pledge line under the title once ran off the right edge of the page."""
    kept = {}

    def keep(fig, fmt):
        kept["fig"] = fig
        return b""

    monkeypatch.setattr(render, "_save", keep)
    render.render_nato_map(dt.date(2025, 5, 28), "png", 1200, lang=lang)
    _texts_fit(kept["fig"])


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_every_text_of_a_filtered_control_map_fits_the_page(view_2025, sources, demands, lang):
    """The longest subtitle: a filter and a demand (and units without a figure, where the date has any)."""
    snapshot, previous = view_2025
    demand = next(d for d in demands.values() if d.units)
    fig, _ = render.control_map_figure(snapshot, previous, ViewFilter(units=("UA-14",), min_share=5), demand,
                                       sources, 1200, lang)
    _texts_fit(fig)


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_no_legend_covers_a_neighbour_name(dataset, lang):
    """The export legend covered the "ROMANIA" label (issue 23): a name the legend would cover is left out."""
    from territory.base.paths import data_paths
    from territory.data.outlines import outline_for
    from territory.present.render import NEIGHBOUR_LABELS, _neighbour_label, control_map_figure
    from territory.present.view import ViewFilter

    series = data_paths(dataset.root).series_dir
    snapshot = next(s for s in reversed(dataset.snapshots.snapshots) if outline_for(s.date, series))
    fig, panel = control_map_figure(snapshot, None, ViewFilter(units=("UA-14",)), None, dataset.sources, lang=lang,
                                    outline=outline_for(snapshot.date, series))  # the tallest legend
    fig.canvas.draw()  # the legend is placed when drawn
    renderer = fig.canvas.get_renderer()
    names = {_neighbour_label(iso3, lang) for iso3 in NEIGHBOUR_LABELS}
    legend = panel.ax.get_legend().get_window_extent(renderer)
    covered = [t.get_text() for t in panel.ax.texts
               if t.get_text() in names and t.get_window_extent(renderer).overlaps(legend)]
    assert not covered, covered


def test_the_comparison_legends_stay_inside_the_image(dataset):
    """Found on the walk: the change legend of the comparison export ran off the image's right edge."""
    from territory.present.render import comparison_figure

    snapshots = dataset.snapshots.snapshots
    fig, panels = comparison_figure(snapshots[0], snapshots[-1], dataset.sources, width_px=1200)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    page = fig.bbox
    for panel in panels:
        legend = panel.ax.get_legend()
        if legend is not None:
            box = legend.get_window_extent(renderer)
            assert page.x0 <= box.x0 and box.x1 <= page.x1, (box, page)
