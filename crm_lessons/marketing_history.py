"""Reference tables for chapters 1 and 2: where CRM came from and what it is.

The tables are data (``crm_lessons/reference/course_tables.json``, read by
:mod:`crm_lessons.reference`); this module gives each one a name and a docstring, so a
notebook can sort, filter and chart it instead of showing a picture. Chapter 1 uses the
theory timeline (:func:`marketing_theories`), the business orientations, the driving forces,
the steps of direct, database and one-to-one marketing, process management and the deck
corrections; chapter 2 uses the families of CRM definitions, the comparison with traditional
marketing and with ERP/SCM, the functions and roles of a CRM system and the core ideas.

Years and authors are given only where the publication is known; a row whose year is a
rough date says so in its ``approximate`` column. The wording is ours; Chinese names are
the course decks' terms.

Examples
--------
>>> theories = marketing_theories()
>>> row = theories.set_index("theory").loc["4P"]
>>> int(row["year"]), row["authors"]
(1960, 'E. Jerome McCarthy')
"""
from __future__ import annotations

import pandas as pd

from . import reference
from .i18n import tr

__all__ = ["marketing_theories", "business_orientations", "crm_driving_forces", "direct_marketing_forms",
           "marketing_process", "PROCESSES", "definition_families", "definition_examples", "crm_vs_traditional",
           "crm_erp_scm", "crm_functions", "core_ideas", "crm_readings", "crm_cornerstones", "crm_roles",
           "benefit_claims", "process_management", "crm_process_features", "crm_value_chain", "deck_corrections"]

#: The steps of each marketing process: kind -> list of (name, what). The database steps are
#: those of the course deck (客户关系管理概述, 数据库营销策略的过程); chapters 1 and 7 both show them.
PROCESSES: dict[str, list[tuple[str, str]]] = {
    kind: list(zip(reference.table(f"process_{kind}")["name"], reference.table(f"process_{kind}")["what"]))
    for kind in ("direct", "database", "one_to_one")}


def marketing_theories() -> pd.DataFrame:
    """The evolution of marketing thinking, one row per theory, sorted by year.

    Returns
    -------
    pandas.DataFrame
        Columns ``theory`` (short code such as ``"4P"``), ``name``, ``year`` (int),
        ``approximate`` (True when the year is a rough date), ``family`` (``"marketing mix"``,
        ``"relationship"`` or ``"customer view"``), ``authors``, ``elements``, ``added``
        (what it added), ``why`` (why it appeared) and ``source`` (short citation; empty
        when no single publication can be named).

    Examples
    --------
    >>> marketing_theories()["year"].is_monotonic_increasing
    True
    """
    frame = reference.table("theories").astype({"year": int, "approximate": bool})
    return frame.sort_values(["year", "theory"], kind="stable").reset_index(drop=True)


def business_orientations() -> pd.DataFrame:
    """The four business orientations, from production-centred to customer-centred.

    Periods are rough: they describe the typical order in industrial economies, and
    firms and countries moved at different speeds.

    Returns
    -------
    pandas.DataFrame
        Columns ``orientation``, ``period``, ``start_year`` (int, approximate),
        ``question`` (what management asks), ``focus`` and ``weakness``, in historical order.

    Examples
    --------
    >>> business_orientations()["orientation"].tolist()
    ['production', 'sales', 'profit', 'customer']
    """
    return reference.table("orientations").astype({"start_year": int})


def crm_driving_forces() -> pd.DataFrame:
    """The four forces that pushed firms towards CRM, with the deck's name for each.

    Returns
    -------
    pandas.DataFrame
        Columns ``force``, ``from_`` (the old situation), ``to`` (the new one), ``example``,
        ``response`` (what it asks of the firm) and ``deck_name`` (原动力, 拉动力, 牵动力, 推动力).

    Examples
    --------
    >>> crm_driving_forces()["deck_name"].str[:3].tolist()
    ['原动力', '拉动力', '牵动力', '推动力']
    """
    return reference.table("driving_forces")


