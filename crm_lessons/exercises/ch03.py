"""Exercises of chapter 3 (loyalty theory): reliability, stages, drivers, satisfied defectors."""
from __future__ import annotations

from .. import datasets, loyalty
from ..i18n import N_
from .core import exercise


def _scores():
    survey = datasets.load("survey")
    return loyalty.construct_scores(survey, keep=["customer_id", "lifecycle_stage"])


@exercise("3.1", title=N_("Loyalty across the lifecycle"), hints=[
    N_("A respondent's loyalty index is the mean of their four intentions: "
       "survey[['repurchase', 'price_tolerance', 'cross_buying', 'recommendation']].mean(axis=1)."),
    N_("Group that Series by the stage: index.groupby(survey['lifecycle_stage']).mean() gives one mean per stage."),
    N_("Shortcut: crm.loyalty.construct_scores(survey, keep=['lifecycle_stage']) already holds the index "
       "in its column 'loyalty'."),
], explanation=N_("Loyalty is lowest at the start and the end of the relationship and highest in the stability "
                  "stage, as the lifecycle table predicts."))
def _():
    scores = _scores()
    return scores.groupby("lifecycle_stage")["loyalty"].mean()


@exercise("3.2", title=N_("Is the switching-cost scale reliable?"), hints=[
    N_("The switching-cost items are the columns sc1, sc2 and sc3 of the survey."),
    N_("crm.loyalty.cronbach_alpha takes a DataFrame with one column per item: survey[['sc1', 'sc2', 'sc3']]."),
    N_("By hand: k / (k - 1) * (1 - sum of the item variances / variance of the row totals), with k = 3."),
], explanation=N_("Alpha is above 0.70, so the three items measure one thing well enough to average them, "
                  "though less tightly than the other scales: switching cost is the noisiest construct."))
def _() -> float:
    return loyalty.cronbach_alpha(datasets.load("survey")[loyalty.CONSTRUCTS["switching_cost"]])


@exercise("3.3", title=N_("The least reliable scale"), hints=[
    N_("crm.loyalty.reliability_table(survey) gives one row per construct with its alpha."),
    N_("Sort by the alpha column, or use .loc[table['alpha'].idxmin(), 'construct']."),
], explanation=N_("Its items agree least with each other, so its score carries the most measurement error "
                  "and its effect in a regression is blurred (attenuated) the most."))
def _() -> str:
    table = loyalty.reliability_table(datasets.load("survey"))
    return str(table.loc[table["alpha"].idxmin(), "construct"])


@exercise("3.4", title=N_("The strongest driver in each stage"), hints=[
    N_("Fit crm.loyalty.driver_model(scores) on construct scores that keep the lifecycle_stage column."),
    N_("Keep the rows with rank == 1 and outcome == 'loyalty', leave out the stage 'all'."),
    N_("Turn them into a dict: dict(zip(top['stage'], top['driver']))."),
], explanation=N_("In these simulated data the top driver moves from perceived value (识别期, identification) to "
                  "satisfaction (发展期), trust (稳定期) and switching cost (衰退期): the generator planted that "
                  "order and the driver model recovers it. It illustrates the deck's idea that what keeps a "
                  "customer depends on the stage; it is not a finding about real customers."))
def _() -> dict:
    model = loyalty.driver_model(_scores())
    top = model[(model["rank"] == 1) & (model["outcome"] == "loyalty") & (model["stage"] != loyalty.ALL_STAGES)]
    return dict(zip(top["stage"], top["driver"]))


def _defection():
    return loyalty.defection_table(datasets.load("survey"), datasets.load("orders"), months=6, satisfied_at=5.0)


@exercise("3.5", title=N_("Satisfied, yet gone"), hints=[
    N_("crm.loyalty.defection_table(survey, orders, months=6, satisfied_at=5.0) flags every respondent."),
    N_("Count the rows where both 'satisfied' and 'defected' are True: (table['satisfied'] & "
       "table['defected']).sum()."),
], explanation=N_("These customers said they were satisfied, yet placed no order in the six months after the "
                  "survey: satisfaction alone did not keep them."))
def _() -> int:
    table = _defection()
    return int((table["satisfied"] & table["defected"]).sum())


