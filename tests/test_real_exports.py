"""Real-world exports (issue #15 items 5-9): read right, or stopped with a named reason, never silently wrong."""
from __future__ import annotations

import gzip
import traceback
import zipfile

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from crm_lessons.cleaning import NothingKeptError, read_transactions

CHINESE_HEADER = "订单号,客户编号,日期,商品,数量,单价\n"
CHINESE_ARGS = dict(customer="客户编号", order="订单号", date="日期", item="商品", quantity="数量", price="单价")


def _chinese_rows(n=12, date=lambda i: f"2024-03-{i % 28 + 1:02d}"):
    return "".join(f"{1000 + i},客户C{i % 5:03d},{date(i)},绿茶{i % 3},2,12.50\n" for i in range(n))


# --- item 5: encodings ---------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-16-le", "utf-16-be", "utf-16", "utf-8-sig"])
def test_chinese_exports_in_any_common_encoding_read_right(tmp_path, encoding):
    path = tmp_path / "shop.csv"
    path.write_bytes((CHINESE_HEADER + _chinese_rows()).encode(encoding))
    result = read_transactions(path, **CHINESE_ARGS)
    assert result.rows_kept == 12
    assert sorted(result.data["customer_id"].unique()) == [f"客户C{i:03d}" for i in range(5)]
    assert result.data["product"].iloc[0] == "绿茶0"
    if encoding in ("gbk", "gb18030", "utf-16-le", "utf-16-be"):
        assert any("detected" in note for note in result.notes), result.notes
        assert "note: " in repr(result)


def test_chinese_headers_in_an_error_are_decoded(tmp_path):
    path = tmp_path / "shop.csv"
    path.write_bytes((CHINESE_HEADER + _chinese_rows()).encode("gbk"))
    with pytest.raises(ValueError) as info:
        read_transactions(path, **{**CHINESE_ARGS, "customer": "客户"})
    message = str(info.value)
    assert "'客户编号'" in message and "Did you mean customer='客户编号'?" in message
    assert "¿" not in message and "Í" not in message


def test_latin_export_still_reads(tmp_path):
    path = tmp_path / "de.csv"
    rows = "".join(f"{i};{i + 100};13.01.2024;Käse Müsli Größe {i};3.5\n" for i in range(10))
    path.write_bytes(("Kunde;Beleg;Datum;Artikel;Betrag\n" + rows).encode("cp1252"))
    result = read_transactions(path, customer="Kunde", order="Beleg", date="Datum", item="Artikel", amount="Betrag")
    assert result.data["product"].iloc[0] == "Käse Müsli Größe 0"


# --- item 6: dates -------------------------------------------------------------------------------

def test_chinese_dates(tmp_path):
    path = tmp_path / "cn.csv"
    path.write_text(CHINESE_HEADER + _chinese_rows(date=lambda i: f"2024年3月{i + 1}日"), encoding="utf-8")
    result = read_transactions(path, **CHINESE_ARGS)
    assert result.rows_kept == 12
    assert result.data["order_date"].iloc[0] == pd.Timestamp("2024-03-01")
    assert result.data["order_date"].iloc[11] == pd.Timestamp("2024-03-12")


def test_excel_serial_dates_as_text_and_as_numbers():
    raw = pd.DataFrame({"c": ["1", "2"], "o": ["1", "2"], "d": ["45352", "45352.5"], "a": [1.0, 2.0]})
    result = read_transactions(raw, customer="c", order="o", date="d", amount="a")
    assert result.data["order_date"].tolist() == [pd.Timestamp("2024-03-01"), pd.Timestamp("2024-03-01 12:00")]
    assert any("Excel serial dates" in note for note in result.notes)
    numeric = raw.assign(d=[45352, 45353])
    assert read_transactions(numeric, customer="c", order="o", date="d", amount="a").data[
        "order_date"].tolist() == [pd.Timestamp("2024-03-01"), pd.Timestamp("2024-03-02")]


