"""The reference tables of chapters 1-2 and the timeline chart drawn from them."""
from __future__ import annotations

import pandas as pd
import pytest

import crm_lessons as crm
from crm_lessons import marketing_history as mh


def test_theories_carry_the_known_dates_and_authors():
    table = mh.marketing_theories().set_index("theory")
    expected = {"4P": (1960, "McCarthy"), "7P": (1981, "Booms"), "RM": (1983, "Berry"),
                "RMgmt": (1985, "Jackson"), "6P": (1986, "Kotler"), "5P": (1987, "Judd"),
                "4C": (1990, "Lauterborn"), "1:1": (1993, "Peppers")}
    for code, (year, author) in expected.items():
        assert table.at[code, "year"] == year
        assert author in table.at[code, "authors"]
        assert not table.at[code, "approximate"]
        assert str(year) in table.at[code, "source"]          # every dated row names its publication
    assert table.at["3R/4R", "approximate"] and table.at["3R/4R", "source"] == ""
    assert "Schultz" in table.at["3R/4R", "authors"]


def test_theories_list_what_each_extension_added():
    table = mh.marketing_theories().set_index("theory")
    for word in ("product", "price", "place", "promotion"):
        assert word in table.at["4P", "elements"]
    for word in ("participants", "physical evidence", "process"):
        assert word in table.at["7P", "elements"]
    for word in ("political power", "public opinion"):
        assert word in table.at["6P", "elements"]
    assert "people" in table.at["5P", "elements"]
    for word in ("cost", "convenience", "communication"):
        assert word in table.at["4C", "elements"]
    for word in ("relevance", "reaction", "relationship", "reward", "retention", "referrals"):
        assert word in table.at["3R/4R", "elements"]
    for step in ("identify", "differentiate", "interact", "customise"):
        assert step in table.at["1:1", "elements"]


def test_theories_are_sorted_complete_and_fresh():
    table = mh.marketing_theories()
    assert table["year"].is_monotonic_increasing
    assert set(table["family"]) == {"marketing mix", "relationship", "customer view"}
    assert table[["name", "authors", "elements", "added", "why"]].map(lambda s: len(s) > 10).all().all()
    assert table["theory"].is_unique
    table.loc[0, "year"] = 1
    assert mh.marketing_theories().loc[0, "year"] == 1960   # a new copy each call


def test_orientations_run_from_production_to_customer():
    table = mh.business_orientations()
    assert table["orientation"].tolist() == ["production", "sales", "profit", "customer"]
    assert table["start_year"].is_monotonic_increasing
    assert table.columns.tolist() == ["orientation", "period", "start_year", "question", "focus", "weakness"]


def test_driving_forces_name_the_four_forces_and_their_examples():
    table = mh.crm_driving_forces().set_index("force")
    assert list(table.index) == ["customer information", "buyer power", "internal management needs",
                                 "information technology"]
    assert "contact management" in table.at["customer information", "from_"]
    assert "customer care" in table.at["customer information", "to"]
    assert "call centres" in table.at["information technology", "to"]
    assert "basket analysis" in table.at["information technology", "example"]
    for dept in ("sales", "marketing", "service"):
        assert dept in table.at["internal management needs", "from_"]


def test_process_tables():
    assert mh.marketing_process("database")["name"].tolist() == [
        "collect data", "store data", "process data", "find the ideal customers", "use the data",
        "improve the database"]
    assert mh.marketing_process("one_to_one")["step"].tolist() == [1, 2, 3, 4]
    direct = mh.marketing_process("direct")
    assert "measure" in set(direct["name"]) and direct["step"].tolist() == list(range(1, len(direct) + 1))
    forms = set(mh.direct_marketing_forms()["form"])
    assert {"direct mail", "catalogue", "telemarketing", "e-mail and online"} <= forms


@pytest.mark.parametrize("bad, error, message", [
    ("databse", ValueError, r"kind must be one of \['database', 'direct', 'one_to_one'\], got 'databse'"),
    (3, TypeError, "kind must be a string such as 'database', got int"),
    (..., TypeError, "kind must be a string"),
])
def test_process_rejects_bad_kinds(bad, error, message):
    with pytest.raises(error, match=message):
        mh.marketing_process(bad)


def test_chapter_two_tables():
    families = mh.definition_families()
    assert families["family"].tolist() == ["philosophy", "mechanism", "system"]
    examples = mh.definition_examples()
    assert examples["id"].tolist() == list("ABCDEF")
    assert examples["family"].value_counts().to_dict() == {"philosophy": 2, "mechanism": 2, "system": 2}
    versus = mh.crm_vs_traditional()
    assert versus["aspect"].tolist() == ["focus", "main goal", "technique", "means", "path",
                                         "commonality vs individuality"]
    assert "market share" in versus.set_index("aspect").at["main goal", "traditional"]
    assert "share of wallet" in versus.set_index("aspect").at["main goal", "crm"]
    systems = mh.crm_erp_scm().set_index("system")
    assert systems.at["CRM", "faces"].startswith("outside") and systems.at["ERP", "faces"].startswith("inside")
    functions = mh.crm_functions()
    assert {"sales force automation", "marketing automation", "service automation", "channel integration",
            "analysis"} == set(functions["function"])
    assert "customer intelligence" in functions.set_index("function").at["analysis", "what"]
    ideas = mh.core_ideas()["idea"].tolist()
    assert "identify valuable customers" in ideas and "keep valuable customers" in ideas
    assert len(ideas) == 6


def test_timeline_chart_draws_every_theory():
    import matplotlib.pyplot as plt

    ax = crm.plots.marketing_timeline()
    table = mh.marketing_theories()
    points = sum(len(c.get_offsets()) for c in ax.collections)
    assert points == len(table)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Marketing mix", "Customer view", "Relationship"]
    assert ax.get_xlabel() == "Year of publication"
    labels = [t.get_text() for t in ax.texts]
    assert "4P\nMcCarthy 1960" in labels and "3R/4R\nSchultz ~2001" in labels
    only_mix = table[table["family"] == "marketing mix"]
    ax = crm.plots.marketing_timeline(only_mix, title="The mix grew")
    assert ax.get_title() == "The mix grew" and len(ax.get_yticks()) == 1
    with pytest.raises(ValueError, match=r"theories has no column\(s\) 'family'"):
        crm.plots.marketing_timeline(table.drop(columns="family"))
    with pytest.raises(TypeError, match="theories must be a pandas DataFrame, got list"):
        crm.plots.marketing_timeline([1, 2])
    plt.close("all")


def test_tables_are_plain_frames():
    for fn in (mh.marketing_theories, mh.business_orientations, mh.crm_driving_forces,
               mh.direct_marketing_forms, mh.definition_families, mh.definition_examples,
               mh.crm_vs_traditional, mh.crm_erp_scm, mh.crm_functions, mh.core_ideas):
        table = fn()
        assert isinstance(table, pd.DataFrame) and len(table) >= 3
        assert not table.isna().any().any()
