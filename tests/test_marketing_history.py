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
                "4C": (1990, "Lauterborn"), "1:1": (1993, "Peppers"), "3R": (1990, "Reichheld")}
    for code, (year, author) in expected.items():
        assert table.at[code, "year"] == year
        assert author in table.at[code, "authors"]
        assert not table.at[code, "approximate"]
        assert str(year) in table.at[code, "source"]          # every dated row names its publication
    # issue 12: 3R is Reichheld & Sasser's (1990); only 4R is credited to Schultz, with a rough date
    assert "Sasser" in table.at["3R", "authors"] and "Schultz" not in table.at["3R", "authors"]
    assert table.at["4R", "approximate"] and table.at["4R", "source"] == ""
    assert "Schultz" in table.at["4R", "authors"]


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
    for word in ("relevance", "reaction", "relationship", "reward"):
        assert word in table.at["4R", "elements"]
    for word in ("retention", "related sales", "referrals"):
        assert word in table.at["3R", "elements"]
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


def test_database_marketing_follows_the_deck_six_steps():
    # the six steps of 数据库营销策略的过程 in the CRM overview deck (course_decks/000), in its order
    deck = ["建立完整的客户信息数据库", "构建客户消费行为特征变量集", "构建数据挖掘模型",
            "根据模型分析的结果制定并实施营销方案", "营销效果评估分析", "模型效果监控和更新"]
    steps = mh.marketing_process("database")
    assert steps["chinese"].tolist() == deck
    assert steps["step"].tolist() == [1, 2, 3, 4, 5, 6]
    assert [name for name, _ in mh.PROCESSES["database"]] == steps["name"].tolist()
    assert "model" in steps.at[2, "name"] and "evaluate" in steps.at[4, "name"]


def test_process_tables():
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
    ideas = mh.core_ideas()
    assert ideas["number"].tolist() == list(range(1, 9))          # the deck's eight ideas (八大理念)
    chinese = "".join(ideas["chinese"])
    for term in ("最重要的资产", "最高原则", "客户忠诚", "生命周期", "两项基本任务", "CLP", "转移成本", "支持平台"):
        assert term in chinese


def test_timeline_chart_draws_every_theory():
    import matplotlib.pyplot as plt

    ax = crm.plots.marketing_timeline()
    table = mh.marketing_theories()
    points = sum(len(c.get_offsets()) for c in ax.collections)
    assert points == len(table)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Marketing mix", "Customer view", "Relationship"]
    assert ax.get_xlabel() == "Year of publication"
    labels = [t.get_text() for t in ax.texts]
    assert "4P\nMcCarthy 1960" in labels and "4R\nSchultz ~2001" in labels and "3R\nReichheld 1990" in labels
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
               mh.crm_vs_traditional, mh.crm_erp_scm, mh.crm_functions, mh.core_ideas, mh.crm_readings,
               mh.crm_cornerstones, mh.crm_roles, mh.benefit_claims, mh.process_management,
               mh.crm_process_features, mh.crm_value_chain, mh.deck_corrections):
        table = fn()
        assert isinstance(table, pd.DataFrame) and len(table) >= 3
        assert not table.isna().any().any()


def test_deck_tables_follow_the_decks():
    # deck 003 (会展客户关系管理): the three readings and the three cornerstones
    assert mh.crm_readings()["chinese"].str.contains("盈利战略|互动过程|差异化管理").all()
    assert mh.crm_cornerstones()["chinese"].tolist() == ["创造客户价值", "产品是“过程”", "企业的责任"]
    # deck 000: Taylor -> behavioural school -> BPR -> six sigma, and the three framework features
    assert mh.process_management()["chinese"].str[:2].tolist() == ["泰勒", "行为", "业务", "6σ"]
    assert mh.crm_process_features()["chinese"].tolist() == ["面向客户", "战略性", "整合性"]
    # deck 001: the benefit figures as the deck prints them, and the fact that it names no source
    claims = mh.benefit_claims().set_index("measure")["change"].to_dict()
    assert claims == {"sales per salesperson": 0.51, "customer satisfaction": 0.20, "cost": -0.21,
                      "sales cycle": -0.33, "profit": 0.20}
    assert (mh.benefit_claims()["deck_source"] == "none given").all()
    assert mh.crm_roles()["chinese"].tolist() == ["加强与客户的沟通", "有效挖掘ERP的潜力", "改善员工工作环境"]
    families = mh.definition_families().set_index("family")
    assert families.at["mechanism", "deck_cites"] == "Brown (2000)"
    assert families["role_in_crm"].tolist() == ["指导思想", "制度保证", "技术支持"]


def test_deck_corrections_name_the_deck_and_the_source():
    table = mh.deck_corrections()
    assert set(table["deck"]) <= {"000", "001", "002", "003"}
    said = " ".join(table["deck_says"])
    for error in ("Mega marketing", "麦肯锡", "mid-1970s"):
        assert error in said
    assert table["citation"].str.contains(r"\(\d{4}\)").all()


def test_reference_loader_rejects_unknown_tables_and_gives_copies():
    from crm_lessons import reference

    with pytest.raises(ValueError, match="No reference table 'theory'; the tables are: .*theories"):
        reference.table("theory")
    with pytest.raises(TypeError, match="name must be a table name"):
        reference.table(...)
    first = reference.table("core_ideas")
    first.loc[0, "idea"] = "changed"
    assert reference.table("core_ideas").loc[0, "idea"] != "changed"


def test_reference_data_ships_with_the_package():
    from importlib import resources

    assert resources.files("crm_lessons.reference").joinpath("course_tables.json").is_file()