def test_year_one_is_a_bad_date_not_2001():
    raw = pd.DataFrame({"c": ["1", "2"], "o": ["1", "2"], "d": ["0001-01-01", "2024-01-02"], "a": [1.0, 2.0]})
    result = read_transactions(raw, customer="c", order="o", date="d", amount="a")
    assert result.data["order_date"].tolist() == [pd.Timestamp("2024-01-02")]
    assert result.removed["reason"].tolist() == ["bad_date"]
    assert read_transactions(raw.assign(d=["01/02/24", "2024-01-02"]), customer="c", order="o", date="d",
                             amount="a", dayfirst=True).data["order_date"].iloc[0] == pd.Timestamp("2024-02-01")


# --- item 7: money -------------------------------------------------------------------------------

@pytest.mark.parametrize("text, decimal, value", [
    ("¥12.50", ".", 12.5), ("12.5 元", ".", 12.5), ("$5", ".", 5.0), ("1,234.50", ".", 1234.5),
    ("￥1,234", ".", 1234.0), ("RMB 8", ".", 8.0), ("1.234,50", ",", 1234.5), ("3,5", ",", 3.5),
    ("€ 1.234.567,8", ",", 1234567.8), ("-¥3", ".", -3.0),
])
def test_currency_and_thousands_marks(text, decimal, value):
    raw = pd.DataFrame({"c": ["1", "2"], "o": ["1", "2"], "d": ["2024-01-02"] * 2, "a": [text, "7"]})
    result = read_transactions(raw, customer="c", order="o", date="d", amount="a", decimal=decimal,
                               keep=["return"])
    assert result.data["amount"].iloc[0] == pytest.approx(value)
    assert bool(result.notes) == (text != "3,5"), "what was removed is said in the report"


# --- item 8: overflow, infinity ------------------------------------------------------------------

def test_overflow_and_infinity_are_reasons_never_values():
    raw = pd.DataFrame({"c": ["1", "2", "3"], "o": ["1", "2", "3"], "d": ["2024-01-02"] * 3,
                        "q": ["10000000000000000000", "2", "1"], "p": ["1", "1e308", "4"]})
    result = read_transactions(raw, customer="c", order="o", date="d", quantity="q", price="p")
    assert result.data["quantity"].tolist() == [1] and result.data["amount"].tolist() == [4.0]
    assert np.isfinite(result.data[["quantity", "unit_price", "amount"]].to_numpy(dtype=float)).all()
    assert result.removed["reason"].tolist() == ["bad_number", "bad_number"]
    report = result.report.set_index("reason")
    assert result.rows_kept + report["rows_removed"].sum() == result.rows_read == 3


# --- item 9: compressed files, title rows, merged Excel cells --------------------------------------

def test_gzip_and_zip_exports(tmp_path):
    text = ("customer_id,order_id,order_date,amount\n" + "".join(f"{i},{i},2024-01-0{i},{i}\n" for i in range(1, 4)))
    (tmp_path / "a.csv.gz").write_bytes(gzip.compress(text.encode()))
    with zipfile.ZipFile(tmp_path / "a.zip", "w") as zf:
        zf.writestr("export/a.csv", text)
    for name in ("a.csv.gz", "a.zip"):
        result = read_transactions(tmp_path / name, amount="amount")
        assert result.data["amount"].tolist() == [1.0, 2.0, 3.0] and result.notes
    with zipfile.ZipFile(tmp_path / "two.zip", "w") as zf:
        zf.writestr("a.csv", text)
        zf.writestr("b.csv", text)
    with pytest.raises(ValueError, match="should hold exactly one CSV file"):
        read_transactions(tmp_path / "two.zip", amount="amount")


