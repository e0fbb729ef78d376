from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def confidence_class(value) -> str:
    try:
        value = float(value)
    except (TypeError, ValueError):
        return "bad"
    if value >= 1.0:
        return "ok"
    if value >= 0.8:
        return "warn"
    return "bad"


@register.filter
def percent(value, digits: int = 0) -> str:
    """0.93 → "93%" in the active language's number format."""
    try:
        share = (Decimal(str(float(value))) * 100).quantize(Decimal(1).scaleb(-int(digits)), rounding=ROUND_HALF_UP)
        return number_format(share, decimal_pos=int(digits)) + "%"
    except (TypeError, ValueError):
        return ""



@register.filter
def pairs(mapping):
    """An audit snapshot as (field, value) pairs, lists joined, for people to read."""
    if not isinstance(mapping, dict):
        return [("", mapping)] if mapping else []
    return [(key, "; ".join(map(str, value)) if isinstance(value, list) else value) for key, value in mapping.items()]
