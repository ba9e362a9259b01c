"""Fixtures shared by the package tests."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def simulated_company():
    """The bundled retailer as the generator makes it (seed 2024), with its planted truth.

    Built once per test session: it takes several seconds.
    """
    from crm_lessons.simulate import company

    return company()
