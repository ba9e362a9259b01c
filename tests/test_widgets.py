"""The explorers as a learner uses them: moving a control changes what the page (and the still picture) shows,
counts read as whole numbers, every slider's readout agrees with its steps, and an in-place redraw looks
exactly like drawing the chart afresh."""
from __future__ import annotations

import re
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import crm_lessons as crm
from crm_lessons import basket, loyalty, models, rfm, tradefair, value
from crm_lessons.widgets._view import Chart

ipywidgets = pytest.importorskip("ipywidgets")


def _still(box) -> str:
    """What a stored notebook shows for the explorer (its text/html), as nbformat saves it."""
    return box._repr_mimebundle_()["text/html"]


def _images(html: str) -> list[str]:
    return re.findall(r'src="data:image/png;base64,([^"]+)"', html)


def _controls(box) -> list:
    found, stack = [], [box]
    while stack:
        node = stack.pop()
        if isinstance(node, ipywidgets.Box):
            stack.extend(reversed(node.children))
        elif isinstance(node, ipywidgets.ValueWidget) and not isinstance(node, (ipywidgets.HTML, ipywidgets.Image)):
            found.append(node)
    return found


def _by_description(box, text: str):
    return next(c for c in _controls(box) if c.description == text)


@pytest.fixture(scope="module")
def orders():
    return crm.datasets.load("orders")


def _exhibitors() -> pd.DataFrame:
    """The bundled exhibitors as chapter 08 tiers them, with a seeded leave probability."""
    table = crm.tradefair.exhibitor_value(crm.datasets.load("exhibitors"), edition=2025, window=3)
    table["tier"] = value.value_tiers(table["value"])
    table["leave_prob"] = np.random.default_rng(8).uniform(0.05, 0.6, len(table))
    return table


@pytest.fixture(scope="module")
def every_explorer(orders):
    """One of each explorer, built on the bundled data (as the notebooks build them)."""
    from crm_lessons.customer_view import build_customer_view

    rng = np.random.default_rng(0)
    survey = pd.DataFrame(rng.integers(1, 8, size=(120, 2)), columns=["trust", "satisfaction"])
    survey["loyalty"] = (survey["trust"] + survey["satisfaction"]) / 2
    toy_rules = basket.association_rules(basket.basket_matrix(basket.toy_transactions()), min_support=0.1,
                                         min_confidence=0.1)
    view = build_customer_view(*(crm.datasets.load(d) for d in
                                 ["customers", "orders", "service_tickets", "marketing_contacts"]))
    return {
        "campaign": crm.widgets.campaign_targeting_explorer(crm.datasets.load("campaign")),
        "customer 360": crm.widgets.customer_360_explorer(view, crm.widgets.showcase_customers(view, 3)),
        "loyalty": crm.widgets.loyalty_explorer(loyalty.driver_model(survey, ["trust", "satisfaction"], stage=None)),
        "clv": crm.widgets.clv_calculator(),
        "rfm": crm.widgets.rfm_explorer(orders),
        "rules": crm.widgets.rules_explorer(basket.basket_matrix(basket.toy_transactions()), lowest_support=0.001),
        "recommender": crm.widgets.basket_recommender(toy_rules, start=["Espresso machine"]),
        "retention": crm.widgets.retention_planner(pd.Series([0.8, 0.5, 0.3, 0.1], index=list("ABCD")), 700.0,
                                                   budget=35.0),
        "budget split": crm.widgets.budget_split_planner(_exhibitors(), budget=140000),
        "datasets": crm.widgets.dataset_explorer("products", rows=3),
        "glossary": crm.widgets.glossary_lookup(),
    }


# --- sliders: steps and readout agree ------------------------------------------------------------------------

def _readout(slider, number: float) -> str:
    return format(number, slider.readout_format)


def _parsed(text: str) -> float:
    return float(text.replace(",", "").rstrip("%")) / (100 if text.endswith("%") else 1)


