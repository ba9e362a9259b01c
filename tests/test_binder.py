"""Binder: the launch links open JupyterLab at the right notebook, postBuild is sound, nothing needs the web.

``tests/test_environment.py`` checks ``environment.yml`` itself (parses, pins Python,
installs the package, lists every runtime dependency).
"""
from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
BINDER = re.compile(r"https://mybinder\.org/v2/gh/([\w.-]+/[\w.-]+)/([\w.-]+)\?urlpath=([^)\s\"']+)")
NETWORK_MODULES = {"urllib.request", "http.client", "requests", "httpx", "socket", "urllib3", "aiohttp", "ftplib"}


def test_repo2docker_reads_the_root_environment():
    for folder in ("binder", ".binder"):
        assert not (ROOT / folder).exists(), f"a {folder}/ folder would make Binder ignore the root environment.yml"
    assert not (ROOT / "Dockerfile").exists()
    assert (ROOT / "environment.yml").exists()


def test_readme_binder_link_opens_the_start_notebook_in_jupyterlab():
    links = BINDER.findall((ROOT / "README.md").read_text(encoding="utf-8"))
    assert links, "README.md needs the Binder badge"
    assert {urlpath for *_, urlpath in links} == {"lab/tree/notebooks/00_start_here.ipynb"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_each_notebook_binder_link_opens_itself(path):
    title = nbformat.read(path, as_version=4).cells[0].source
    readme = BINDER.findall((ROOT / "README.md").read_text(encoding="utf-8"))
    links = BINDER.findall(title)
    assert links == [(readme[0][0], readme[0][1], f"lab/tree/notebooks/{path.name}")]


def _postbuild_settings() -> dict:
    text = (ROOT / "postBuild").read_text()
    return json.loads(text.split("<<'JSON'\n", 1)[1].split("\nJSON", 1)[0])


def test_postbuild_is_an_executable_bash_script_that_writes_valid_settings(tmp_path):
    script = ROOT / "postBuild"
    assert os.access(script, os.X_OK), "postBuild must be executable (chmod +x)"
    subprocess.run(["bash", "-n", str(script)], check=True)
    settings = _postbuild_settings()
    assert settings["@jupyterlab/apputils-extension:notification"] == {"fetchNews": "false", "checkForUpdates": False}
    student = tmp_path / "student"
    home = tmp_path / "home"
    env = {**os.environ, "NB_PYTHON_PREFIX": str(tmp_path), "CRM_LESSONS_STUDENT_DIR": str(student),
           "HOME": str(home), "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    env.pop("JUPYTER_CONFIG_DIR", None)   # Binder's: ~/.jupyter
    subprocess.run(["bash", str(script)], check=True, env=env, capture_output=True)
    written = tmp_path / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    assert json.loads(written.read_text()) == settings
    # JupyterLab gets the Chinese font (tools/lab_zh.py --fonts-only); the language is left alone.
    config = home / ".jupyter"
    assert json.loads((config / "jupyter_server_config.json").read_text()) == {"LabApp": {"custom_css": True}}
    assert "@font-face" in (config / "custom" / "custom.css").read_text()
    assert (config / "custom" / "NotoSansSC-Regular-subset.otf").stat().st_size > 1_000_000
    assert not (config / "lab").exists()
    built = sorted(p.name for p in (student / "notebooks").glob("*.ipynb"))
    assert built == [p.name for p in NOTEBOOKS], "postBuild writes the student version the badges open"


def _imported_modules(source: str) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def test_nothing_at_run_time_reaches_for_the_network():
    offenders = []
    for path in sorted((ROOT / "crm_lessons").rglob("*.py")):
        hits = _imported_modules(path.read_text(encoding="utf-8")) & NETWORK_MODULES
        if hits:
            offenders.append(f"{path.relative_to(ROOT)} imports {sorted(hits)}")
    for path in NOTEBOOKS:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code" and (re.search(r"https?://", cell.source)
                                              or _imported_modules_safe(cell.source) & NETWORK_MODULES):
                offenders.append(f"{path.name}: {cell.source[:80]!r}")
    assert not offenders, "run-time code must work offline:\n" + "\n".join(offenders)


def _imported_modules_safe(source: str) -> set[str]:
    lines = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))
    try:
        return _imported_modules(lines)
    except SyntaxError:
        return set()


def test_make_lab_writes_the_same_settings_without_building_anything(tmp_path):
    """`make lab` runs postBuild --settings-only into the venv: no news prompt, no student/ folder."""
    dry = subprocess.run(["make", "-n", "-B", "lab", f"VENV={tmp_path}/venv", "STAMP="], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    assert f'NB_PYTHON_PREFIX="{tmp_path}/venv" bash postBuild --settings-only' in dry
    student = tmp_path / "student"
    env = {**os.environ, "NB_PYTHON_PREFIX": str(tmp_path / "venv"), "CRM_LESSONS_STUDENT_DIR": str(student)}
    settings = tmp_path / "venv" / "share" / "jupyter" / "lab" / "settings"
    settings.mkdir(parents=True)
    (settings / "overrides.json").write_text('{"mine": true}')
    subprocess.run(["bash", str(ROOT / "postBuild"), "--settings-only"], check=True, env=env)
    assert json.loads((settings / "overrides.json").read_text()) == _postbuild_settings()
    (backup,) = settings.glob("overrides.json.backup-*")
    assert json.loads(backup.read_text()) == {"mine": True}
    assert not student.exists()
