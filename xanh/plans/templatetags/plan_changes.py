import re
from datetime import date

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

register = template.Library()
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

FIELD_LABELS = {
    "text": _("Task"), "lead": _("Lead"), "coordinating": _("Coordinating"), "time_frame": _("Time frame"),
    "products": _("Expected products"), "note": _("Note"), "title": _("Title"), "number": _("Decision number"),
    "date": _("Decision date"), "issuer": _("Issuing body"), "signer": _("Signed by"),
}


@register.filter
def change_field(name) -> str:
    """The name of a changed field, as officers call it."""
    return str(FIELD_LABELS.get(name, name or ""))


@register.filter
def change_value(value) -> str:
    """Lists of assignees as one line, like the decision writes them."""
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    if isinstance(value, str) and ISO_DATE.match(value):
        return date_format(date.fromisoformat(value), "SHORT_DATE_FORMAT")
    return "" if value is None else str(value)
