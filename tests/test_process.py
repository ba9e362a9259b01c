"""crm.process: defects and sigma level of the service process."""
from __future__ import annotations

import math

import pandas as pd
import pytest

import crm_lessons as crm
from crm_lessons import process


def test_sigma_level_matches_the_published_table():
    # Harry & Schroeder (2000): 3.4 DPMO is six sigma, 66,807 DPMO three sigma, 308,537 two sigma (1.5 shift)
    assert process.sigma_level(3.4e-6) == pytest.approx(6.0, abs=0.01)
    assert process.sigma_level(0.066807) == pytest.approx(3.0, abs=0.01)
    assert process.sigma_level(0.308537) == pytest.approx(2.0, abs=0.01)
    assert process.sigma_level(0.5, shift=0) == pytest.approx(0.0)
    assert process.sigma_level(0) == math.inf and process.sigma_level(1) == -math.inf


@pytest.mark.parametrize("bad, error, message", [
    (38.2, ValueError, "a share, not a percentage"),
    ("0.1", TypeError, "defect_rate must be a number"),
    (True, TypeError, "got bool"),
])
def test_sigma_level_rejects_bad_rates(bad, error, message):
    with pytest.raises(error, match=message):
        process.sigma_level(bad)


def test_service_defects_count_unresolved_and_late_tickets():
    tickets = pd.DataFrame({"issue": ["a", "a", "a", "b"], "resolved": [True, False, True, True],
                            "days_to_resolve": [7.0, None, 8.0, 1.0]})
    table = process.service_defects(tickets)
    assert table.at["a", "defects"] == 2 and table.at["b", "defects"] == 0     # 7 days is on time, 8 is late
    assert table.at["all", "tickets"] == 4 and table.at["all", "dpmo"] == 500_000
    assert table.index[0] == "a"                                               # worst first
    assert process.service_defects(tickets, within_days=10).at["a", "defects"] == 1


def test_service_defects_on_the_bundled_tickets():
    tickets = crm.datasets.load("service_tickets")
    table = process.service_defects(tickets)
    late_or_open = (~tickets["resolved"]) | (tickets["days_to_resolve"] > 7)
    assert table.at["all", "defects"] == late_or_open.sum()
    assert set(table.index) == set(tickets["issue"]) | {"all"}
    assert table["sigma_level"].between(0, 6).all()


def test_service_defects_reject_bad_input():
    tickets = pd.DataFrame({"issue": ["a"], "resolved": [False], "days_to_resolve": [3.0]})
    with pytest.raises(ValueError, match="unresolved ticket"):
        process.service_defects(tickets)
    with pytest.raises(TypeError, match="must be True/False"):
        process.service_defects(tickets.assign(resolved=["yes"]))
    with pytest.raises(ValueError, match="no column for by='team'"):
        process.service_defects(tickets, by="team")
    with pytest.raises(TypeError, match="tickets is still"):
        process.service_defects(...)
