"""Readable labels for what the report history records (audit actions and workflow states)."""

from django import template
from django.utils.translation import gettext_lazy as _

from xanh.reporting.enums import ReportState

register = template.Library()

ACTIONS = {
    "report.save": _("saved"),
    "report.submit": _("submitted"),
    "report.approve": _("approved"),
    "report.send_back": _("sent back to the reporter"),
    "report.return": _("returned by the coordinator"),
    "report.accept": _("accepted"),
    "report.reopen": _("reopened"),
    "report.carry_forward": _("carried forward from last year"),
    "report.import_xlsx": _("filled from Excel"),
    "cycle.add_expected": _("added to the expected list"),
}


@register.filter
def action_label(code: str) -> str:
    return str(ACTIONS.get(code, code))


@register.filter
def state_label(code: str) -> str:
    try:
        return str(ReportState(code).label)
    except ValueError:
        return code
