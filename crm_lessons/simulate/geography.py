"""Where the simulated customers and exhibitors live: Chinese regions, provinces and cities.

Names are in pinyin, as Chinese firms write them in Latin letters; their Chinese names live in
``crm_lessons/reference/data_names.csv`` (kinds ``region``, ``province``, ``city``).
"""
from __future__ import annotations

import numpy as np

#: Region -> share of the retailer's customers (five sales regions; the north-east is served from Beijing).
#: No region is small, so that no region's churn rate is mostly noise.
REGION_SHARE = {"East China": 0.26, "South China": 0.20, "North & Northeast China": 0.20,
                "Central China": 0.17, "West China": 0.17}

#: Region -> {province: (weight within the region, [cities, biggest first])}.
PROVINCES: dict[str, dict[str, tuple[float, list[str]]]] = {
    "East China": {"Shanghai": (0.22, ["Shanghai"]), "Jiangsu": (0.22, ["Nanjing", "Suzhou", "Wuxi"]),
                   "Zhejiang": (0.20, ["Hangzhou", "Ningbo", "Wenzhou"]), "Shandong": (0.16, ["Jinan", "Qingdao"]),
                   "Fujian": (0.10, ["Xiamen", "Fuzhou"]), "Anhui": (0.06, ["Hefei"]),
                   "Jiangxi": (0.04, ["Nanchang"])},
    "South China": {"Guangdong": (0.80, ["Guangzhou", "Shenzhen", "Dongguan", "Foshan"]),
                    "Guangxi": (0.14, ["Nanning"]), "Hainan": (0.06, ["Haikou"])},
    "North & Northeast China": {"Beijing": (0.26, ["Beijing"]), "Tianjin": (0.12, ["Tianjin"]),
                                "Hebei": (0.15, ["Shijiazhuang", "Tangshan"]), "Shanxi": (0.06, ["Taiyuan"]),
                                "Inner Mongolia": (0.04, ["Hohhot"]), "Liaoning": (0.20, ["Shenyang", "Dalian"]),
                                "Jilin": (0.08, ["Changchun"]), "Heilongjiang": (0.09, ["Harbin"])},
    "Central China": {"Hubei": (0.38, ["Wuhan", "Yichang"]), "Henan": (0.36, ["Zhengzhou", "Luoyang"]),
                      "Hunan": (0.26, ["Changsha"])},
    "West China": {"Sichuan": (0.32, ["Chengdu", "Mianyang"]), "Chongqing": (0.22, ["Chongqing"]),
                   "Shaanxi": (0.18, ["Xi'an"]), "Yunnan": (0.10, ["Kunming"]), "Guizhou": (0.08, ["Guiyang"]),
                   "Gansu": (0.05, ["Lanzhou"]), "Xinjiang": (0.05, ["Urumqi"])},
}


def places(rng: np.random.Generator, regions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A province and a city for each region in ``regions`` (the first city of a province is the most likely).

    >>> provinces, cities = places(np.random.default_rng(0), np.array(["South China", "West China"]))
    >>> all(p in PROVINCES[r] for r, p in zip(["South China", "West China"], provinces))
    True
    """
    provinces = np.empty(len(regions), dtype=object)
    cities = np.empty(len(regions), dtype=object)
    for i, region in enumerate(regions):
        table = PROVINCES[region]
        names = list(table)
        weights = np.array([table[p][0] for p in names])
        province = names[rng.choice(len(names), p=weights / weights.sum())]
        towns = table[province][1]
        town_w = 0.6 ** np.arange(len(towns))
        provinces[i] = province
        cities[i] = towns[rng.choice(len(towns), p=town_w / town_w.sum())]
    return provinces, cities


def province_city(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """``n`` (province, city) pairs of firms anywhere in China, weighted like the customers.

    >>> provinces, cities = province_city(np.random.default_rng(0), 4)
    >>> len(provinces), len(cities)
    (4, 4)
    """
    names = list(REGION_SHARE)
    regions = np.array(names)[rng.choice(len(names), n, p=list(REGION_SHARE.values()))]
    return places(rng, regions)
