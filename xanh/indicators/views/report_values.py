"""Values filed with a task report, from the report page's indicator panel: record one, withdraw one.

With htmx the panel is swapped in place (what is typed in the report form above stays); without
JavaScript the report page comes back, with the refused form and status 400 when a value is refused.
Permission is the service's: the body's reporter or approver on an editable report, or the coordinator."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xanh.core.errors import PermissionDenied, ServiceError
from xanh.core.views import form_error, is_htmx
from xanh.indicators import report_values
from xanh.indicators.enums import FlagState
from xanh.indicators.models import Observation
from xanh.indicators.services import record_observation, withdraw_observation
from xanh.reporting import queries as reporting_queries
from xanh.reporting.access import can_write_for
from xanh.reporting.models import TaskReport
from xanh.reporting.views.report_context import report_context


def _report(user, pk) -> TaskReport:
    try:
        return reporting_queries.get_report(user, pk)
    except (TaskReport.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


LEVELS = {"success": messages.SUCCESS, "warning": messages.WARNING, "error": messages.ERROR}


def _answer(request, report, *, form=None, note=None, status=200):
    """The panel alone for htmx, with `note` (message tag, text) inside it — htmx swaps only 2xx answers, so a
    refusal comes back as 200 with its errors; otherwise the report page with the refused form (status
    400), or a redirect to it with `note` as a message."""
    can_edit = report.is_editable and can_write_for(request.user, report.organization_id)
    state = {"value_form": form, "note": note}
    if is_htmx(request):
        return render(request, report_values.TEMPLATE,
                      {"panel": report_values.panel(request, report, can_edit, state)})
    if status != 200:
        return render(request, "reporting/report.html",
                      report_context(request, report, can_edit=can_edit, panel_state=state), status=status)
    if note:
        messages.add_message(request, LEVELS[note[0]], note[1])
    return redirect(reverse("reporting:report", args=[report.pk]) + "#report-values")


@require_POST
@login_required
def value_new(request, pk):
    report = _report(request.user, pk)
    rows = report_values.task_indicators(request.user, report)
    if not rows:
        raise Http404
    form = report_values.value_form(report, [row.indicator for row in rows], request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            observation = record_observation(
                request.user, form.indicators[data["indicator"]], form.areas[data["area"]], data["year"],
                data["number"], unit=data["unit"] or None, kind=data["kind"], source=data["source"], report=report,
                replace=data["replace"], value_as_entered=data["value"])
        except ServiceError as exc:
            form_error(form, exc)
        except PermissionDenied as exc:
            if not is_htmx(request):
                raise
            form_error(form, ServiceError(str(exc)))   # htmx swaps no 403: the panel says it
        else:
            if observation.flag == FlagState.FLAGGED:
                note = ("warning", _("Recorded, and flagged for the coordinator to review: %(note)s") % {
                    "note": observation.flag_note})
            else:
                note = ("success", _("Value recorded with the report."))
            return _answer(request, report, note=note)
    return _answer(request, report, form=form, status=400)


@require_POST
@login_required
def value_withdraw(request, pk):
    observation = get_object_or_404(Observation.objects.restrict(request.user, "view").exclude(report=None), pk=pk)
    report = _report(request.user, observation.report_id)
    try:
        withdraw_observation(request.user, observation)
    except ServiceError as exc:
        note = ("error", str(exc.message))
    except PermissionDenied as exc:
        if not is_htmx(request):
            raise
        note = ("error", str(exc))
    else:
        note = ("success", _("Value withdrawn."))
    return _answer(request, report, note=note)
