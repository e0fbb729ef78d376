"""A body's reports: the list to work through, the report form, workflow buttons, evidence files."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from xanh.core.errors import ServiceError
from xanh.core.views import form_error, is_htmx
from xanh.organizations.models import Organization
from xanh.reporting import queries, services
from xanh.reporting.access import bodies_of, can_approve_for, can_write_for, sees_all_delivered
from xanh.reporting.enums import ReportState
from xanh.reporting.forms import ContributionForm, OutputFormSet, ReportForm, VersionForm
from xanh.reporting.models import Evidence, TaskReport
from xanh.reporting.services import OutputInput
from xanh.reporting.views.cycles import cycle_or_404
from xanh.reporting.views.report_context import report_context


@login_required
def home(request):
    """Where an officer starts: the bodies' open cycles and what is left to do; the coordinator's cycles."""
    if sees_all_delivered(request.user) and not bodies_of(request.user, ("reporter", "approver")):
        return redirect("reporting:cycles")
    rows = queries.my_work(request.user)
    return render(request, "reporting/home.html", {"rows": rows, "section": "reporting"})


def _body_or_404(code) -> Organization:
    try:
        return Organization.objects.get(code=code)
    except Organization.DoesNotExist as exc:
        raise Http404 from exc


@login_required
def body_reports(request, pk, code):
    cycle = cycle_or_404(request.user, pk)
    body = _body_or_404(code)
    if body.pk not in bodies_of(request.user) and not sees_all_delivered(request.user):
        raise Http404
    rows = list(queries.reports(request.user).filter(cycle=cycle, organization=body))
    if not rows and not sees_all_delivered(request.user):
        raise Http404
    if request.method == "POST":
        return _bulk(request, cycle, body, rows)
    contributions = queries.contribution_tasks(request.user, cycle, body)
    return render(request, "reporting/body.html", {
        "cycle": cycle, "body": body, "rows": rows, "counts": queries.state_counts(rows),
        "can_write": cycle.is_open and can_write_for(request.user, body.pk),
        "can_approve": cycle.is_open and can_approve_for(request.user, body.pk),
        "contributions": contributions, "open_contributions": any(c["contribution"] for c in contributions),
        "statuses": ReportForm.base_fields["status"].choices, "section": "reporting"})


def _bulk(request, cycle, body, rows):
    action = request.POST.get("action")
    if action == "submit_ready" and can_write_for(request.user, body.pk):
        chosen = [r for r in rows if r.state in (ReportState.DRAFT, ReportState.RETURNED) and r.is_started]
        done, refused = services.apply_to_many(request.user, chosen, services.submit)
    elif action == "approve_all" and can_approve_for(request.user, body.pk):
        chosen = [r for r in rows if r.state == ReportState.SUBMITTED]
        done, refused = services.apply_to_many(request.user, chosen, services.approve)
    else:
        raise PermissionDenied
    if done:
        messages.success(request, _("%(n)d reports done.") % {"n": len(done)})
    for report, error in refused:
        messages.warning(request, f"{report.task.ref}: {error}")
    if not done and not refused:
        messages.info(request, _("There was nothing to do."))
    return redirect("reporting:body", cycle.pk, body.code)


def _report_or_404(user, pk) -> TaskReport:
    try:
        return queries.get_report(user, pk)
    except (TaskReport.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


@login_required
def report_detail(request, pk):
    report = _report_or_404(request.user, pk)
    can_edit = report.is_editable and can_write_for(request.user, report.organization_id)
    quick = request.POST.get("quick") == "1"
    if request.method == "POST":
        # a colleague may have submitted it since the form was opened: the service says so, and the
        # form comes back with what was typed; only someone who never writes for the body is refused
        if not can_write_for(request.user, report.organization_id):
            raise PermissionDenied
        form = ReportForm(request.POST)
        outputs = OutputFormSet(request.POST, request.FILES, prefix="out") if not quick else None
        if form.is_valid() and (quick or outputs.is_valid()):
            data = dict(form.cleaned_data)
            version = data.pop("version")
            if quick:
                data = {k: data[k] for k in ("status", "progress", "results")}
            try:
                report = services.save_report(request.user, report, version, data,
                                              None if quick else _outputs(outputs))
                if request.POST.get("then") == "submit":
                    report = services.submit(request.user, report, report.version)
            except ServiceError as exc:
                form_error(form, exc)
            else:
                if quick and is_htmx(request):
                    report = _report_or_404(request.user, pk)
                    return render(request, "reporting/_body_row.html", {
                        "r": report, "can_write": True, "saved": True,
                        "statuses": ReportForm.base_fields["status"].choices})
                messages.success(request, _("Report submitted.") if request.POST.get("then") == "submit"
                                 else _("Draft saved."))
                return redirect("reporting:report", report.pk)
        if quick and is_htmx(request):
            # htmx swaps only 2xx answers: the row comes back with its errors, saved nothing
            return render(request, "reporting/_body_row.html", {
                "r": _report_or_404(request.user, pk), "can_write": True, "form": form,
                "statuses": ReportForm.base_fields["status"].choices})
        context = report_context(request, report, form=form, outputs=outputs, can_edit=True)
        return render(request, "reporting/report.html", context, status=400)
    return render(request, "reporting/report.html", report_context(request, report, can_edit=can_edit))


def _outputs(formset) -> list[OutputInput]:
    rows = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("remove") or form.is_blank() and not data.get("evidence_id"):
            continue
        upload = data.get("file")
        rows.append(OutputInput(kind=data["kind"], number=data.get("number", ""), date=data.get("date"),
                                issuer=data.get("issuer", ""), title=data.get("title", ""), url=data.get("url", ""),
                                evidence_id=None if upload else data.get("evidence_id"),
                                upload=(upload.name, upload.read()) if upload else None))
    return rows


TRANSITIONS = {
    "submit": (services.submit, False, gettext_lazy("Report submitted.")),
    "approve": (services.approve, False, gettext_lazy("Report approved and sent to the coordinator.")),
    "send_back": (services.send_back, True, gettext_lazy("Report sent back to the reporter.")),
    "return": (services.return_report, True, gettext_lazy("Report returned to the body.")),
    "accept": (services.accept, False, gettext_lazy("Report accepted.")),
    "reopen": (services.reopen, True, gettext_lazy("Report reopened for correction.")),
}


@require_POST
@login_required
def report_action(request, pk, action):
    report = _report_or_404(request.user, pk)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form was incomplete; nothing was changed."))
        return redirect("reporting:report", report.pk)
    version = form.cleaned_data["version"]
    try:
        if action == "carry_forward":
            source = _report_or_404(request.user, request.POST.get("source"))
            services.carry_forward(request.user, report, version, source)
            done = _("Last year's report was copied into this draft; check and update it.")
        elif action in TRANSITIONS:
            service, needs_reason, done = TRANSITIONS[action]
            kwargs = {"reason": form.cleaned_data["reason"] or ""} if needs_reason else {}
            service(request.user, report, version, **kwargs)
        else:
            raise Http404
    except ServiceError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, done)
    nxt = request.POST.get("next")
    if nxt and nxt.startswith("/") and not nxt.startswith("//"):
        return redirect(nxt)
    return redirect("reporting:report", report.pk)


@require_POST
@login_required
def contribution_save(request, pk):
    """A coordinating body's contribution to the task of report `pk` (the lead body's report)."""
    report = _report_or_404_for_contributor(request.user, pk)
    form = ContributionForm(request.POST)
    body = _body_or_404(request.POST.get("organization", ""))
    if form.is_valid():
        try:
            services.save_contribution(request.user, report.cycle, report.task, body, form.cleaned_data["version"],
                                       form.cleaned_data["text"], share=request.POST.get("share") == "1")
        except ServiceError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Contribution sent to the lead body.") if request.POST.get("share") == "1"
                             else _("Contribution saved."))
    return redirect(reverse("reporting:body", args=[report.cycle_id, body.code]) + f"#task-{report.task_id}")


def _report_or_404_for_contributor(user, pk) -> TaskReport:
    """Contributors are not the report's body: find the lead report through the cycle they can see."""
    try:
        report = TaskReport.objects.select_related("cycle", "task", "cycle__plan").get(pk=pk)
    except (TaskReport.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    cycle_or_404(user, report.cycle_id)
    return report


@login_required
def evidence_download(request, pk):
    try:
        evidence = Evidence.objects.restrict(request.user, "view").get(pk=pk)
    except (Evidence.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(evidence.file.open("rb"), content_type=evidence.content_type, as_attachment=True,
                            filename=evidence.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
