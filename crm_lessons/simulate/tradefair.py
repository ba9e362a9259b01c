"""The simulated trade-fair organiser: exhibitors across seven annual editions (2019-2025).

The organiser is Chinese (:data:`ORGANISER`, based in Shanghai) and runs one yearly industrial fair
(:data:`FAIR`); most exhibitors are Chinese firms (with their province), the rest come from abroad.
Money is in yuan (CNY).

Whether an exhibitor books the next edition (``renewed``) depends on its satisfaction,
the leads it collected per square metre, how many editions it has attended and its size:
the planted renewal drivers in ``RENEWAL_COEF``.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .geography import province_city
from .names import companies

EDITIONS = list(range(2019, 2026))
INDUSTRIES = ["Machinery", "Automation", "Packaging", "Logistics", "Software", "Materials",
              "Energy", "Food technology"]
#: The fictional organiser and its fair, in English and Chinese.
ORGANISER = {"en": "Shanghai Huazhan Exhibition Co., Ltd.", "zh": "上海华展会展有限公司"}
FAIR = {"en": "China International Industrial Technology Fair (Shanghai)", "zh": "中国国际工业技术博览会（上海）"}
COUNTRIES = ["China", "Germany", "Japan", "South Korea", "United States", "Italy", "Singapore",
             "Malaysia", "Thailand", "Vietnam"]
COUNTRY_SHARE = [0.62, 0.07, 0.07, 0.06, 0.04, 0.03, 0.03, 0.03, 0.03, 0.02]
SIZES = ["small firm", "mid-size firm", "large firm"]
BOOTH_SQM = {"small firm": (9, 24), "mid-size firm": (24, 60), "large firm": (60, 200)}
PRICE_PER_SQM = 1980.0           # CNY per square metre of raw space in 2019, +3 % a year
# Log-odds of booking the next edition.
RENEWAL_COEF = {"intercept": 0.2, "satisfaction": 0.55, "leads_per_sqm": 1.1, "editions_attended": 0.25,
                "large": 0.4}


def exhibitors(seed: int = 2024, first_year_exhibitors: int = 450) -> tuple[pd.DataFrame, dict]:
    """Simulate the exhibitor history; return (table, planted truth).

    Examples
    --------
    >>> table, truth = exhibitors(seed=1, first_year_exhibitors=60)
    >>> sorted(table["edition"].unique().tolist())[:2]
    [2019, 2020]
    """
    if first_year_exhibitors < 20:
        raise ValueError(f"first_year_exhibitors must be at least 20, got {first_year_exhibitors}.")
    rng = np.random.default_rng(seed)
    pool = first_year_exhibitors * 4
    names = companies(rng, pool)
    profile = pd.DataFrame({
        "exhibitor_id": [f"E{i:04d}" for i in range(1, pool + 1)],
        "company": names,
        "industry": rng.choice(INDUSTRIES, pool),
        "country": rng.choice(COUNTRIES, pool, p=COUNTRY_SHARE),
        "company_size": rng.choice(SIZES, pool, p=[0.5, 0.35, 0.15]),
    })
    _domestic_names(profile, np.random.default_rng([seed, 1]))   # own stream: the draws below stay as they were
    experience = rng.normal(0, 1, pool)        # how well the fair suits this exhibitor (hidden)
    industry_leads = dict(zip(INDUSTRIES, rng.uniform(0.6, 1.4, len(INDUSTRIES))))
    next_new = 0
    active: list[int] = []
    first = np.full(pool, 0)
    attended = np.zeros(pool, dtype=int)
    rows = []
    for year in EDITIONS:
        newcomers = first_year_exhibitors if year == EDITIONS[0] else int(rng.integers(150, 190))
        new_ids = list(range(next_new, min(pool, next_new + newcomers)))
        next_new += len(new_ids)
        for i in new_ids:
            first[i] = year
        present = active + new_ids
        for i in present:
            size = profile.at[i, "company_size"]
            lo, hi = BOOTH_SQM[size]
            sqm = int(np.round(rng.uniform(lo, hi) / 3) * 3)
            booth_type = rng.choice(["inline", "corner", "island"],
                                    p=[0.6, 0.3, 0.1] if size != "large firm" else [0.2, 0.4, 0.4])
            premium = {"inline": 1.0, "corner": 1.12, "island": 1.25}[booth_type]
            price = PRICE_PER_SQM * 1.03 ** (year - EDITIONS[0])
            services = float(np.round(rng.lognormal(8.9 + 0.4 * SIZES.index(size), 0.5), -1))   # ~7,300 CNY
            rate = 1.6 * industry_leads[profile.at[i, "industry"]] * np.exp(0.35 * experience[i])
            leads = int(rng.poisson(rate * sqm))
            satisfaction = int(np.clip(np.rint(6.2 + 1.3 * experience[i] + 0.6 * (booth_type != "inline")
                                               + rng.normal(0, 1.0)), 1, 10))
            attended[i] += 1
            logit = (RENEWAL_COEF["intercept"] + RENEWAL_COEF["satisfaction"] * (satisfaction - 6.5)
                     + RENEWAL_COEF["leads_per_sqm"] * (leads / sqm - 1.6)
                     + RENEWAL_COEF["editions_attended"] * min(attended[i], 4)
                     + RENEWAL_COEF["large"] * (size == "large firm"))
            renew = bool(rng.random() < 1 / (1 + np.exp(-logit)))
            rows.append((i, year, sqm, booth_type, round(sqm * price * premium, 2), services, leads,
                         satisfaction, renew if year < EDITIONS[-1] else None))
        active = [r[0] for r in rows if r[1] == year and r[8]]
    table = pd.DataFrame(rows, columns=["idx", "edition", "booth_sqm", "booth_type", "spend", "services_spend",
                                        "leads", "satisfaction", "renewed"])
    table["first_edition"] = first[table["idx"].to_numpy()]
    table = profile.iloc[table["idx"]].reset_index(drop=True).join(table.drop(columns="idx"))
    order = ["exhibitor_id", "company", "industry", "country", "province", "company_size", "edition", "first_edition",
             "booth_sqm", "booth_type", "spend", "services_spend", "leads", "satisfaction", "renewed"]
    table = table[order]
    table["renewed"] = table["renewed"].astype("boolean")
    table = table.sort_values(["edition", "exhibitor_id"], kind="stable").reset_index(drop=True)
    truth = {"renewal_coef": RENEWAL_COEF,
             "experience": pd.Series(experience, index=profile["exhibitor_id"], name="experience")}
    return table, truth


#: Words of Chinese firm names in pinyin ("Ningbo Hengxin Machinery").
BRAND_WORDS = ["Hengxin", "Huaxing", "Jinlong", "Tianyu", "Xinda", "Zhongke", "Ruifeng", "Hongyuan", "Shengda",
               "Yongli", "Haitian", "Jiahe", "Mingtai", "Dongfang", "Kaida", "Baosheng", "Chuangwei", "Lianfa"]
INDUSTRY_TAIL = {"Machinery": "Machinery", "Automation": "Automation", "Packaging": "Packaging",
                 "Logistics": "Logistics", "Software": "Software", "Materials": "New Materials",
                 "Energy": "New Energy", "Food technology": "Food Machinery"}


def _domestic_names(profile: pd.DataFrame, rng: np.random.Generator) -> None:
    """Give the Chinese exhibitors a province and a Chinese firm name (city + brand + trade); in place."""
    domestic = (profile["country"] == "China").to_numpy()
    provinces, cities = province_city(rng, int(domestic.sum()))
    brands = rng.choice(BRAND_WORDS, int(domestic.sum()))
    names = [f"{city} {brand} {INDUSTRY_TAIL[industry]}"
             for city, brand, industry in zip(cities, brands, profile.loc[domestic, "industry"])]
    seen: dict[str, int] = {}
    for k, name in enumerate(names):
        seen[name] = seen.get(name, 0) + 1
        names[k] = name if seen[name] == 1 else f"{name} {seen[name]}"
    profile["province"] = pd.Series(pd.NA, index=profile.index, dtype="string")
    profile.loc[domestic, "province"] = provinces
    profile.loc[domestic, "company"] = names
