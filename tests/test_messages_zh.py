"""Error messages a learner meets through ``crm`` come out in Chinese under ``crm.setup(lang="zh")``.

Three checks (issue #13):

- every ``raise SomethingError(...)`` in a learner-facing module passes its message through the
  catalogue (``_()`` / ``tr()``), found by reading the source (AST), so a new English-only message
  fails here, not in a Chinese classroom;
- a dozen typical mistakes (wrong column, wrong type, empty table, a learner's ``...``, a file that
  is not a CSV, an unknown dataset ...) give a Chinese message that still names the argument or
  column to fix;
- the same mistakes in English give the messages the package gave before translation, word for word.
"""
from __future__ import annotations

import ast
import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

import crm_lessons as crm
from crm_lessons import _notebook_errors
from crm_lessons.i18n import set_language

PACKAGE = Path(crm.__file__).resolve().parent
#: Instructor tooling, in English by design (building the editions, simulating the data).
TOOLING = ("publish", "simulate")

_HAN = re.compile(r"[\u4e00-\u9fff]")
_ENGLISH_CLAUSE = re.compile(r"\b[A-Za-z]{2,}(?: [A-Za-z]{2,}){2,}\b")
_CODE_OR_QUOTED = re.compile(r"`[^`]*`|'[^']*'|\"[^\"]*\"|\[[^\]]*\]|\([^()]*\)|（[^（）]*）")


def _learner_modules() -> list[Path]:
    modules = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative.split("/")[0] in TOOLING:
            continue
        modules.append(path)
    return modules


def _is_plain_text(node: ast.expr) -> bool:
    """A str literal, an f-string, or ``+`` joining one of them: text that skips the catalogue."""
    if isinstance(node, ast.BinOp):
        return _is_plain_text(node.left) or _is_plain_text(node.right)
    return isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str))


