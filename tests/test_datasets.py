"""crm.datasets: catalogue, offline loading from anywhere, checksums, data cards, regeneration."""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import crm_lessons as crm
from crm_lessons import datasets
from crm_lessons.simulate.write import synthetic_tables, to_csv_bytes

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "datasets"


def test_available_lists_every_file_with_rows_source_and_licence():
    table = crm.datasets.available()
    assert list(table.columns) == ["name", "rows", "description", "source", "licence"]
    assert set(table["name"]) == set(datasets.CATALOGUE)
    assert (table["rows"] > 0).all()
    cdnow = table.set_index("name").loc["cdnow"]
    assert cdnow["rows"] == 69659 and "Fader" in cdnow["source"] and "MIT" in cdnow["licence"]


def test_cdnow_matches_the_published_description():
    cdnow = crm.datasets.load("cdnow")
    assert cdnow["customer_id"].nunique() == 23570
    assert cdnow["date"].min() == pd.Timestamp("1997-01-01") and cdnow["date"].max() <= pd.Timestamp("1998-06-30")
    sample = crm.datasets.load("cdnow_sample")
    assert sample["customer_id"].nunique() == 2357
    assert set(sample["master_id"]) <= set(cdnow["customer_id"])


def test_load_parses_dates_and_returns_a_fresh_copy():
    orders = crm.datasets.load("orders")
    assert pd.api.types.is_datetime64_any_dtype(orders["order_date"])
    orders.loc[0, "amount"] = -1
    assert crm.datasets.load("orders").loc[0, "amount"] != -1


def test_unknown_name_lists_the_available_datasets():
    with pytest.raises(datasets.DatasetError, match=r"no dataset 'nope'.*customers.*cdnow"):
        crm.datasets.load("nope")
    with pytest.raises(TypeError, match="name must be a dataset name"):
        crm.datasets.load(3)


@pytest.fixture()
def data_copy(tmp_path, monkeypatch):
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    monkeypatch.setenv("CRM_LESSONS_DATA", str(copy))
    return copy


def test_altered_file_is_reported_by_name(data_copy):
    with (data_copy / "products.csv").open("a") as handle:
        handle.write("P999,Fake,Books,1.0,1.0,0.0\n")
    with pytest.raises(datasets.DatasetError, match=r"products\.csv has been altered.*git checkout"):
        crm.datasets.load("products")


def test_missing_file_is_reported_with_what_to_do(data_copy):
    (data_copy / "survey.csv").unlink()
    with pytest.raises(datasets.DatasetError, match=r"'survey' should be at .*missing.*git checkout"):
        crm.datasets.load("survey")


def test_data_cards_match_files_and_checksums():
    sums = datasets.expected_checksums()
    assert set(sums) == {info.file for info in datasets.CATALOGUE.values()}
    for name, info in datasets.CATALOGUE.items():
        digest = hashlib.sha256((DATA / info.file).read_bytes()).hexdigest()
        assert sums[info.file] == digest
        card = crm.datasets.describe(name).text
        assert digest in card and "| column | type |" in card
        rows = len(pd.read_csv(DATA / info.file))
        assert f"Rows: {rows:,}" in card


def test_bundled_synthetic_files_are_exactly_what_the_generator_writes(simulated_company):
    sums = datasets.expected_checksums()
    tables = synthetic_tables(sim=simulated_company)
    assert len(tables) == 10
    for file, frame in tables.items():
        assert hashlib.sha256(to_csv_bytes(frame)).hexdigest() == sums[file], f"{file} differs from the generator"


def _run(code: str, cwd: Path, **env) -> str:
    full_env = {k: v for k, v in os.environ.items() if k != "CRM_LESSONS_DATA"} | env
    result = subprocess.run([sys.executable, "-c", code], cwd=cwd, env=full_env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_loads_from_any_working_directory(tmp_path):
    out = _run("import crm_lessons as crm; print(len(crm.datasets.load('products')))", tmp_path)
    assert out.strip() == str(len(crm.datasets.load("products")))


def test_loads_from_a_regular_wheel_install(tmp_path):
    wheel_dir = tmp_path / "wheel"
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                            "--quiet", "-w", str(wheel_dir), str(ROOT)], capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr
    (wheel,) = wheel_dir.glob("*.whl")
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(site)
    assert (site / "crm_lessons" / "bundled_datasets" / "checksums.sha256").is_file()
    out = _run("import crm_lessons as crm; print(crm.__file__); print(crm.datasets.data_dir());"
               "print(len(crm.datasets.load('cdnow')))", tmp_path, PYTHONPATH=str(site))
    module, folder, rows = out.split()
    assert module.startswith(str(site)) and folder.startswith(str(site)) and rows == "69659"
