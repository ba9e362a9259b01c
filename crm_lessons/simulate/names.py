"""Synthetic people and companies: names, e-mail addresses, phone numbers.

All ASCII so that every chart and table renders with any font.
"""
from __future__ import annotations

import numpy as np

FIRST = ["Anna", "Ben", "Chloe", "Daniel", "Elena", "Farid", "Grace", "Hugo", "Isla", "Jonas",
         "Kira", "Liam", "Maya", "Noah", "Olivia", "Pavel", "Quinn", "Rosa", "Samir", "Tara",
         "Umar", "Vera", "Wei", "Xenia", "Yusuf", "Zoe", "Aiko", "Bruno", "Carmen", "Dmitri",
         "Emma", "Felix", "Gita", "Hana", "Ivan", "Julia", "Kwame", "Lena", "Marco", "Nina",
         "Oscar", "Priya", "Rafael", "Sofia", "Tomas", "Ula", "Victor", "Wanda", "Yara", "Li"]
LAST = ["Adams", "Becker", "Chen", "Dubois", "Evans", "Fischer", "Garcia", "Hansen", "Ito",
        "Jansen", "Kowalski", "Larsen", "Martin", "Novak", "Okafor", "Petrov", "Quinn", "Rossi",
        "Schmidt", "Tanaka", "Usman", "Varga", "Wang", "Young", "Zhang", "Alvarez", "Brown",
        "Costa", "Dahl", "Eriksen", "Ferreira", "Gupta", "Horvat", "Ivanova", "Jones", "Khan",
        "Lopez", "Moreau", "Nielsen", "Olsen", "Park", "Reyes", "Silva", "Taylor", "Weber",
        "Yilmaz", "Lee", "Singh", "Kim", "Muller"]
DOMAINS = ["mail.example", "post.example", "inbox.example", "web.example"]
WORK_DOMAINS = ["work.example", "corp.example"]
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
        base = f"{f.lower()}.{surname.lower()}"
        seen[base] = seen.get(base, 0) + 1
        suffix = "" if seen[base] == 1 else str(seen[base])
        names.append(f"{f} {surname}")
        emails.append(f"{base}{suffix}@{d}")
        phones.append(f"07{num // 1000:04d} {num % 1000:03d}0"[:13])
    return names, emails, phones


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
