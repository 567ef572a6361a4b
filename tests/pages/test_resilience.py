"""The app keeps serving when data files are broken, missing or hostile."""

import re

import pytest

from tests.dataroot import copy_data_root
from tests.payloads import build_payload_data

from .conftest import map_date, run_app

run = run_app


def test_broken_snapshot_and_missing_demands(tmp_path, monkeypatch):
    paths = copy_data_root(tmp_path)
    (paths.snapshot_dir / "2025-05-28.csv").write_text("unit,controlled_pct,kind,sources\nAtlantis,500,estimate,x\n")
    paths.demands_yaml.unlink()
    monkeypatch.setenv("TERRITORY_DATA_ROOT", str(paths.root))
    from territory.data.dataset import load_dataset

    valid_dates = len(load_dataset(paths.root).dates)  # every date but the broken file's
    assert valid_dates > 1
    at = run()
    warnings = " ".join(e.label for e in at.expander)
    assert "were refused" in warnings
    refused = " ".join(c.value for c in at.code)
    assert "2025-05-28.csv:2: unit: unknown unit 'Atlantis'" in refused
    assert "demands/demands.yaml:0: cannot read file" in refused
    assert len(map_date(at).options) == valid_dates  # every valid snapshot still usable
    for page in ("pages/compare.py", "pages/demands.py", "pages/data.py"):
        run(page)


def test_missing_sources_registry_keeps_serving(tmp_path, monkeypatch):
    paths = copy_data_root(tmp_path)
    paths.sources_csv.unlink()
    monkeypatch.setenv("TERRITORY_DATA_ROOT", str(paths.root))
    for page in (None, "pages/compare.py", "pages/demands.py", "pages/data.py"):
        at = run(page)
        assert at.error, page


@pytest.mark.parametrize("page", [None, "pages/compare.py", "pages/demands.py", "pages/data.py"])
def test_payloads_are_shown_as_text(tmp_path, monkeypatch, page):
    monkeypatch.setenv("TERRITORY_DATA_ROOT", str(build_payload_data(tmp_path)))
    at = run(page)
    for element in list(at.markdown) + list(at.caption):
        value = element.value
        if "onerror" in value or "alert" in value:
            # markdown from data is escaped: every "<" of a payload is backslash-escaped, so it shows as text
            assert not re.search(r"(?<!\\)<(img|script|svg)", value), value
    assert not any(getattr(m, "allow_html", False) and "alert" in m.value for m in at.markdown)
