"""Test-session set-up shared by the package tests and the nbval notebook runs.

- nbval's sanitizer file is set here as an absolute path (nbval resolves it from the
  current directory otherwise).
- ``CRM_LESSONS_STRICT=1`` makes ``crm.setup()`` in every notebook kernel turn
  deprecation and runtime warnings into errors.
- Exercise progress goes to a throw-away file, never the user's own.
"""
import os
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def pytest_configure(config):
    os.environ["CRM_LESSONS_STRICT"] = "1"
    os.environ["CRM_LESSONS_PROGRESS"] = str(Path(tempfile.mkdtemp(prefix="crm-progress-")) / "progress.json")
    # the notebooks' save-my-work cells write their zip here, not into notebooks/ or build/student/
    os.environ["CRM_LESSONS_ARCHIVE_DIR"] = tempfile.mkdtemp(prefix="crm-archive-")
    if getattr(config.option, "nbval", False) or getattr(config.option, "nbval_lax", False):
        config.option.nbval_sanitize_with = str(ROOT / "tests" / "nbval_sanitize.cfg")


import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _doctest_leaves_exercise_registry_alone(request):
    """A doctest that registers a demo exercise (see exercises/core.py) must not leave it registered.

    Exercises registered meanwhile by the chapter modules (they load on first use) stay.
    """
    if type(request.node).__name__ != "DoctestItem":
        yield
        return
    from crm_lessons.exercises import core

    before = set(core._REGISTRY)
    yield
    for exercise_id in set(core._REGISTRY) - before:
        if not core._REGISTRY[exercise_id].expected.__module__.startswith("crm_lessons.exercises.ch"):
            del core._REGISTRY[exercise_id]
            core._HINTS_SHOWN.pop(exercise_id, None)
