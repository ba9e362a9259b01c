"""Fixtures shared by the package tests."""
from __future__ import annotations

import pytest
from hypothesis import settings

# Property tests explore the same examples on every run (CI must not pass or fail by luck) and
# have no per-example deadline (the CI machine is shared and its timing varies).
settings.register_profile("crm-lessons", derandomize=True, deadline=None, database=None)
settings.load_profile("crm-lessons")


@pytest.fixture(scope="session")
def simulated_company():
    """The bundled retailer as the generator makes it (seed 2024), with its planted truth.

    Built once per test session: it takes several seconds.
    """
    from crm_lessons.simulate import company

    return company()


@pytest.fixture(autouse=True)
def _archive_in_the_workbook_folder(monkeypatch):
    """The root conftest sends the notebooks' save-my-work zips to a temp folder; the package tests
    check the learner's default, the workbook folder."""
    monkeypatch.delenv("CRM_LESSONS_ARCHIVE_DIR", raising=False)