def test_title_rows_hint_and_option(tmp_path):
    path = tmp_path / "titled.csv"
    path.write_text("Sales report 2024\nExported 2024-12-31\ncustomer_id,order_id,order_date,amount\n"
                    "1,1,2024-01-02,5\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"header seems to be on line 3 .*pass skiprows=2"):
        read_transactions(path, amount="amount")
    assert read_transactions(path, amount="amount", skiprows=2).data["amount"].tolist() == [5.0]


def _workbook(path, title_rows, merge_customer):
    book = openpyxl.Workbook()
    sheet = book.active
    for text in title_rows:
        sheet.append([text])
    sheet.append(["Customer", "Invoice", "Date", "Total"])
    first = sheet.max_row + 1
    for i in range(4):
        sheet.append(["A" if i < 2 else "B", f"{i}", f"2024-01-0{i + 1}", 10 + i])
    if merge_customer:
        sheet.merge_cells(f"A{first}:A{first + 1}")
        sheet.merge_cells(f"A{first + 2}:A{first + 3}")
    book.save(path)
    return path


def test_xlsx_with_title_rows_and_merged_customer_cells(tmp_path):
    path = _workbook(tmp_path / "report.xlsx", ["Quarterly sales"], merge_customer=True)
    args = dict(customer="Customer", order="Invoice", date="Date", amount="Total")
    with pytest.raises(ValueError, match=r"header seems to be on line 2 .*pass skiprows=1"):
        read_transactions(path, **args)
    result = read_transactions(path, **args, skiprows=1)
    assert result.data["customer_id"].tolist() == ["A", "A", "B", "B"]
    assert result.report.set_index("reason").loc["missing_customer", "rows_flagged"] == 0
    assert any("2 merged cell(s) in column 'Customer' filled" in note for note in result.notes)


def test_every_row_dropped_stops_with_the_reason():
    raw = pd.DataFrame({"c": ["1", "2"], "o": ["1", "2"], "d": ["someday", "never"], "a": [1.0, 2.0]})
    with pytest.raises(NothingKeptError, match=r"All 2 lines .* would be removed \(2 bad_date\).*column 'd', "
                                               r"e\.g\. \['someday', 'never'\].*dayfirst"):
        read_transactions(raw, customer="c", order="o", date="d", amount="a")


def test_duplicate_column_names_in_a_frame_are_named():
    raw = pd.DataFrame([["1", "1", "2024-01-02", 1.0]], columns=["c", "c", "d", "a"])
    with pytest.raises(ValueError, match="several columns named 'c'"):
        read_transactions(raw, customer="c", order="o", date="d", amount="a")


# --- property test: generated files are read right or refused by name -------------------------------

GENERATED = {"read_transactions": 0}
_CELL = st.sampled_from(["¥12.50", "12.5 元", "$5", "1,234.50", "1e308", "10000000000000000000", "", "x", "-3",
                         "0", "inf", "nan", "45352", "2024年3月1日", "0001-01-01", "31/02/2024", "客户C001",
                         "1.234,50", "\u00a0", '"', ";", "C12"])


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(_CELL, _CELL, _CELL, _CELL), min_size=1, max_size=8),
       encoding=st.sampled_from(["utf-8", "gb18030", "utf-16-le", "utf-16", "cp1252"]),
       good=st.integers(0, 3), decimal=st.sampled_from([".", ","]), compress=st.booleans())
def test_any_generated_export_is_read_or_refused_by_name(tmp_path_factory, rows, good, encoding, decimal, compress):
    GENERATED["read_transactions"] += 1
    rows = rows + [("客户C001", f"N{k}", "2024年3月1日", "¥12") for k in range(good)]
    text = "客户,订单,日期,金额\n" + "".join(",".join(f'"{c}"' if c != '"' else '""""' for c in r) + "\n"
                                          for r in rows)
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    path = tmp_path_factory.mktemp("gen") / ("x.csv.gz" if compress else "x.csv")
    path.write_bytes(gzip.compress(data) if compress else data)
    try:
        result = read_transactions(path, customer="客户", order="订单", date="日期", amount="金额", decimal=decimal,
                                   cancel_prefix=None)
    except (ValueError, TypeError) as err:
        raised_in = traceback.extract_tb(err.__traceback__)[-1].filename
        assert "crm_lessons" in raised_in, f"raw {type(err).__name__} from {raised_in}: {err}"
        event(f"refused: {type(err).__name__}")
        return
    event("read")
    report = result.report.set_index("reason")
    assert result.rows_kept + report["rows_removed"].sum() == result.rows_read == len(rows)
    numbers = result.data[["amount"]].to_numpy(dtype=float)
    assert np.isfinite(numbers).all() and (np.abs(numbers) <= 1e15).all()
    dates = result.data["order_date"]
    assert dates.between(pd.Timestamp("1900-01-01"), pd.Timestamp("2100-12-31")).all()
