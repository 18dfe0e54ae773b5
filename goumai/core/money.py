"""Money is ``Decimal`` yuan with two decimals, from input to database to screen."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from goumai.core.rounding import CENT, money

MAX_AMOUNT = Decimal("999999999999.99")  # fits DecimalField(max_digits=14, decimal_places=2)


class AmountTooLarge(ValueError):
    """More than the database holds: 12 digits before the decimal point."""


def too_large_message() -> str:
    return _("金额过大（最多 12 位整数）。")


def to_money(value) -> Decimal:
    """A Decimal with exactly two places; raises ``ValueError`` for anything else
    (floats are refused: 0.1 + 0.2 is not money), ``AmountTooLarge`` beyond
    ``MAX_AMOUNT``."""
    if isinstance(value, float):
        raise ValueError("money must not be a float")
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        raise ValueError(f"not an amount: {value!r}") from None
    if not amount.is_finite():
        raise ValueError(f"not an amount: {value!r}")
    if abs(amount) > MAX_AMOUNT:
        raise AmountTooLarge(f"amount too large: {value!r}")
    if amount != amount.quantize(CENT):
        raise ValueError(f"not an amount in yuan with at most 2 decimals: {value!r}")
    return amount.quantize(CENT)


def amount_error(error: ValueError, message: str) -> str:
    """What to tell the user about a refused amount: "too large" when it is, else
    ``message``."""
    return too_large_message() if isinstance(error, AmountTooLarge) else message


def format_yuan(amount: Decimal | None) -> str:
    """``1234567.8`` → ``1,234,567.80``."""
    if amount is None:
        return ""
    return f"{money(amount):,.2f}"


def format_wan(amount: Decimal | None) -> str:
    """``1234567.8`` → ``123.46`` (万元), for large figures."""
    if amount is None:
        return ""
    return f"{money(Decimal(amount) / Decimal(10000)):,.2f}"


def money_sum(value) -> Decimal:
    """An aggregated sum as money: ``None`` → 0.00, always two decimals (SQLite's SUM
    drops the scale)."""
    return money(value or 0)