@exercise("3.6", title=N_("The perceived-value gap"), hints=[
    N_("crm.loyalty.defection_profile(table) gives the mean driver scores per group."),
    N_("Take profile.loc['satisfied, defected', 'perceived_value'] minus "
       "profile.loc['satisfied, stayed', 'perceived_value']."),
], explanation=N_("The gap is negative: satisfied customers who left saw less value for money than satisfied "
                  "customers who stayed; value and switching barriers, not satisfaction, kept customers here."))
def _() -> float:
    profile = loyalty.defection_profile(_defection())
    return float(profile.loc["satisfied, defected", "perceived_value"]
                 - profile.loc["satisfied, stayed", "perceived_value"])


# --------------------------------------------------------------------------------------------
# Decision exercises (issue 12): a choice from the survey plus written reasons
# --------------------------------------------------------------------------------------------
from .core import decision  # noqa: E402  (appended section; the practice checks above stay unchanged)


@decision("3.7", title=N_("A referral programme: which stage to invite?"), options=list(loyalty.STAGES), hints=[
    N_("crm.loyalty.intentions_by_stage(survey) gives the mean recommendation intention per stage."),
    N_("Compare with the deck's table: in which stage does it rate 客户推荐意向 (recommendation) 强, strong?"),
], rubric=[
    N_("Chooses the stage with the highest measured recommendation intention and quotes its mean and another stage's."),
    N_("Cites the deck's lifecycle table (recommendation 无 / 无或弱 / 强 in 识别期 / 发展期 / 稳定期) and says the "
       "data agree."),
    N_("Notes that the survey is simulated, so the agreement illustrates the method rather than proves the theory."),
    N_("Says what to do with the other stages (e.g. development customers: build satisfaction and trust first)."),
], model_reasons="Invite the stability-stage customers: their mean recommendation intention is 5.4 on the 1-7 scale, "
                 "against 4.7 in development, 3.4 in identification and 3.3 in decline. The deck's table says the "
                 "same: recommendation is 无 (none) in 识别期, 无或弱 in 发展期 and 强 (strong) only in "
                 "稳定期. The survey is simulated, so this shows how to check the table, not that it holds for real "
                 "customers.",
          explanation=N_("Customers recommend a firm once loyalty is attitudinal; asking earlier wastes the "
                         "invitation."))
def _() -> str:
    means = loyalty.intentions_by_stage(datasets.load("survey"))
    return str(means["recommendation"].idxmax())


@decision("3.8", title=N_("Keeping satisfied customers: which lever?"),
          options=["perceived_value", "satisfaction", "trust", "switching_cost"], hints=[
    N_("crm.loyalty.defection_profile(defection) compares the mean driver scores of satisfied customers who stayed "
       "and who left."),
    N_("Compute stayed minus defected for each driver: where is the gap largest?"),
], rubric=[
    N_("Chooses the driver with the largest gap between satisfied stayers and satisfied leavers, quoting both means."),
    N_("Explains why raising satisfaction further is not the lever here (the groups are equally satisfied)."),
    N_("States that the data are simulated with this structure, so the result shows the method, not a fact about "
       "real customers; a real firm would test the lever in a controlled trial."),
    N_("Proposes a concrete action on that lever (e.g. value for money: a loyalty price or bundle) for the stage."),
], model_reasons="Among satisfied respondents, those who left saw clearly less value for money: perceived value 4.33 "
                 "against 4.83 for those who stayed, a gap of 0.50, larger than the gaps in trust (0.19) and switching "
                 "cost (0.26), while satisfaction hardly differs. So the lever is perceived value, e.g. a loyalty "
                 "price "
                 "or bundle. The survey was simulated with this structure, so a real firm would test the offer on a "
                 "sample against a control group before rolling it out.",
          explanation=N_("The deck's loyalty model: satisfaction alone cannot stop defection; value, trust and "
                         "switching "
                      "cost decide."))
def _() -> str:
    profile = loyalty.defection_profile(_defection())
    gaps = (profile.loc["satisfied, stayed", list(loyalty.DRIVERS)]
            - profile.loc["satisfied, defected", list(loyalty.DRIVERS)])
    return str(gaps.astype(float).idxmax())