def test_every_float_slider_shows_each_step_exactly_and_no_idle_decimals(every_explorer):
    checked = 0
    for name, box in every_explorer.items():
        for slider in _controls(box):
            if not isinstance(slider, ipywidgets.FloatSlider):
                continue
            checked += 1
            steps = np.arange(slider.min, slider.max + slider.step / 2, slider.step)[:400]
            for number in steps:                      # every position the slider can take reads back as itself
                shown = _readout(slider, number)
                assert abs(_parsed(shown) - number) < slider.step / 100, (
                    f"{name}: {slider.description!r} moves in steps of {slider.step:g} but shows {number:g} "
                    f"as {shown!r} ({slider.readout_format!r})")
            decimals = re.search(r"\.(\d+)", slider.readout_format)
            if decimals and int(decimals.group(1)) > 0:   # one decimal fewer would lose steps: none is idle
                shorter = slider.readout_format.replace(f".{decimals.group(1)}", f".{int(decimals.group(1)) - 1}")
                assert any(abs(_parsed(format(n, shorter)) - n) >= slider.step / 100 for n in steps), (
                    f"{name}: {slider.description!r} shows more decimals ({slider.readout_format!r}) than its "
                    f"steps of {slider.step:g} need")
    assert checked >= 15


def test_the_rules_support_slider_reads_in_percent_at_its_half_step():
    box = crm.widgets.rules_explorer(basket.basket_matrix(basket.toy_transactions()), lowest_support=0.001)
    support = _by_description(box, "Min support")
    assert support.step == pytest.approx(0.0005)
    assert _readout(support, 0.0015) == "0.15%"
    assert _readout(support, 0.005) == "0.50%"


# --- counts are whole numbers --------------------------------------------------------------------------------

def test_rfm_explorer_shows_customer_counts_as_whole_numbers(every_explorer, orders):
    page = _still(every_explorer["rfm"])
    counts = re.findall(r"<tr><td><b>[^<]*</b></td><td>([^<]*)</td>", page)
    expected = rfm.segment_summary(rfm.rfm_segments(rfm.rfm_scores(rfm.rfm_table(orders))))["customers"]
    assert counts == [f"{int(n):,}" for n in expected]
    # the case that used to read "1,055.0": the CNY data has no segment of 1,000 (Champions: 924), so the
    # float case is checked on three-digit counts (a float would read "924.0" and fail the line above)
    assert any(int(n) >= 100 for n in expected)
    assert not re.search(r"\d\.0</td>", page)


# --- a move of a control changes the page as expected -------------------------------------------------------

def test_rfm_as_of_move_recomputes_segments_and_redraws_the_chart(every_explorer, orders):
    box = every_explorer["rfm"]
    as_of = _by_description(box, "As of")
    before = _still(box)
    first = as_of.options[0]
    as_of.value = first
    after = _still(box)
    known = rfm.rfm_table(orders[pd.to_datetime(orders["order_date"]) < pd.Timestamp(first) + pd.Timedelta(days=1)],
                          as_of=pd.Timestamp(first))
    assert f"<b>{len(known):,} of" in after and f"had ordered by {first}" in after
    assert _images(after) != _images(before) and f'alt="On {first}, ' in after
    as_of.value = as_of.options[-1]
    assert _images(_still(box)) == _images(before)        # back where it started: the same picture


def test_clv_calculator_text_and_chart_follow_the_retention_slider(every_explorer):
    box = every_explorer["clv"]
    before = _images(_still(box))
    _by_description(box, "Retention rate").value = 0.6
    page = _still(box)
    infinite = value.clv(100.0, 0.6, 0.10)
    over_ten = value.clv(100.0, 0.6, 0.10, periods=10)
    assert f"¥{infinite:,.0f}" in page and f'alt="CLV reaches ¥{over_ten:,.0f} after 10 periods"' in page
    assert _images(page) != before


