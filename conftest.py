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
    if getattr(config.option, "nbval", False) or getattr(config.option, "nbval_lax", False):
        config.option.nbval_sanitize_with = str(ROOT / "tests" / "nbval_sanitize.cfg")
