"""Exports draw DeepState's occupied area over the units without hiding their colours, and credit it."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from territory.base.filedates import date_map_file
from territory.build.compute import compute_day
from territory.data.snapshots import Snapshot, UnitFigure
from territory.present import render
from territory.present.view import ViewFilter

FIXTURE = Path(__file__).parent / "fixtures" / "deepstate" / "1672528847.geojson"


@pytest.fixture(scope="module")
def day():
    when, _, _ = date_map_file(FIXTURE.name)
    return compute_day(when, FIXTURE.name, FIXTURE.read_bytes())


@pytest.fixture(scope="module")
def snapshot(day):
    figures = {r.iso: UnitFigure(r.iso, r.controlled_pct, r.low_pct, r.high_pct, "estimate", ("x",))
               for r in day.rows}
    return Snapshot(day.day, figures)


def _png(snapshot, outline) -> np.ndarray:
    data = render.render_control_map(snapshot, None, ViewFilter(), None, {}, "png", 1200, outline=outline)
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))


def test_the_outline_is_drawn_but_leaves_the_colours_visible(snapshot, day):
    plain, outlined = _png(snapshot, None), _png(snapshot, day.outline)
    changed = np.any(plain != outlined, axis=2).mean()
    assert 0.002 < changed < 0.15  # lines and a light hatch, not a fill


def test_the_caption_credits_deepstate_and_the_legend_names_the_areas(snapshot, day):
    fig, panel = render.control_map_figure(snapshot, None, ViewFilter(), None, {}, 1200, outline=day.outline)
    captions = " ".join(t.get_text() for t in fig.texts)
    assert f"DeepState map of {dt.date(2022, 12, 31)}" in captions
    labels = [t.get_text() for t in panel.ax.get_legend().get_texts()]
    assert "occupied area (DeepState)" in labels and "grey zone (DeepState)" in labels


def test_without_an_outline_nothing_is_credited(snapshot):
    fig, _ = render.control_map_figure(snapshot, None, ViewFilter(), None, {}, 1200)
    assert "DeepState map of" not in " ".join(t.get_text() for t in fig.texts)