def test_campaign_budget_move_changes_the_table_and_the_title(every_explorer):
    box = every_explorer["campaign"]
    campaign = crm.datasets.load("campaign")
    _by_description(box, "Budget (¥)").value = 2000.0
    chosen = crm.campaigns.target_campaign(campaign, score="prior_orders", ascending=False, budget=2000.0, top=1.0)
    page = _still(box)
    assert f"<tr><th>contacts</th><td>{len(campaign):,}</td><td>{chosen['contacts']:,.0f}</td></tr>" in page
    assert f"ROI on ¥{chosen['cost']:,.0f}" in page


def test_budget_split_title_names_the_tier_with_the_largest_share(every_explorer):
    box = every_explorer["budget split"]
    _by_description(box, "Retention budget (¥)").value = 35000.0
    summary = tradefair.budget_summary(tradefair.budget_split(_exhibitors(), 35000.0, margin_rate=0.5))
    summary = summary.drop(index="total")
    top = summary["budget_share"].idxmax()
    assert f"The {top} tier gets the largest share of the budget ({summary.at[top, 'budget_share']:.0%})" in _still(box)
    _by_description(box, "Retention budget (¥)").value = 140000.0


def test_retention_planner_reports_the_plan_for_the_new_budget(every_explorer):
    box = every_explorer["retention"]
    pictures = _images(_still(box))
    _by_description(box, "Budget (¥)").value = 0.0
    plan = models.targeting_plan(pd.Series([0.8, 0.5, 0.3, 0.1], index=list("ABCD")), 700.0, budget=0.0,
                                 contact_cost=8.0, offer_value=70.0, save_rate=0.1)
    assert models.targeting_summary(plan)["contacts"] == 0
    assert "Contacting 0 customers earns ¥0 expected profit" in _still(box)
    assert _images(_still(box)) != pictures


def test_rules_item_side_is_offered_only_once_an_item_is_picked():
    box = crm.widgets.rules_explorer(basket.basket_matrix(basket.toy_transactions()), lowest_support=0.001)
    side = _by_description(box, "Item is")
    assert side.disabled
    _by_description(box, "Item").value = "Espresso machine"
    assert not side.disabled


def test_rules_count_line_matches_filtering_the_rules_directly():
    baskets = basket.basket_matrix(basket.toy_transactions())
    box = crm.widgets.rules_explorer(baskets, lowest_support=0.001)
    _by_description(box, "Min confidence").value = 0.0
    _by_description(box, "Min lift").value = 1.2
    every_rule = basket.association_rules(basket.frequent_itemsets(baskets, 0.001), min_confidence=0.0)
    expected = basket.filter_rules(every_rule, min_support=0.005, min_confidence=0.0, min_lift=1.2)
    assert f"<b>{len(expected):,} of {len(every_rule):,} rules</b>" in _still(box)


def test_loyalty_slider_moves_redraw_the_bars(every_explorer):
    box = every_explorer["loyalty"]
    before = _images(_still(box))
    _by_description(box, "trust").value = 6.5
    assert _images(_still(box)) != before


# --- the in-place redraw -------------------------------------------------------------------------------------

def test_moving_any_control_away_and_back_gives_back_the_first_picture(every_explorer):
    """An in-place redraw leaves nothing behind: after any detour the explorer looks exactly as it started."""
    for name, box in every_explorer.items():
        for control in _controls(box):
            if control.disabled:                     # e.g. "Item is" until an item is picked
                continue
            start, first = control.value, _still(box)
            if isinstance(control, (ipywidgets.FloatSlider, ipywidgets.IntSlider)):
                other = control.min if control.value != control.min else control.max
            elif isinstance(control, ipywidgets.Checkbox):
                other = not control.value
            elif isinstance(control, ipywidgets.Text):
                other = "value"
            elif isinstance(control, ipywidgets.SelectMultiple):
                other = tuple(o[1] if isinstance(o, tuple) else o for o in control.options[:2])   # (label, item)
            else:
                values = [o[1] if isinstance(o, tuple) else o for o in control.options]
                if len(values) < 2:                  # a menu with one choice (the loyalty model fitted for all stages)
                    continue
                other = next(v for v in values if v != control.value)
            control.value = other
            moved = _still(box)
            control.value = start
            assert _still(box) == first, f"{name}: moving {control.description!r} and back changed the picture"
            if _images(first):                       # a chart explorer: every control changes what it shows
                assert moved != first, f"{name}: moving {control.description!r} changed nothing on the page"


