"""The project installs: ``pip install -e .`` in a fresh virtual environment, then ``territory validate`` from
another folder finds the package and its data root. Done on a copy of the project, never in the shared
environment; the dependencies come from this interpreter's site-packages, only the build backend
(setuptools) from the package index."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from territory.base.paths import REPO_ROOT
from tests.dataroot import DATA_FOLDERS

pytestmark = pytest.mark.slow


def _copy_project(target: Path) -> Path:
    target.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO_ROOT / name, target / name)
    shutil.copytree(REPO_ROOT / "territory", target / "territory", ignore=shutil.ignore_patterns("__pycache__"))
    for name in DATA_FOLDERS:
        shutil.copytree(REPO_ROOT / name, target / name)
    return target


def test_editable_install_gives_a_territory_command_that_works_anywhere(tmp_path):
    project = _copy_project(tmp_path / "project")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", venv], check=True, capture_output=True, timeout=300)
    bin_dir = venv / ("Scripts" if sys.platform == "win32" else "bin")
    purelib = Path(subprocess.run([bin_dir / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                  check=True, capture_output=True, text=True).stdout.strip())
    (purelib / "shared-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    install = subprocess.run([bin_dir / "python", "-m", "pip", "install", "-q", "--no-deps", "-e", project],
                             capture_output=True, text=True, timeout=600)
    assert install.returncode == 0, install.stderr[-3000:]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for command in ([bin_dir / "territory", "validate"], [bin_dir / "python", "-m", "territory", "validate"]):
        proc = subprocess.run(command, cwd=elsewhere, capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0 and proc.stdout.startswith("OK: "), proc.stderr[-3000:]