def direct_marketing_forms() -> pd.DataFrame:
    """The common forms (media) of direct marketing.

    Returns
    -------
    pandas.DataFrame
        Columns ``form``, ``what`` and ``traits``.

    Examples
    --------
    >>> "direct mail" in set(direct_marketing_forms()["form"])
    True
    """
    return reference.table("direct_marketing_forms")


def marketing_process(kind: str) -> pd.DataFrame:
    """The steps of direct (``"direct"``), database (``"database"``) or one-to-one (``"one_to_one"``) marketing.

    The database-marketing steps are the course deck's six (数据库营销策略的过程), the one
    list both chapter 1 and chapter 7 show.

    Parameters
    ----------
    kind : str
        One of the keys of :data:`PROCESSES`.

    Returns
    -------
    pandas.DataFrame
        Columns ``step`` (1, 2, ...), ``name`` and ``what``, plus ``chinese`` (the deck's
        wording) for the database and one-to-one steps.

    Examples
    --------
    >>> marketing_process("one_to_one")["name"].tolist()
    ['identify', 'differentiate', 'interact', 'customise']
    >>> marketing_process("database")["chinese"].iloc[-1]
    '模型效果监控和更新'
    """
    if not isinstance(kind, str):
        raise TypeError(tr("kind must be a string such as 'database', got {type_name}.", type_name=type(kind).__name__))
    if kind not in PROCESSES:
        raise ValueError(tr("kind must be one of {choices}, got {kind!r}.", choices=sorted(PROCESSES), kind=kind))
    steps = reference.table(f"process_{kind}")
    steps.insert(0, "step", range(1, len(steps) + 1))
    return steps


def definition_families() -> pd.DataFrame:
    """The three families of CRM definitions, what each stresses and the deck's name and source for it.

    Returns
    -------
    pandas.DataFrame
        Columns ``family`` (``"philosophy"``, ``"mechanism"``, ``"system"``), ``sees_crm_as``,
        ``typical_wording``, ``strength``, ``blind_spot``, ``deck_class`` (第一类 …),
        ``role_in_crm`` (指导思想 / 制度保证 / 技术支持) and ``deck_cites``.

    Examples
    --------
    >>> definition_families()["family"].tolist()
    ['philosophy', 'mechanism', 'system']
    """
    return reference.table("definition_families")


def definition_examples() -> pd.DataFrame:
    """Six short definitions of CRM in our own words, each belonging to one family.

    Returns
    -------
    pandas.DataFrame
        Columns ``id`` (``"A"`` to ``"F"``), ``statement`` and ``family``
        (as in :func:`definition_families`).

    Examples
    --------
    >>> sorted(set(definition_examples()["family"]))
    ['mechanism', 'philosophy', 'system']
    """
    return reference.table("definition_examples")


def crm_vs_traditional() -> pd.DataFrame:
    """CRM compared with traditional (transaction) marketing, aspect by aspect.

    Returns
    -------
    pandas.DataFrame
        Columns ``aspect``, ``traditional`` and ``crm``; six aspects (focus, main goal,
        technique, means, path, commonality vs individuality).

    Examples
    --------
    >>> crm_vs_traditional().set_index("aspect").loc["main goal", "traditional"][:12]
    'market share'
    """
    return reference.table("crm_vs_traditional")


def crm_erp_scm() -> pd.DataFrame:
    """CRM, ERP and SCM side by side: whom each faces, who uses it, what data, what goal.

    Returns
    -------
    pandas.DataFrame
        Columns ``system``, ``faces``, ``users``, ``core_data`` and ``goal``.

    Examples
    --------
    >>> crm_erp_scm()["system"].tolist()
    ['CRM', 'ERP', 'SCM']
    """
    return reference.table("crm_erp_scm")


def crm_functions() -> pd.DataFrame:
    """The functions of a CRM system, with the usual operational/collaborative/analytical label.

    Returns
    -------
    pandas.DataFrame
        Columns ``function``, ``kind``, ``what`` and ``example``.

    Examples
    --------
    >>> crm_functions()["kind"].unique().tolist()
    ['operational', 'collaborative', 'analytical']
    """
    return reference.table("crm_functions")


