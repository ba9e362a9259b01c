"""What a learner sees when something goes wrong in a notebook kernel of the course environment."""
from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from crm_lessons import _notebook_errors as ne


@pytest.fixture(scope="module")
def outputs():
    """Run a small notebook in a real kernel: cold start, then set-up, then three kinds of error."""
    nb = nbformat.v4.new_notebook()
    sources = ["crm.check('0.1', 5)", "answer_0_1", "import crm_lessons as crm\ncrm.setup()",
               "crm.rfm.rfm_table('not a table')", "1 / 0", "undefined_after_setup"]
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    NotebookClient(nb, allow_errors=True, timeout=60, kernel_name="python3").execute()
    return [next((o for o in c.outputs if o.output_type == "error"), None) for c in nb.cells]


def test_cold_start_is_explained_once_then_briefly(outputs):
    first, second = outputs[0], outputs[1]
    assert first.ename == "NameError" and first.traceback == [
        "NameError: " + ne.COLD_START.format(name="crm")]
    assert second.traceback == ["NameError: " + ne.COLD_AGAIN.format(name="answer_0_1")]


def test_crm_error_is_one_named_line_without_package_source(outputs):
    err = outputs[3]
    assert err.ename == "TypeError"
    assert err.traceback == ["TypeError in crm.rfm.rfm_table: tx must be a pandas DataFrame, got str."]
    assert outputs[2] is None


def test_other_errors_keep_the_usual_traceback(outputs):
    for err, name in ((outputs[4], "ZeroDivisionError"), (outputs[5], "NameError")):
        assert err.ename == name and len(err.traceback) > 2 and "Traceback" in "".join(err.traceback)


def test_error_raised_inside_a_library_we_called_says_so():
    namespace: dict = {}
    exec(compile("def summarise(fn):\n    return fn()\n", str(ne.PACKAGE_DIR / "value.py"), "exec"), namespace)
    try:
        namespace["summarise"](lambda: {}["missing"])      # crm frame, then a frame outside the package
    except KeyError as err:
        lines = ne.short_message(KeyError, err, err.__traceback__)
    assert lines[0] == "KeyError in crm.value.summarise: 'missing'"
    assert "our own checks missed it" in lines[1]
    try:
        {}["missing"]
    except KeyError as err:
        assert ne.short_message(KeyError, err, err.__traceback__) is None   # not through crm: usual traceback
