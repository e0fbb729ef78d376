"""Numbers and badges of the indicator pages, in the active language's format (vi: 1.234,5)."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

from xanh.indicators.assessment import COMPOUND
from xanh.indicators.enums import Assessment

register = template.Library()


@register.filter
def num(value, places: int = 4) -> str:
    """At most `places` decimals, trailing zeros dropped, grouped: 1234.50 → "1.234,5" in Vietnamese."""
    if value is None or value == "":
        return "—"
    try:
        amount = Decimal(str(round(float(value), int(places))))
    except (TypeError, ValueError, ArithmeticError):
        return str(value)
    if amount == 0:
        amount = Decimal(0)
    decimals = max(0, -amount.normalize().as_tuple().exponent)
    return number_format(amount, decimal_pos=decimals, force_grouping=True)


@register.filter
def status_label(value) -> str:
    try:
        return str(Assessment(value).label)
    except ValueError:
        return ""


@register.filter
def rate(progress, unit: str = "") -> str:
    """The rate still needed per year: percent when compound, else in the indicator's unit."""
    if progress is None or progress.required_rate is None:
        return "—"
    suffix = "%" if progress.method == COMPOUND else unit
    return f"{num(progress.required_rate, 2)} {suffix}".rstrip()


@register.filter
def observed_rate(progress, unit: str = "") -> str:
    if progress is None or progress.observed_rate is None:
        return "—"
    suffix = "%" if progress.method == COMPOUND else unit
    return f"{num(progress.observed_rate, 2)} {suffix}".rstrip()
