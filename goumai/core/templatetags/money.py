from decimal import Decimal

from django import template

from goumai.core.money import format_wan, format_yuan

register = template.Library()


@register.filter
def yuan(amount) -> str:
    """元 with thousands separators; figures of 10,000 or more also in 万元."""
    if amount is None or amount == "":
        return ""
    amount = Decimal(str(amount))  # a figure kept as text (an opening sheet) too
    text = f"{format_yuan(amount)} 元"
    if abs(amount) >= 10000:
        text += f"（{format_wan(amount)} 万元）"
    return text


@register.filter
def yuan_plain(amount) -> str:
    return format_yuan(amount)


@register.filter
def yuan_wan(amount) -> str:
    """万元 only, for dense tables."""
    return format_wan(amount)
