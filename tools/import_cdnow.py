"""Convert the CDNOW files shipped in the lifetimes wheel into datasets/cdnow*.csv.

Run once when (re)building the data folder; the notebooks never need lifetimes:

    pip download --no-deps lifetimes==0.11.3 -d /tmp/lt
    python tools/import_cdnow.py /tmp/lt/Lifetimes-0.11.3-py3-none-any.whl
    python -m crm_lessons.simulate      # refreshes checksums and data cards
"""
from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import pandas as pd

OUT = Path(__file__).resolve().parent.parent / "datasets"


def _read(wheel: zipfile.ZipFile, member: str, names: list[str]) -> pd.DataFrame:
    text = wheel.read(member).decode("ascii")
    return pd.read_csv(io.StringIO(text), sep=r"\s+", header=None, names=names, dtype=str, comment=None)


def main(wheel_path: str) -> None:
    with zipfile.ZipFile(wheel_path) as wheel:
        master = _read(wheel, "lifetimes/datasets/CDNOW_master.txt", ["customer_id", "date", "cds", "amount"])
        sample = _read(wheel, "lifetimes/datasets/CDNOW_sample.txt",
                       ["master_id", "customer_id", "date", "cds", "amount"])
    master = master[master["customer_id"] != "customer_id"]          # the file repeats its header once
    for frame in (master, sample):
        frame["date"] = pd.to_datetime(frame["date"], format="%Y%m%d").dt.strftime("%Y-%m-%d")
        frame["customer_id"] = frame["customer_id"].astype(int)
        frame["cds"] = frame["cds"].astype(int)
        frame["amount"] = frame["amount"].astype(float)
    sample["master_id"] = sample["master_id"].astype(int)
    master.to_csv(OUT / "cdnow.csv", index=False, lineterminator="\n")
    sample[["customer_id", "master_id", "date", "cds", "amount"]].to_csv(
        OUT / "cdnow_sample.csv", index=False, lineterminator="\n")
    print(f"cdnow.csv: {len(master)} rows, {master['customer_id'].nunique()} customers")
    print(f"cdnow_sample.csv: {len(sample)} rows, {sample['customer_id'].nunique()} customers")


if __name__ == "__main__":
    main(sys.argv[1])