def core_ideas() -> pd.DataFrame:
    """The eight core ideas of CRM (客户关系管理的八大理念), in the deck's order.

    Returns
    -------
    pandas.DataFrame
        Columns ``number`` (1-8), ``idea``, ``chinese``, ``meaning``, ``in_practice`` and
        ``chapter`` (where the workbook works on it).

    Examples
    --------
    >>> len(core_ideas()), core_ideas()["idea"].iloc[5]
    (8, 'customer lifetime profit decides value')
    """
    return reference.table("core_ideas").astype({"number": int})


def crm_readings() -> pd.DataFrame:
    """Three readings of what CRM is (客户关系管理的诠释, exhibition deck).

    Returns
    -------
    pandas.DataFrame
        Columns ``reading``, ``chinese`` and ``meaning``.

    Examples
    --------
    >>> crm_readings()["reading"].iloc[0]
    'a profit strategy'
    """
    return reference.table("crm_readings")


def crm_cornerstones() -> pd.DataFrame:
    """The three cornerstones of CRM (客户关系管理的基石, exhibition deck).

    Returns
    -------
    pandas.DataFrame
        Columns ``cornerstone``, ``chinese`` and ``meaning``.

    Examples
    --------
    >>> crm_cornerstones()["cornerstone"].tolist()
    ['create customer value', 'the product is a process', "the firm's responsibility"]
    """
    return reference.table("cornerstones")


def crm_roles() -> pd.DataFrame:
    """What a CRM system does for the firm (CRM的作用, information deck): three roles.

    Returns
    -------
    pandas.DataFrame
        Columns ``role``, ``chinese``, ``how`` and ``example``.

    Examples
    --------
    >>> crm_roles()["chinese"].tolist()
    ['加强与客户的沟通', '有效挖掘ERP的潜力', '改善员工工作环境']
    """
    return reference.table("crm_roles")


def benefit_claims() -> pd.DataFrame:
    """The before-and-after figures the information deck quotes for CRM, as it gives them (no source).

    Returns
    -------
    pandas.DataFrame
        Columns ``measure``, ``chinese``, ``change`` (a fraction: 0.51 = +51 %),
        ``direction`` and ``deck_source`` (``"none given"`` for every row).

    Examples
    --------
    >>> float(benefit_claims().set_index("measure").loc["sales per salesperson", "change"])
    0.51
    """
    return reference.table("benefit_claims").astype({"change": float})


def process_management() -> pd.DataFrame:
    """How management thought about processes, from Taylor to six sigma (流程管理的演进).

    Returns
    -------
    pandas.DataFrame
        Columns ``stage``, ``chinese``, ``era``, ``view_of_process`` and ``source``.

    Examples
    --------
    >>> process_management()["stage"].tolist()[0]
    'scientific management'
    """
    return reference.table("process_management")


def crm_process_features() -> pd.DataFrame:
    """The three features of a customer-facing CRM process framework (CRM流程运作框架的三个特征).

    Returns
    -------
    pandas.DataFrame
        Columns ``feature``, ``chinese`` and ``meaning``.

    Examples
    --------
    >>> crm_process_features()["chinese"].tolist()
    ['面向客户', '战略性', '整合性']
    """
    return reference.table("crm_process_features")


def crm_value_chain() -> pd.DataFrame:
    """The CRM value chain: primary activities and the supporting conditions they need (Buttle 2009).

    Returns
    -------
    pandas.DataFrame
        Columns ``activity``, ``kind`` (``"primary"`` or ``"supporting"``) and ``what``.

    Examples
    --------
    >>> crm_value_chain()["kind"].value_counts().to_dict()
    {'primary': 5, 'supporting': 4}
    """
    return reference.table("crm_value_chain")


def deck_corrections() -> pd.DataFrame:
    """Where a course deck itself is wrong about chapter 1's history, and what the source says.

    Returns
    -------
    pandas.DataFrame
        Columns ``deck`` (file number, e.g. ``"003"``), ``topic``, ``deck_says``,
        ``source_says`` and ``citation``.

    Examples
    --------
    >>> deck_corrections()["topic"].tolist()
    ['4P', '4C', '4P', 'relationship management']
    """
    return reference.table("deck_corrections")
