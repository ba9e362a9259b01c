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
    with pytest.raises(datasets.DatasetError, match=r"products\.csv has been altered.*"
                                                    r"git -c core\.autocrlf=false checkout -- datasets/products\.csv"):
        crm.datasets.load("products")


def test_missing_file_is_reported_with_what_to_do(data_copy):
    (data_copy / "survey.csv").unlink()
    with pytest.raises(datasets.DatasetError,
                       match=r"'survey' should be at .*missing.*git -c core\.autocrlf=false checkout"):
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


# --- issue #15 item 3 and item 13: any checkout, damaged metadata, a wrong data folder ---------------

def test_gitattributes_keeps_dataset_line_endings():
    rules = (ROOT / ".gitattributes").read_text().splitlines()
    assert "datasets/*.csv -text" in rules and "*.ipynb text eol=lf" in rules
    out = subprocess.run(["git", "check-attr", "text", "--", "datasets/orders.csv"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("text: unset")


def test_windows_line_endings_load_the_same(data_copy):
    for file in ("products.csv", "orders.csv"):
        path = data_copy / file
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    products = crm.datasets.load("products")
    orders = crm.datasets.load("orders")
    pd.testing.assert_frame_equal(products, pd.read_csv(DATA / "products.csv"))
    assert orders["order_date"].dtype.kind == "M" and len(orders) == len(pd.read_csv(DATA / "orders.csv"))


def test_a_crlf_file_that_is_also_changed_is_still_reported(data_copy):
    path = data_copy / "products.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n") + b"P999,Fake,Books,1.0,1.0,0.0\r\n")
    with pytest.raises(datasets.DatasetError, match=r"also with its line endings ignored.*core\.autocrlf=false"):
        crm.datasets.load("products")


def test_a_git_clone_with_autocrlf_loads_every_dataset(tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "-c", "core.autocrlf=true", "clone", "--quiet", "--no-checkout", str(ROOT), str(clone)],
                   check=True, capture_output=True, timeout=120)
    subprocess.run(["git", "-c", "core.autocrlf=true", "checkout", "--quiet", "HEAD", "--", "datasets"],
                   cwd=clone, check=True, capture_output=True, timeout=120)
    out = _run("import crm_lessons as crm\nfor n in crm.datasets.CATALOGUE: crm.datasets.load(n)\nprint('ok')",
               tmp_path, CRM_LESSONS_DATA=str(clone / "datasets"), PYTHONPATH=str(ROOT))
    assert out.strip() == "ok"


@pytest.mark.parametrize("content, message", [
    ("not a checksum line\n", r"line 1, is not '<64 hex digits>  <file name>'"),
    ("abc  orders.csv\n", r"line 1, is not"),
    (b"\xff\xfe\x00garbage", r"is not a text file of checksums"),
])
def test_malformed_checksums_are_named(data_copy, content, message):
    path = data_copy / "checksums.sha256"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(datasets.DatasetError, match=message):
        crm.datasets.load("customers")


def test_missing_checksum_and_missing_data_card(data_copy):
    sums = data_copy / "checksums.sha256"
    sums.write_text("".join(line + "\n" for line in sums.read_text().splitlines() if "survey" not in line))
    with pytest.raises(datasets.DatasetError, match="survey.csv has no checksum"):
        crm.datasets.load("survey")
    readme = data_copy / "README.md"
    readme.write_text(readme.read_text().replace("## `orders.csv`", "## orders"))
    with pytest.raises(datasets.DatasetError, match="no data card for orders.csv"):
        crm.datasets.describe("orders")
    readme.unlink()
    with pytest.raises(datasets.DatasetError, match="data cards .* are missing or damaged"):
        crm.datasets.describe("orders")


def test_data_folder_without_checksums_is_an_error_not_a_fallback(tmp_path, monkeypatch):
    mine = tmp_path / "my-data"
    mine.mkdir()
    (mine / "orders.csv").write_text("order_id\n1\n")
    monkeypatch.setenv("CRM_LESSONS_DATA", str(mine))
    with pytest.raises(datasets.DatasetError, match="CRM_LESSONS_DATA is set to .*no checksums.sha256.*unset it"):
        crm.datasets.load("orders")
