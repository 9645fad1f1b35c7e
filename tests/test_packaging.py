"""Installed, flowatlas is one import package with a console script, in both install modes (issue 2, item 1)."""
from __future__ import annotations

import shutil
import subprocess
import venv
from pathlib import Path

import pytest
from conftest import PROJECT

CHECK = (
    "import importlib.util, flowatlas, flowatlas.graph.store, flowatlas.loaders.extract;"
    "from flowatlas.graph.reference import load_reference;"
    "assert load_reference().aliases;"
    "assert importlib.util.find_spec('graph') is None and importlib.util.find_spec('loaders') is None;"
    "print(flowatlas.__file__)"
)


@pytest.mark.parametrize("editable", [False, True], ids=["pip-install", "pip-install-editable"])
def test_install_gives_one_package_and_a_console_script(tmp_path: Path, editable: bool):
    source = tmp_path / "src"
    shutil.copytree(PROJECT, source, ignore=shutil.ignore_patterns(".git", "*.egg-info", "build", "__pycache__",
                                                                  "atlas", ".venv", ".pytest_cache"))
    env_dir = tmp_path / "venv"
    # A clean environment installing from the package registry, exactly as a user's `pip install` would.
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    install = [str(python), "-m", "pip", "install", "-q"]
    subprocess.run(install + (["-e", str(source)] if editable else [str(source)]), check=True, cwd=tmp_path)
    shown = subprocess.run([str(python), "-c", CHECK], capture_output=True, text=True, cwd=tmp_path, check=True)
    assert ("src" in shown.stdout) == editable
    store = tmp_path / "atlas"
    built = subprocess.run([str(env_dir / "bin" / "flowatlas"), "build", "--store", str(store)],
                           capture_output=True, text=True, check=True, cwd=tmp_path)
    assert "built 2 documents (2 from curated sheets)" in built.stderr  # the sheets ship with the package
    flows = subprocess.run([str(env_dir / "bin" / "flowatlas"), "flows", "--store", str(store), "--format", "csv"],
                           capture_output=True, text=True, check=True, cwd=tmp_path)
    assert "2023-0020534" in flows.stdout
    page = tmp_path / "atlas.html"  # the page's script, style and template ship with the package (issue 9)
    subprocess.run([str(env_dir / "bin" / "flowatlas"), "view", "--store", str(store), "--out", str(page)],
                   capture_output=True, text=True, check=True, cwd=tmp_path)
    assert "vis-network" in page.read_text(encoding="utf-8") and 'id="atlas-data"' in page.read_text(encoding="utf-8")
