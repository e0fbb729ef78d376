"""Everything the report page shows beside the form: last year, contributions, history, actions."""

from xanh.core.access import is_coordinator
from xanh.organizations.registry import Registry
from xanh.reporting import queries
from xanh.reporting.access import can_approve_for, can_write_for
from xanh.reporting.enums import ReportState
from xanh.reporting.extensions import report_panels
from xanh.reporting.forms import OutputFormSet, ReportForm, VersionForm
from xanh.reporting.models import Contribution
from xanh.reporting.services import previous_report


def report_context(request, report, *, form=None, outputs=None, can_edit=False, panel_state=None) -> dict:
    user = request.user
    outputs_list = list(report.outputs.select_related("evidence"))
    if form is None:
        form = ReportForm(initial={name: getattr(report, name) for name in ReportForm.base_fields} | {
            "version": report.version})
    if outputs is None:
        outputs = OutputFormSet(prefix="out", initial=[
            {"kind": o.kind, "number": o.number, "date": o.date, "issuer": o.issuer, "title": o.title,
             "url": o.url, "evidence_id": o.evidence_id} for o in outputs_list])
    registry = Registry.load(report.cycle.plan.province)
    previous = previous_report(report)
    if previous is not None and not queries.reports(user).filter(pk=previous.pk).exists():
        previous = None
    guidance_now = []
    if report.task.guidance_from_id:
        guidance_now = [c.organization for c in registry.carriers(
            registry.organizations.get(report.task.guidance_from_id, report.task.guidance_from),
            report.cycle.reference_date)]
    coordinator = is_coordinator(user)
    cycle_open = report.cycle.is_open
    return {
        "report": report, "cycle": report.cycle, "task": report.task, "form": form, "outputs_formset": outputs,
        "outputs": outputs_list, "can_edit": can_edit, "previous": previous,
        "previous_outputs": list(previous.outputs.all()) if previous else [],
        "contributions": Contribution.objects.restrict(user, "view").filter(
            cycle=report.cycle, task=report.task).exclude(organization=report.organization)
        .select_related("organization"),
        "history": queries.history(user, report).select_related("actor"),
        "guidance_now": guidance_now,
        "panels": report_panels(request, report, can_edit, panel_state),
        "actions": {
            "submit": can_edit and can_write_for(user, report.organization_id),
            "approve": cycle_open and report.state == ReportState.SUBMITTED
            and can_approve_for(user, report.organization_id),
            "review": cycle_open and coordinator and report.state == ReportState.APPROVED,
            "reopen": cycle_open and coordinator and report.state == ReportState.ACCEPTED,
        },
        "action_form": VersionForm(initial={"version": report.version}),
        "section": "reporting",
    }