def _untranslated_raises(path: Path, root: Path = PACKAGE) -> list[str]:
    """``file:line`` of each raise whose message is a plain string or f-string."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args
                and _is_plain_text(node.exc.args[0])):
            found.append(f"{path.relative_to(root).as_posix()}:{node.lineno}")
    return found


def test_the_scan_finds_plain_english_messages(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('def f(x):\n    raise ValueError(f"x must be positive, got {x}.")\n'
                      'def g(x):\n    raise TypeError(tr("x must be a number, got {kind}.", kind=type(x).__name__))\n'
                      'def h(x):\n    raise ValueError("x is " + str(x))\n'
                      'def k(x):\n    raise ValueError(tr("x is {x}.", x=x) + tr(" Try again."))\n', encoding="utf-8")
    assert _untranslated_raises(sample, tmp_path) == ["sample.py:2", "sample.py:6"]


def test_every_learner_facing_raise_goes_through_the_catalogue():
    modules = _learner_modules()
    assert any(p.name == "_validation.py" for p in modules) and len(modules) > 30
    untranslated = [where for path in modules for where in _untranslated_raises(path)]
    assert not untranslated, "wrap these messages in tr()/_() and translate them: " + ", ".join(untranslated)


# --- a dozen typical mistakes ------------------------------------------------------------------

def _orders() -> pd.DataFrame:
    return pd.DataFrame({"customer_id": ["a", "b"], "order_id": [1, 2],
                         "order_date": ["2024-01-02", "2024-02-03"], "amount": [10.0, 20.0]})


def _hostile_file(tmp_path: Path) -> Path:
    path = tmp_path / "orders.csv"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    return path


def _semicolon_file(tmp_path: Path) -> Path:
    path = tmp_path / "export.csv"
    path.write_text("klant;bestelling;datum;bedrag\nk1;1;2024-01-02;10\n", encoding="utf-8")
    return path


def _not_a_zip(tmp_path: Path) -> Path:
    path = tmp_path / "crm-lessons-my-work.zip"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    return path


#: (case, the call, the names the message must keep, the English message before translation).
#: The English texts are the messages as they read before #13 (the package's f-strings); one ending in
#: "…" is the start of a message whose tail lists the data (datasets, glossary terms).
CASES: list[tuple[str, Callable[[Path], object], tuple[str, ...], str]] = [
    ("wrong type", lambda tmp: crm.value.customer_value("orders.csv"), ("tx",),
     "tx must be a pandas DataFrame, got str."),
    ("a learner's ...", lambda tmp: crm.value.customer_value(...), ("tx", "`...`"),
     "tx is still `...`: pass a pandas DataFrame."),
    ("empty frame", lambda tmp: crm.value.customer_value(_orders().iloc[:0]), ("tx",),
     "tx is empty: it has no rows, so there is nothing to analyse."),
    ("wrong column", lambda tmp: crm.value.customer_value(_orders(), customer="client", margin=None), ("tx", "client"),
     "tx has no column for customer='client'. Available columns: 'customer_id', 'order_id', 'order_date', "
     "'amount'. Pass the right column name, e.g. customer='your_column'."),
    ("... for values", lambda tmp: crm.value.top_share(...), ("values", "`...`"),
     "values is still `...`: pass one number per customer (a Series or a list)."),
    ("retention out of range", lambda tmp: crm.value.clv(100, 1.5, 0.1, periods=5), ("retention", "1.5"),
     "retention must lie in [0, 1], got 1.5."),
    ("hostile file", lambda tmp: crm.cleaning.read_transactions(_hostile_file(tmp), amount="amount"),
     ("'orders.csv'", "CSV", ".xlsx"),
     "File 'orders.csv' is a PDF document, not a CSV text file. Export the data as CSV (comma- or "
     "semicolon-separated text) or as an .xlsx workbook."),
    ("raw file without the column", lambda tmp: crm.cleaning.read_transactions(
        _semicolon_file(tmp), customer="customer", order="bestelling", date="datum", amount="bedrag"),
     ("'export.csv'", "customer='customer'", "'klant'"),
     "File 'export.csv' has no column for customer='customer'. Its columns are: 'klant', 'bestelling', "
     "'datum', 'bedrag'."),
    ("unknown dataset", lambda tmp: crm.datasets.load("ordres"), ("'ordres'", "orders"),
     "There is no dataset 'ordres'. Available datasets: …"),
    ("unknown term", lambda tmp: crm.glossary.term("customer loyalti"), ("'customer loyalti'", "customer loyalty"),
     "'customer loyalti' is not in the glossary. Did you mean: customer loyalty…"),
    ("too few items", lambda tmp: crm.loyalty.cronbach_alpha(pd.DataFrame({"trust1": [1, 2, 3]})), ("items", "1"),
     "items has 1 column(s); Cronbach's alpha needs at least 2 items that measure the same construct "
     "(one column per item)."),
    ("not a saved-work zip", lambda tmp: crm.progress.restore(_not_a_zip(tmp)), ("crm-lessons-my-work.zip",
                                                                               "crm.progress.export()"),
     "crm-lessons-my-work.zip is a PNG image, not the zip written by crm.progress.export(). Upload the "
     "crm-lessons-my-work zip you downloaded."),
    ("... for constructs (a message with braces)",
     lambda tmp: crm.loyalty.reliability_table(pd.DataFrame({"trust1": [1, 2]}), constructs=...), ("constructs",),
     "constructs is still `...`: pass a dict such as {'trust': ['trust1', 'trust2']}."),
    ("seed of the wrong type", lambda tmp: crm.setup(seed="42"), ("seed",), "seed must be an int, got str."),
]


@pytest.fixture
def chinese():
    set_language("zh")
    yield
    set_language("en")


def _message(call: Callable[[Path], object], tmp_path: Path) -> tuple[type, str]:
    with pytest.raises((TypeError, ValueError)) as caught:
        call(tmp_path)
    return caught.type, str(caught.value)


def _reads_as_chinese(message: str) -> bool:
    """At least six Chinese characters and no English clause (three words in a row) outside code, quotes and
    brackets (where a menu path such as Run > Run All Above Selected Cell keeps its English name)."""
    prose = _CODE_OR_QUOTED.sub(" ", message)
    return len(_HAN.findall(message)) >= 6 and not _ENGLISH_CLAUSE.search(prose)


def test_the_chinese_test_tells_chinese_from_english():
    assert _reads_as_chinese("tx 必须是 pandas DataFrame，实际得到的是 str。")
    assert not _reads_as_chinese("tx must be a pandas DataFrame, got str.")
    assert not _reads_as_chinese("数据 tx must be a pandas DataFrame 实际得到")


@pytest.mark.parametrize(("case", "call", "names", "english"), CASES, ids=[c[0] for c in CASES])
def test_mistakes_are_explained_in_chinese(case, call, names, english, chinese, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    kind, message = _message(call, tmp_path)
    assert _reads_as_chinese(message), message
    for name in names:
        assert name in message, (name, message)


@pytest.mark.parametrize(("case", "call", "names", "english"), CASES, ids=[c[0] for c in CASES])
def test_mistakes_read_as_before_in_english(case, call, names, english, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    kind, message = _message(call, tmp_path)
    if english.endswith("…"):
        assert message.startswith(english[:-1]), message
    else:
        assert message == english


def test_same_mistake_same_exception_type_in_both_languages(chinese, tmp_path):
    for _case, call, _names, _english in CASES:
        zh_kind, _ = _message(call, tmp_path)
        set_language("en")
        en_kind, _ = _message(call, tmp_path)
        set_language("zh")
        assert zh_kind is en_kind


def test_notebook_handler_frames_the_error_in_chinese(chinese):
    try:
        crm.glossary.term(42)
    except TypeError as err:
        lines = _notebook_errors.short_message(type(err), err, err.__traceback__)
    assert lines[0].startswith("crm.glossary.term 出错（TypeError）：name 必须是"), lines
    assert _reads_as_chinese(lines[0])
    _notebook_errors._state["cold_hint_shown"] = False
    first = _notebook_errors.cold_start_message("orders", setup_done=False)
    again = _notebook_errors.cold_start_message("orders", setup_done=False)
    assert "'orders'" in first and _reads_as_chinese(first) and len(again) < len(first)
    assert "'orders'" in again and _reads_as_chinese(again)


def test_notebook_handler_keeps_english_framing_in_english():
    try:
        crm.glossary.term(42)
    except TypeError as err:
        lines = _notebook_errors.short_message(type(err), err, err.__traceback__)
    assert lines == ["TypeError in crm.glossary.term: name must be a term as text, got int."]


def test_ambiguous_dates_warning_in_chinese_names_the_column(chinese):
    orders = pd.DataFrame({"customer_id": ["a", "b"], "order_id": ["1", "2"],
                           "order_date": ["01/02/2024", "03/04/2024"], "amount": [1.0, 2.0]})
    with pytest.warns(crm.export_values.AmbiguousDateWarning) as caught:
        crm.cleaning.read_transactions(orders, amount="amount")
    message = str(caught[0].message)
    assert _reads_as_chinese(message) and "'order_date'" in message and "dayfirst=False" in message


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_encoding_note_names_the_whole_file_in_both_languages(lang, tmp_path):
    shop_file = tmp_path / "shop_export.csv"
    shop_file.write_bytes(("订单号,客户编号,下单日期,商品,数量,单价\n"
                           "A1001,客户C001,2024年3月1日,绿茶,2,12.50\n"
                           "A1002,客户C002,2024年3月2日,红茶,3,30.00\n").encode("gbk"))
    set_language(lang)
    try:
        shop = crm.cleaning.read_transactions(shop_file, customer="客户编号", order="订单号", date="下单日期",
                                              item="商品", quantity="数量", price="单价")
    finally:
        set_language("en")
    note = next(n for n in shop.notes if "UTF-8" in n)
    assert note.startswith("'shop_export.csv' "), note
    assert (_reads_as_chinese(note) if lang == "zh"
            else note.startswith("'shop_export.csv' is not UTF-8; read it as GB18030 (detected)."))
