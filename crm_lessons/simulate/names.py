"""Synthetic people and companies: names, e-mail addresses, phone numbers.

People are Chinese, written in pinyin with the surname first ("Wang Fang"), with Chinese
mobile numbers; all ASCII so that every chart and table renders with any font.
"""
from __future__ import annotations

import numpy as np

# Given names and surnames in pinyin (50 of each: the draws depend on the list lengths).
FIRST = ["Wei", "Fang", "Na", "Min", "Jing", "Li", "Qiang", "Lei", "Jun", "Yang",
         "Yong", "Yan", "Jie", "Tao", "Ming", "Chao", "Xiuying", "Xia", "Ping", "Gang",
         "Hui", "Ying", "Hua", "Lin", "Xin", "Yu", "Hao", "Yi", "Jianguo", "Xiaoming",
         "Mei", "Lan", "Bo", "Kai", "Ning", "Rui", "Yun", "Dan", "Qing", "Hong",
         "Zihan", "Yuxuan", "Haoran", "Xinyi", "Zimo", "Yutong", "Junjie", "Siyu", "Mengyao", "Tianyi"]
LAST = ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou",
        "Xu", "Sun", "Ma", "Zhu", "Hu", "Guo", "He", "Gao", "Lin", "Luo",
        "Zheng", "Liang", "Xie", "Song", "Tang", "Han", "Feng", "Deng", "Cao", "Peng",
        "Zeng", "Xiao", "Tian", "Dong", "Yuan", "Pan", "Yu", "Jiang", "Cai", "Du",
        "Ye", "Cheng", "Wei", "Su", "Lu", "Ding", "Ren", "Shen", "Yao", "Fu"]
DOMAINS = ["qq.example", "163.example", "126.example", "sina.example"]
WORK_DOMAINS = ["work.example", "corp.example"]
# First three digits of Chinese mobile numbers (the phone is 11 digits, written "138 1234 5678").
MOBILE_PREFIXES = ["138", "139", "137", "136", "135", "150", "151", "152", "158", "159",
                   "186", "187", "188", "189", "133", "153", "180", "181", "177", "199"]
COMPANY_WORDS = ["Alpine", "Bright", "Cobalt", "Delta", "Evergreen", "Fusion", "Granite", "Harbor",
                 "Iris", "Juniper", "Keystone", "Lumen", "Meridian", "Nova", "Orbit", "Pioneer",
                 "Quartz", "Ridge", "Summit", "Tidal", "Unity", "Vertex", "Willow", "Zenith"]
COMPANY_TAILS = ["Systems", "Works", "Labs", "Group", "Industries", "Solutions", "Trading", "Tech",
                 "Foods", "Design", "Machines", "Supply"]


def people(rng: np.random.Generator, n: int) -> tuple[list[str], list[str], list[str]]:
    """Return ``n`` unique (name, e-mail, phone) triples.

    >>> names, emails, phones = people(np.random.default_rng(0), 3)
    >>> len(set(emails))
    3
    """
    first = rng.choice(FIRST, n)
    last = rng.choice(LAST, n)
    domains = rng.choice(DOMAINS, n)
    numbers = rng.permutation(np.arange(1_000_000, 9_999_999))[:n]
    names, emails, phones, seen = [], [], [], {}
    for f, surname, d, num in zip(first, last, domains, numbers):
        base = f"{f.lower()}.{surname.lower()}"     # e-mail: given name first, as people write it
        seen[base] = seen.get(base, 0) + 1
        suffix = "" if seen[base] == 1 else str(seen[base])
        names.append(f"{surname} {f}")
        emails.append(f"{base}{suffix}@{d}")
        phones.append(mobile(int(num)))
    return names, emails, phones


def mobile(number: int) -> str:
    """A Chinese mobile number (11 digits) made from a unique 7-digit ``number``.

    >>> mobile(1234567)
    '151 1234 5671'
    """
    digits = f"{number:07d}{(3 * number) % 10}"
    prefix = MOBILE_PREFIXES[(number // 7) % len(MOBILE_PREFIXES)]
    return f"{prefix} {digits[:4]} {digits[4:]}"


def companies(rng: np.random.Generator, n: int) -> list[str]:
    """Return ``n`` unique company names.

    >>> len(set(companies(np.random.default_rng(0), 50)))
    50
    """
    out, seen = [], set()
    while len(out) < n:
        name = f"{rng.choice(COMPANY_WORDS)} {rng.choice(COMPANY_TAILS)}"
        if name in seen:
            name = f"{name} {rng.integers(2, 99)}"
        if name not in seen:
            seen.add(name)
            out.append(name)
    return out
