from django import template

from xanh.organizations.models import OrgKind

register = template.Library()


@register.filter
def kind_labels(kinds) -> str:
    """["district_pc", "board"] → the kinds' names in the active language."""
    labels = dict(OrgKind.choices)
    return ", ".join(str(labels.get(kind, kind)) for kind in kinds or [])
