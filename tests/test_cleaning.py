"""Tests for crm_lessons.cleaning (read_transactions) and the messy-export generator.

Expected counts come from how the problems were planted in
``crm_lessons.simulate.messy`` (its ``PLANTED`` table) and are re-derived here from
the raw export with plain pandas, independently of the cleaning code.
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crm_lessons.cleaning import REASONS, AmbiguousDateWarning, CleanedTransactions, read_transactions
from crm_lessons.simulate.messy import COLUMNS, NON_PRODUCT, PLANTED, messy_transactions, write_large_messy_csv

ARGS = dict(customer="Customer ID", order="Invoice", date="InvoiceDate", item="Description",
            quantity="Quantity", price="Price", non_product=NON_PRODUCT)


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    return messy_transactions()


@pytest.fixture(scope="module")
def clean(raw) -> CleanedTransactions:
    return read_transactions(raw, **ARGS)


def planted_masks(raw: pd.DataFrame) -> dict[str, pd.Series]:
    """Each planted problem found with plain pandas on the raw text (no cleaning code)."""
    qty = pd.to_numeric(raw["Quantity"], errors="coerce")
    price = pd.to_numeric(raw["Price"], errors="coerce")
    dates = pd.to_datetime(raw["InvoiceDate"], format="%d/%m/%Y %H:%M", errors="coerce")
    cancelled = raw["Invoice"].str.startswith("C")
    return {
        "missing_customer": raw["Customer ID"] == "",
        "missing_order_or_item": raw["Description"] == "",
        "bad_date": dates.isna(),
        "bad_number": qty.isna(),
        "cancellation": cancelled,
        "return": (qty < 0) & ~cancelled,
        "non_positive_price": price <= 0,
        "non_product": raw["Description"].isin(NON_PRODUCT),
        "duplicate": raw.duplicated(),
    }


# --- the messy sample --------------------------------------------------------------------------------------

def test_sample_holds_the_planted_problems(raw):
    masks = planted_masks(raw)
    assert {reason: int(mask.sum()) for reason, mask in masks.items()} == PLANTED
    assert set(PLANTED) == set(REASONS)
    # every planted line has exactly one problem (cancellations also carry negative quantities)
    overlap = sum(m.astype(int) for m in masks.values())
    assert overlap.max() == 1
    assert list(raw.columns) == COLUMNS
    assert 200 <= len(raw) <= 400
    assert all(type(v) is str for c in raw.columns for v in raw[c])   # every value is text, as in a CSV


def test_sample_is_deterministic_and_seeded(raw):
    pd.testing.assert_frame_equal(messy_transactions(), raw)
    assert not messy_transactions(seed=7).equals(raw)


@pytest.mark.parametrize("seed", [1, 99])
def test_other_seeds_plant_the_same_numbers(seed):
    masks = planted_masks(messy_transactions(seed=seed))
    assert {reason: int(mask.sum()) for reason, mask in masks.items()} == PLANTED


def test_sample_dates_are_day_first_and_settle_the_order(raw):
    good = raw["InvoiceDate"][~planted_masks(raw)["bad_date"]]
    first_field = good.str.slice(0, 2).astype(int)
    assert (first_field > 12).any()                # a day above 12 tells the reader it is day-first


def test_exact_removal_counts(raw, clean):
    report = clean.report.set_index("reason")
    assert report["rows_removed"].to_dict() == PLANTED
    assert clean.rows_read == len(raw)
    assert clean.rows_kept == len(raw) - sum(PLANTED.values())
    assert clean.rows_removed == sum(PLANTED.values())
    # flagged counts: cancellations also have negative quantities
    assert report.loc["return", "rows_flagged"] == PLANTED["return"] + PLANTED["cancellation"]
    assert not report["kept_on_request"].any()
    assert clean.date_order == "day-first"


def test_removed_lines_are_exactly_the_planted_ones(raw, clean):
    masks = planted_masks(raw)
    for reason, mask in masks.items():
        assert set(clean.removed.index[clean.removed["reason"] == reason]) == set(raw.index[mask]), reason
    assert list(clean.removed.columns) == ["reason"] + COLUMNS


def test_clean_values(raw, clean):
    kept = raw[~pd.concat(planted_masks(raw), axis=1).any(axis=1)].reset_index(drop=True)
    data = clean.data
    assert list(data.columns) == ["customer_id", "order_id", "order_date", "product", "quantity", "unit_price",
                                  "amount", "StockCode", "Country"]
    assert data["customer_id"].tolist() == kept["Customer ID"].tolist()
    assert data["order_date"].tolist() == pd.to_datetime(kept["InvoiceDate"], format="%d/%m/%Y %H:%M").tolist()
    expected_amount = kept["Quantity"].astype(int) * kept["Price"].astype(float)
    assert np.allclose(data["amount"], expected_amount)
    assert data["quantity"].dtype == np.int64 and (data["quantity"] > 0).all()
    assert (data["unit_price"] > 0).all()
    assert data[["customer_id", "order_id", "product"]].notna().all().all()


def test_same_result_from_csv_and_excel(tmp_path, raw, clean):
    csv = tmp_path / "messy.csv"
    raw.to_csv(csv, index=False, lineterminator="\n")
    from_csv = read_transactions(csv, **ARGS)
    pd.testing.assert_frame_equal(from_csv.report, clean.report)
    pd.testing.assert_frame_equal(from_csv.data, clean.data, check_dtype=False)
    assert from_csv.source == "messy.csv"
    xlsx = tmp_path / "messy.xlsx"
    raw.to_excel(xlsx, index=False)
    from_excel = read_transactions(xlsx, **ARGS)
    pd.testing.assert_frame_equal(from_excel.report, clean.report)
    assert from_excel.data["amount"].sum() == pytest.approx(clean.data["amount"].sum())


# --- keeping categories ------------------------------------------------------------------------------------

@pytest.mark.parametrize("reason", [r for r in REASONS if r != "cancellation"])
def test_keep_any_category(raw, clean, reason):
    kept = read_transactions(raw, **ARGS, keep=[reason])
    report = kept.report.set_index("reason")
    assert report.loc[reason, "rows_removed"] == 0
    assert report.loc[reason, "kept_on_request"]
    assert report["kept_on_request"].sum() == 1
    assert kept.rows_kept == clean.rows_kept + PLANTED[reason]


def test_keep_cancellations_moves_them_to_returns(raw, clean):
    kept = read_transactions(raw, **ARGS, keep="cancellation")
    report = kept.report.set_index("reason")
    assert report.loc["cancellation", "rows_removed"] == 0
    assert report.loc["return", "rows_removed"] == PLANTED["return"] + PLANTED["cancellation"]
    assert kept.rows_kept == clean.rows_kept


def test_keep_returns_and_cancellations_nets_revenue(raw, clean):
    net = read_transactions(raw, **ARGS, keep=["cancellation", "return"])
    masks = planted_masks(raw)
    undone = raw[masks["cancellation"] | masks["return"]]
    refunds = (undone["Quantity"].astype(int) * undone["Price"].astype(float)).sum()
    assert refunds < 0
    assert net.data["amount"].sum() == pytest.approx(clean.data["amount"].sum() + refunds)


def test_keep_everything_keeps_every_line(raw):
    everything = read_transactions(raw, **ARGS, keep=list(REASONS))
    assert everything.rows_kept == len(raw)
    assert everything.removed.empty
    assert everything.data["customer_id"].isna().sum() == PLANTED["missing_customer"]
    assert everything.data["order_date"].isna().sum() == PLANTED["bad_date"]


def test_without_non_product_list_postage_stays(raw, clean):
    args = {k: v for k, v in ARGS.items() if k != "non_product"}
    result = read_transactions(raw, **args)
    assert result.report.set_index("reason").loc["non_product", "rows_flagged"] == 0
    assert result.rows_kept == clean.rows_kept + PLANTED["non_product"]


# --- the report --------------------------------------------------------------------------------------------

def test_report_frame_and_text(clean):
    assert list(clean.report.columns) == ["reason", "description", "rows_flagged", "rows_removed",
                                          "kept_on_request"]
    assert clean.report["reason"].tolist() == list(REASONS)
    text = repr(clean)
    assert f"rows read {clean.rows_read:,}" in text and f"rows kept {clean.rows_kept:,}" in text
    duplicate_line = next(line for line in text.splitlines() if line.startswith("duplicate "))
    assert duplicate_line.split()[1:4] == ["2", "2", "no"]
    html = clean._repr_html_()
    assert html.count("<tr") == len(REASONS) + 1 and "rows removed 23" in html


# --- dates -------------------------------------------------------------------------------------------------

def frame(dates, **extra) -> pd.DataFrame:
    n = len(dates)
    return pd.DataFrame({"order_id": [str(i) for i in range(n)], "customer_id": ["a"] * n,
                         "order_date": dates, "amount": [1.0] * n, **extra})


def test_ambiguous_dates_warn_and_read_day_first():
    with pytest.warns(AmbiguousDateWarning, match="day-first") as record:
        result = read_transactions(frame(["01/02/2024", "03/04/2024"]), amount="amount")
    assert len(record) == 1
    assert result.data["order_date"].tolist() == [pd.Timestamp("2024-02-01"), pd.Timestamp("2024-04-03")]
    assert result.date_order == "day-first"


def test_stated_order_does_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = read_transactions(frame(["01/02/2024", "03/04/2024"]), amount="amount", dayfirst=False)
    assert result.data["order_date"].tolist() == [pd.Timestamp("2024-01-02"), pd.Timestamp("2024-03-04")]
    assert result.date_order == "month-first"


def test_month_first_detected():
    result = read_transactions(frame(["01/31/2024 10:05", "02/03/2024 9:00"]), amount="amount")
    assert result.date_order == "month-first"
    assert result.data["order_date"].tolist() == [pd.Timestamp("2024-01-31 10:05"), pd.Timestamp("2024-02-03 09:00")]


def test_mixed_orders_warn_and_report_the_minority():
    with pytest.warns(AmbiguousDateWarning, match="mixes"):
        result = read_transactions(frame(["13/01/2024", "14/01/2024", "01/31/2024"]), amount="amount")
    assert result.report.set_index("reason").loc["bad_date", "rows_removed"] == 1


def test_many_date_layouts():
    dates = ["2024-03-05", "2024-03-05T14:30:00", "20240305", "5 Mar 2024", "March 5, 2024",
             "05.03.2024 14:30", "05/03/24", "31/01/2024 10:00 PM", "", "2024-02-30", "soon", "05/03/2024 25:00"]
    result = read_transactions(frame(dates), amount="amount", dayfirst=True, keep=["bad_date"])
    got = result.data["order_date"]
    march5 = pd.Timestamp("2024-03-05")
    assert got[:3].tolist() == [march5, march5 + pd.Timedelta("14h30min"), march5]
    assert got[3:7].tolist() == [march5, march5, march5 + pd.Timedelta("14h30min"), march5]
    assert got[7] == pd.Timestamp("2024-01-31 22:00")
    assert got[8:].isna().all()
    assert result.report.set_index("reason").loc["bad_date", "rows_flagged"] == 4


def test_datetime_column_used_as_is():
    stamps = pd.Series([pd.Timestamp("2024-01-02 03:04"), pd.Timestamp("2024-05-06")])
    result = read_transactions(frame(stamps), amount="amount")
    assert result.date_order == "already dates"
    assert result.data["order_date"].tolist() == stamps.tolist()


# --- other inputs ------------------------------------------------------------------------------------------

def test_float_ids_and_amount_only():
    raw = pd.DataFrame({"inv": [1.0, 2.0, 3.0, 4.0], "cust": [17850.0, np.nan, 17850.0, 12.0],
                        "day": ["2024-01-01"] * 4, "total": [5.0, 6.0, -2.0, 0.0]})
    result = read_transactions(raw, customer="cust", order="inv", date="day", amount="total")
    report = result.report.set_index("reason")["rows_removed"]
    assert report[["missing_customer", "return", "non_positive_price"]].tolist() == [1, 1, 1]
    assert result.data["customer_id"].tolist() == ["17850"]
    assert result.data["order_id"].tolist() == ["1"]
    assert "unit_price" not in result.data and "quantity" not in result.data


def test_amount_and_quantity_give_unit_price():
    raw = frame(["2024-01-01"] * 3, qty=[2, 0, -1])
    raw["amount"] = [10.0, 3.0, -4.0]
    result = read_transactions(raw, amount="amount", quantity="qty")
    assert result.data["unit_price"].tolist() == [5.0]
    report = result.report.set_index("reason")["rows_removed"]
    assert report[["bad_number", "return"]].tolist() == [1, 1]


def test_extra_column_with_a_standard_name_is_renamed():
    raw = frame(["2024-01-01"])
    raw["price"] = [9.0]
    raw["amount_kind"] = ["gross"]
    raw = raw.rename(columns={"amount": "total"}).assign(amount=["gross"])
    result = read_transactions(raw, amount="total")
    assert result.data["amount"].tolist() == [1.0]
    assert result.data["amount_original"].tolist() == ["gross"]


def test_semicolon_file_detected_and_latin1_decoded(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes("Kunde;Beleg;Datum;Artikel;Betrag\n7;1;13.01.2024;Käse;3.5\n8;2;14.01.2024;Müsli;4\n"
                     .encode("cp1252"))
    result = read_transactions(path, customer="Kunde", order="Beleg", date="Datum", item="Artikel", amount="Betrag")
    assert result.data["product"].tolist() == ["Käse", "Müsli"]
    assert result.data["order_date"].tolist() == [pd.Timestamp("2024-01-13"), pd.Timestamp("2024-01-14")]


def test_utf16_tab_file(tmp_path):
    path = tmp_path / "unicode.txt"
    path.write_text("cust\tinv\tday\ttotal\n1\t10\t2024-01-02\t5\n", encoding="utf-16")
    result = read_transactions(path, customer="cust", order="inv", date="day", amount="total")
    assert result.data["amount"].tolist() == [5.0]


def test_stated_encoding_that_does_not_fit(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes("c,o,d,a\nMüller,1,2024-01-02,3\n".encode("latin-1"))
    with pytest.raises(ValueError, match=r"cannot be decoded as utf-8 text; pass another encoding="):
        read_transactions(path, customer="c", order="o", date="d", amount="a", encoding="utf-8")


def test_decimal_comma(tmp_path):
    path = tmp_path / "eu.csv"
    path.write_text("c;o;d;a\n1;2;2024-01-02;3,50\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"decimal commas: pass decimal=','"):
        read_transactions(path, customer="c", order="o", date="d", amount="a")
    result = read_transactions(path, customer="c", order="o", date="d", amount="a", decimal=",")
    assert result.data["amount"].tolist() == [3.5]


# --- bad files and bad arguments ---------------------------------------------------------------------------

def test_missing_required_column(tmp_path, raw):
    path = tmp_path / "messy.csv"
    raw.to_csv(path, index=False)
    args = dict(ARGS, customer="CustomerID")
    with pytest.raises(ValueError, match=r"no column for customer='CustomerID'.*'Customer ID'.*"
                                         r"Did you mean customer='Customer ID'\?"):
        read_transactions(path, **args)


def test_missing_column_in_frame(raw):
    with pytest.raises(ValueError, match=r"The DataFrame has no column for quantity='Qty'"):
        read_transactions(raw, **dict(ARGS, quantity="Qty"))


def test_wrong_delimiter(tmp_path, raw):
    path = tmp_path / "semicolon.csv"
    raw.to_csv(path, index=False, sep=";")
    with pytest.raises(ValueError, match=r"wrong delimiter, the file is separated by ';'\. Pass sep=';'"):
        read_transactions(path, **ARGS, sep=",")
    assert read_transactions(path, **ARGS).rows_read == len(raw)      # detected when not stated


def test_empty_file(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(ValueError, match=r"File 'empty.csv' is empty"):
        read_transactions(path, amount="amount")


def test_header_only_file(tmp_path):
    path = tmp_path / "header.csv"
    path.write_text("customer_id,order_id,order_date,amount\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"'header.csv' has column names but no data rows"):
        read_transactions(path, amount="amount")


def test_binary_file(tmp_path):
    path = tmp_path / "data.csv"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(ValueError, match=r"'data.csv' is a binary file, not a CSV text file"):
        read_transactions(path, amount="amount")


@pytest.mark.parametrize("content, kind", [(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "a PNG image"),
                                           (b"\xff\xd8\xff\xe0" + bytes(30), "a JPEG image"),
                                           (b"%PDF-1.7\n", "a PDF document")])
def test_known_binary_formats_are_named(tmp_path, content, kind):
    path = tmp_path / "export.csv"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=f"is {kind}, not a CSV text file"):
        read_transactions(path, amount="amount")


def test_text_named_xlsx(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"'fake.xlsx' is not a readable Excel .xlsx workbook"):
        read_transactions(path, amount="amount")


def test_no_such_file(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"No file at .*nothing.csv"):
        read_transactions(tmp_path / "nothing.csv", amount="amount")


def test_column_without_numbers():
    raw = frame(["2024-01-01"] * 2)
    raw["amount"] = ["n/a", "unknown"]
    with pytest.raises(ValueError, match=r"Column 'amount' should hold numbers, but none of its values is a number"):
        read_transactions(raw, amount="amount")


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(path_or_frame=...), TypeError, r"path_or_frame is still `...`"),
    (dict(path_or_frame=42), TypeError, r"path_or_frame must be a file path or a DataFrame, got int"),
    (dict(amount=None), ValueError, r"Pass price= \(the unit-price column\) or amount="),
    (dict(customer=None), ValueError, r"customer is required"),
    (dict(customer=3), TypeError, r"customer must be a column name \(str\), got int"),
    (dict(keep=["returns"]), ValueError, r"keep has unknown reason\(s\) \['returns'\]\. Choose from: missing_customer"),
    (dict(non_product=["POSTAGE"]), ValueError, r"non_product needs item="),
    (dict(non_product=[1]), TypeError, r"non_product must hold item values as text"),
    (dict(order="customer_id"), ValueError, r"order and customer both name column 'customer_id'"),
    (dict(dayfirst="yes"), TypeError, r"dayfirst must be True, False or None"),
    (dict(cancel_prefix=""), TypeError, r"cancel_prefix must be a non-empty string or None"),
])
def test_bad_arguments(kwargs, error, message):
    args = dict(path_or_frame=frame(["2024-01-01"]), amount="amount") | kwargs
    with pytest.raises(error, match=message):
        read_transactions(**args)


def test_cancel_prefix_that_marks_most_orders():
    raw = frame(["2024-01-01"] * 3)
    raw["order_id"] = ["C1", "C2", "3"]
    with pytest.raises(ValueError, match=r"2 of 3 order numbers .* cannot be the cancellation marker"):
        read_transactions(raw, amount="amount")
    assert read_transactions(raw, amount="amount", cancel_prefix=None).rows_kept == 3


def test_empty_frame():
    with pytest.raises(ValueError, match="path_or_frame is empty"):
        read_transactions(frame([]), amount="amount")


# --- invariants --------------------------------------------------------------------------------------------

ROW = st.tuples(st.sampled_from(["1", "2", "", " 2 "]), st.sampled_from(["10", "11", "C12", ""]),
                st.sampled_from(["13/03/2024", "31/02/2024", "05/03/2024 10:00"]),
                st.sampled_from(["Tea", "POSTAGE", ""]), st.sampled_from(["-1", "0", "1", "2", "x"]),
                st.sampled_from(["-1.5", "0", "2.5"]))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(ROW, min_size=1, max_size=15),
       keep=st.sets(st.sampled_from(list(REASONS)), max_size=3))
def test_every_line_is_kept_or_counted_once(rows, keep):
    # Clean lines outnumber the rest, so that numbers exist and "C" cannot mark most orders.
    clean_lines = [("1", f"n{k}", "13/03/2024", "Tea", "1", "2.5") for k in range(len(rows) + 1)]
    raw = pd.DataFrame(rows + clean_lines, columns=["c", "o", "d", "i", "q", "p"], dtype="str")
    result = read_transactions(raw, customer="c", order="o", date="d", item="i", quantity="q", price="p",
                               non_product=["postage"], keep=keep, dayfirst=True)
    report = result.report.set_index("reason")
    assert result.rows_kept + report["rows_removed"].sum() == len(raw)
    assert result.rows_kept >= len(clean_lines)
    assert (report["rows_removed"] <= report["rows_flagged"]).all()
    assert (report.loc[sorted(keep), "rows_removed"] == 0).all()
    assert len(result.removed) == result.rows_removed
    data = result.data
    if not {"return", "cancellation"} & keep:
        assert (data["quantity"].dropna() >= 0).all()     # NaN only when bad_number is kept
    if "missing_customer" not in keep:
        assert data["customer_id"].notna().all() and (data["customer_id"] != "").all()
    if "non_product" not in keep:
        assert not data["product"].str.casefold().eq("postage").any()


# --- the large generator -----------------------------------------------------------------------------------

def test_large_generator_small_run(tmp_path):
    path = write_large_messy_csv(tmp_path / "big.csv", n_lines=5000, seed=3)
    with path.open() as handle:
        assert handle.readline().strip() == ",".join(COLUMNS)
        assert sum(1 for _ in handle) == 5000
    result = read_transactions(path, **dict(ARGS, non_product=["POSTAGE"]))
    flagged = result.report.set_index("reason")["rows_flagged"]
    for reason in ("missing_customer", "cancellation", "return", "non_product", "duplicate"):
        assert flagged[reason] > 0, reason
    assert result.date_order == "day-first"


# --- the analytics accept the cleaned frame ----------------------------------------------------------------

def test_rfm_value_and_basket_accept_the_clean_frame(raw, clean):
    import crm_lessons as crm

    kept = raw[~pd.concat(planted_masks(raw), axis=1).any(axis=1)]
    orders_per_customer = kept.groupby("Customer ID")["Invoice"].nunique()
    spend = (kept["Quantity"].astype(int) * kept["Price"].astype(float)).groupby(kept["Customer ID"]).sum()

    table = crm.rfm.rfm_table(clean.data)
    assert table["frequency"].to_dict() == orders_per_customer.to_dict()
    assert np.allclose(table["monetary"].sort_index(), spend.sort_index())

    shares = crm.value.pareto(clean.data.groupby("customer_id")["amount"].sum())
    assert shares["value_share"].iloc[-1] == pytest.approx(1.0)
    assert shares["value"].iloc[0] == pytest.approx(spend.max())

    value = crm.value.customer_value(clean.data, margin=None)        # CLV inputs: orders and revenue
    assert value["orders"].to_dict() == orders_per_customer.to_dict()
    assert np.allclose(value["revenue"].sort_index(), spend.sort_index())
    first_quarter = kept["InvoiceDate"].str[3:5].astype(int).groupby(kept["Customer ID"]).min().sub(1) // 3
    retention = crm.cohorts.cohort_retention(clean.data, freq="Q")
    assert retention[0].tolist() == [1.0] * first_quarter.nunique()

    baskets = crm.basket.basket_matrix(clean.data)
    assert baskets.shape == (kept["Invoice"].nunique(), kept["Description"].nunique())


# --- the widget --------------------------------------------------------------------------------------------

def test_cleaning_explorer_keeps_what_is_ticked(raw, clean):
    import crm_lessons as crm

    box = crm.widgets.cleaning_explorer(raw, **ARGS)
    page = box.children[-1]
    assert f"kept {clean.rows_kept} of {len(raw)} lines" in page.value
    ticks = {c.description: c for row in box.children[:2] for c in row.children}
    assert set(ticks) == {f"keep {reason}" for reason in REASONS}
    ticks["keep return"].value = True
    assert f"kept {clean.rows_kept + PLANTED['return']} of {len(raw)} lines" in page.value
    with pytest.raises(TypeError, match="sets keep= itself"):
        crm.widgets.cleaning_explorer(raw, **ARGS, keep=["return"])