@pytest.fixture
def restored_rc():
    import matplotlib

    saved = matplotlib.rcParams.copy()
    yield
    matplotlib.rcParams.update(saved)


@pytest.mark.parametrize("theme", ["matplotlib defaults", "workbook theme"])
def test_an_in_place_redraw_is_pixel_for_pixel_a_fresh_drawing(theme, restored_rc):
    import matplotlib

    import crm_lessons as crm

    matplotlib.rcdefaults()
    if theme == "workbook theme":       # its white-grid style draws the frame above the bars in a full drawing
        crm.setup()
    chart = Chart(5, 3)
    bars = chart.ax.bar([1, 2, 3], [3, 1, 2])
    chart.ax.set_ylim(0, 5)
    chart.ax.set_title("first")
    chart.moving(*bars, chart.ax.title)
    chart.png()
    for bar, height in zip(bars, [1, 4, 2]):
        bar.set_height(height)
    chart.ax.set_title("Bar 2 leads")
    moved = chart.png()
    chart.restyle()
    assert chart.png() == moved
    fresh = Chart(5, 3)
    fresh.ax.bar([1, 2, 3], [1, 4, 2])
    fresh.ax.set_ylim(0, 5)
    fresh.ax.set_title("Bar 2 leads")
    assert fresh.png() == moved


def test_a_changed_axis_range_redraws_the_ticks():
    chart = Chart(5, 3)
    (line,) = chart.ax.plot([0, 1], [0, 1])
    chart.moving(line)
    small = chart.png()
    line.set_data([0, 1], [0, 100])
    chart.ax.relim()
    chart.ax.autoscale_view()
    big = chart.png()
    fresh = Chart(5, 3)
    fresh.ax.plot([0, 1], [0, 100])
    assert big != small and fresh.png() == big


# --- set-up warms matplotlib up ------------------------------------------------------------------------------

def test_warm_up_builds_the_font_cache_and_says_so(tmp_path):
    env = {"MPLCONFIGDIR": str(tmp_path), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(crm.__file__).rsplit("/", 2)[0]}
    done = subprocess.run([sys.executable, "-m", "crm_lessons.warm_up"], capture_output=True, text=True, env=env,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].startswith("Importing matplotlib (the first time on a machine it builds")
    assert "matplotlib is ready" in done.stdout
    assert list(tmp_path.glob("fontlist-*.json")), "no font cache was written"


@pytest.mark.parametrize("build, control, moved_to", [
    (lambda **kw: crm.widgets.clv_calculator(**kw), "Margin per period (¥)", {"margin": 370.0}),
    (lambda **kw: crm.widgets.clv_calculator(**kw), "Retention rate", {"retention": 0.55}),
    (lambda **kw: crm.widgets.retention_planner(pd.Series(np.linspace(0.9, 0.05, 40), index=[f"C{i}" for i in
                                                range(40)]), 60.0, **kw), "Save rate (churners kept)",
     {"save_rate": 0.5}),
    (lambda **kw: crm.widgets.campaign_targeting_explorer(crm.datasets.load("campaign"), **kw), "Budget (¥)",
     {"budget": 3000.0}),
])
def test_a_moved_explorer_looks_exactly_like_one_started_there(build, control, moved_to):
    """Nothing drawn for the old setting survives an in-place redraw (e.g. a zero line left at the old scale)."""
    moved = build()
    _by_description(moved, control).value = next(iter(moved_to.values()))
    assert _images(_still(moved)) == _images(_still(build(**moved_to)))
