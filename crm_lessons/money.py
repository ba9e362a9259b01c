"""The currency of the simulated data: one home for its symbol and format.

The simulated retailer and trade-fair organiser are Chinese, so their money is in yuan
(renminbi, CNY, written ``¥``; Chinese texts say 元). CDNOW, the real data set, is in US
dollars: pass ``symbol="$"`` where a chart or text shows CDNOW money.
"""
from __future__ import annotations

#: Symbol of the simulated data's currency (yuan, CNY).
SYMBOL = "¥"

__all__ = ["SYMBOL", "money"]


def money(value: float, decimals: int = 0, symbol: str = SYMBOL) -> str:
    """``value`` as money with its symbol and thousands separators, the sign before the symbol.

    >>> money(1234.5), money(-20, 2), money(15.5, 2, symbol="$")
    ('¥1,234', '-¥20.00', '$15.50')
    """
    sign = "-" if value < 0 else ""
    return f"{sign}{symbol}{abs(value):,.{decimals}f}"
