"""Plan pages: thin views over queries (reads) and services (writes)."""

from __future__ import annotations

import json
from collections import Counter, defaultdict

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xanh.core.access import is_coordinator
from xanh.core.errors import InputError, ServiceError
from xanh.core.text import fold
from xanh.core.views import coordinator_required, date_param, form_error, is_htmx
from xanh.organizations.models import Organization, OrgGroup
from xanh.organizations.registry import Registry
from xanh.plans import exports, queries, services
from xanh.plans.carriers import assignment_carriers, task_carriers
from xanh.plans.enums import AssignmentRole, FindingStatus
from xanh.plans.forms import (
    AssignmentCorrectForm,
    FindingForm,
    PlanImportForm,
    PlanStateForm,
    TaskFilterForm,
    ThemeTitleForm,
    VersionedForm,
)
from xanh.plans.importers.cleaning import text_blocks
from xanh.plans.models import Assignment, Finding, Plan, PlanVersion, TargetCandidate, Task, Theme


def _plan_or_404(request, pk) -> Plan:
    try:
        return queries.plan(request.user, pk)
    except Plan.DoesNotExist as exc:
        raise Http404 from exc


def plan_list(request):
    plans = list(queries.plans(request.user))
    return render(request, "plans/list.html", {"plans": plans, "section": "plans"})


def plan_detail(request, pk):
    plan = _plan_or_404(request, pk)
    on = date_param(request)
    themes = queries.themes_with_counts(plan)
    _themes, tasks = queries.plan_contents(plan)
    registry = Registry.load(plan.province)
    lead_tasks: dict[tuple, set] = defaultdict(set)  # a task counts once per body, however named
    carriers_by_code = {}
    for task in tasks:
        for a in task.assignments.all():
            if a.role != AssignmentRole.LEAD:
                continue
            if a.group_id:
                lead_tasks[("group", a.group.code)].add(task.pk)
                carriers_by_code[("group", a.group.code)] = a.group
                continue
            for c in assignment_carriers(registry, a, on, plan.date).carriers:
                lead_tasks[("org", c.organization.code)].add(task.pk)
                carriers_by_code[("org", c.organization.code)] = c.organization
    leads_now = Counter({key: len(ids) for key, ids in lead_tasks.items()})
    context = {
        "plan": plan, "themes": themes, "section": "plans", "on": on,
        "task_count": len(tasks), "conditional": sum(1 for t in tasks if t.awaits_guidance),
        "leads_now": [(carriers_by_code[key], key[0], n) for key, n in leads_now.most_common()],
        "counts": queries.open_counts(request.user, plan) if is_coordinator(request.user) else None,
        "state_form": PlanStateForm(initial={"version": plan.version, "state": plan.state,
                                             "is_public": plan.is_public}),
    }
    return render(request, "plans/detail.html", context)


def task_list(request, pk):
    plan = _plan_or_404(request, pk)
    themes = [t for t in queries.themes_with_counts(plan)]
    organizations = list(Organization.objects.restrict(request.user, "view")
                         .filter(Q(province=plan.province) | Q(province__isnull=True)).order_by("name"))
    form = TaskFilterForm(request.GET or None, themes=themes, organizations=organizations,
                          time_frames=queries.time_frames(plan))
    f = queries.TaskFilter(on=date_param(request))
    if form.is_valid():
        d = form.cleaned_data
        f = queries.TaskFilter(q=d["q"], theme=d["theme"], organization=d["org"], group=d["group"],
                               mode=d["mode"] or "carries",
                               role=d["role"], year=d["year"], time_frame=d["time_frame"],
                               conditional=d["conditional"], on=d["on"] or date_param(request))
    registry = Registry.load(plan.province)
    tasks = list(queries.tasks(request.user, plan, f, registry))
    rows = []
    for task in tasks:
        leads = [assignment_carriers(registry, a, f.on, plan.date) for a in task.assignments.all()
                 if a.role == AssignmentRole.LEAD]
        rows.append({"task": task, "leads": leads, "first": (task.text.split("\n") or [""])[0]})
    context = {"plan": plan, "form": form, "rows": rows, "filter": f, "section": "plans",
               "selected_org": next((o for o in organizations if o.code == f.organization), None),
               "selected_group": OrgGroup.objects.restrict(request.user, "view").filter(code=f.group).first()
               if f.group else None}
    template = "plans/_task_rows.html" if is_htmx(request) else "plans/tasks.html"
    return render(request, template, context)


def task_detail(request, pk):
    try:
        task = queries.task(request.user, pk)
    except Task.DoesNotExist as exc:
        raise Http404 from exc
    on = date_param(request)
    registry = Registry.load(task.plan.province)
    rows = task_carriers(task, on, registry)
    guidance_now = registry.resolve(organization=task.guidance_from, on=on) if task.guidance_from_id else []
    context = {
        "task": task, "plan": task.plan, "on": on, "blocks": text_blocks(task.text), "section": "plans",
        "leads": [r for r in rows if r.assignment.role == AssignmentRole.LEAD],
        "coordinating": [r for r in rows if r.assignment.role == AssignmentRole.COORDINATING],
        "guidance_now": guidance_now, "source_line": task.source_row,
        "findings": task.findings.all() if is_coordinator(request.user) else [],
        "candidates": task.target_candidates.all(),
    }
    return render(request, "plans/task.html", context)


@coordinator_required
def plan_import(request, pk=None):
    plan = _plan_or_404(request, pk) if pk else None
    form = PlanImportForm(request.POST or None, request.FILES or None)
    outcome, problems = None, []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            outcome = services.import_plan(request.user, upload.read(), upload.name, overrides=form.overrides(),
                                           plan=plan, dry_run=form.cleaned_data["dry_run"],
                                           activate=form.cleaned_data["activate"])
        except InputError as exc:
            problems = exc.problems
        except ServiceError as exc:
            form_error(form, exc)
    context = {"form": form, "plan": plan, "outcome": outcome, "problems": problems, "section": "import"}
    if outcome is not None and outcome.created:
        analysed = outcome.analysed
        context["to_review"] = [(t.ref, m) for t in analysed.tasks for m in t.leads + t.coordinating
                                if m.confidence < 1.0]
        context["analysed_findings"] = analysed.findings
    elif outcome is not None:
        context["new_findings"] = outcome.findings
    return render(request, "plans/import.html", context)


@coordinator_required
def review(request, pk):
    plan = _plan_or_404(request, pk)
    assignments, findings, candidates = queries.review_queue(request.user, plan)
    organizations = list(Organization.objects.restrict(request.user, "view")
                         .filter(Q(province=plan.province) | Q(province__isnull=True)).order_by("name"))
    groups = list(OrgGroup.objects.restrict(request.user, "view").filter(scope=plan.province))
    items = []
    for a in assignments:
        initial = {"version": a.version}
        if a.target is not None:
            initial["target"] = (f"group:{a.group.code}" if a.group_id else f"org:{a.organization.code}")
        items.append((a, AssignmentCorrectForm(initial=initial, prefix=f"a{a.pk}")))
    targets = [(f"group:{g.code}", g.name) for g in groups] + [
        (f"org:{o.code}", o.name + (" — " + _("ceased") if o.valid_to else "")) for o in organizations]
    context = {"plan": plan, "items": items, "findings": findings, "candidates": candidates, "section": "plans",
               "targets": targets, "open_findings": [f for f in findings if f.status == FindingStatus.OPEN]}
    return render(request, "plans/review.html", context)


@require_POST
@coordinator_required
def assignment_action(request, pk):
    assignment = get_object_or_404(Assignment.objects.restrict(request.user, "review")
                                   .select_related("task", "task__plan", "organization", "group"), pk=pk)
    plan = assignment.task.plan
    try:
        if request.POST.get("action") == "confirm":
            form = VersionedForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("The form was incomplete; reload the page and try again."))
                return redirect("plans:review", pk=plan.pk)
            count = services.confirm_assignment(request.user, assignment, form.cleaned_data["version"])
            messages.success(request, _("Confirmed “%(name)s” (%(count)d places).") % {
                "name": assignment.as_written, "count": count})
        else:
            form = AssignmentCorrectForm(request.POST, prefix=f"a{assignment.pk}")
            if not form.is_valid():
                messages.error(request, _("Choose a body or a group from the list."))
                return redirect("plans:review", pk=plan.pk)
            try:
                organization, group = form.target_objects(request.user)
            except (Organization.DoesNotExist, OrgGroup.DoesNotExist):
                messages.error(request, _("Choose a body or a group from the list."))
                return redirect("plans:review", pk=plan.pk)
            count = services.correct_assignment(request.user, assignment, form.cleaned_data["version"],
                                                organization=organization, group=group)
            messages.success(request, _("“%(name)s” now points to %(target)s (%(count)d places).") % {
                "name": assignment.as_written, "target": organization or group, "count": count})
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("plans:review", pk=plan.pk)


@require_POST
@coordinator_required
def finding_action(request, pk):
    finding = get_object_or_404(Finding.objects.restrict(request.user, "review").select_related("theme", "plan"),
                                pk=pk)
    form = FindingForm(request.POST)
    if form.is_valid():
        try:
            finding = services.resolve_finding(request.user, finding, form.cleaned_data["action"],
                                               form.cleaned_data["value"], form.cleaned_data["theme_version"])
            messages.success(request, _("Finding recorded as: %(status)s.") % {"status": finding.get_status_display()})
        except ServiceError as exc:
            messages.error(request, exc.message)
    return redirect("plans:review", pk=finding.plan_id)


@require_POST
@coordinator_required
def candidate_action(request, pk):
    candidate = get_object_or_404(TargetCandidate.objects.restrict(request.user, "review").select_related("task"),
                                  pk=pk)
    try:
        services.confirm_target_candidate(request.user, candidate, request.POST.get("status", ""))
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("plans:review", pk=candidate.task.plan_id)


@require_POST
@coordinator_required
def theme_title(request, pk):
    theme = get_object_or_404(Theme.objects.restrict(request.user, "review"), pk=pk)
    form = ThemeTitleForm(request.POST)
    if form.is_valid():
        try:
            services.update_theme_title(request.user, theme, form.cleaned_data["version"], form.cleaned_data["title"])
            messages.success(request, _("Theme title saved."))
        except ServiceError as exc:
            messages.error(request, exc.message)
    return redirect("plans:detail", pk=theme.plan_id)


@require_POST
@coordinator_required
def plan_state(request, pk):
    plan = _plan_or_404(request, pk)
    form = PlanStateForm(request.POST)
    if form.is_valid():
        try:
            services.update_plan_settings(request.user, plan, form.cleaned_data["version"],
                                          state=form.cleaned_data["state"], is_public=form.cleaned_data["is_public"])
            messages.success(request, _("Plan settings saved."))
        except ServiceError as exc:
            messages.error(request, exc.message)
    return redirect("plans:detail", pk=plan.pk)


def versions(request, pk):
    plan = _plan_or_404(request, pk)
    return render(request, "plans/versions.html", {"plan": plan, "versions": queries.versions(request.user, plan),
                                                   "section": "plans"})


def version_detail(request, pk, seq):
    plan = _plan_or_404(request, pk)
    try:
        version = queries.version(request.user, plan, seq)
    except PlanVersion.DoesNotExist as exc:
        raise Http404 from exc
    return render(request, "plans/version.html", {"plan": plan, "version": version, "section": "plans"})


@coordinator_required
def version_source(request, pk, seq):
    """The file exactly as imported — to the coordinator only."""
    plan = _plan_or_404(request, pk)
    try:
        version = queries.version(request.user, plan, seq)
    except PlanVersion.DoesNotExist as exc:
        raise Http404 from exc
    content_types = {"text": "text/plain; charset=utf-8", "csv": "text/csv; charset=utf-8",
                     "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                     "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
    response = HttpResponse(bytes(version.source_file), content_type=content_types.get(version.source_format,
                                                                                       "application/octet-stream"))
    name = "-".join(fold(version.source_name.rsplit(".", 1)[0]).split()) or "plan"
    extension = {"text": "txt"}.get(version.source_format, version.source_format)
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    return response


def export(request, pk, fmt):
    plan = _plan_or_404(request, pk)
    base = "-".join(fold(plan.number).split()) or f"plan-{plan.pk}"
    if fmt == "json":
        body = json.dumps(exports.plan_json(plan), ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(exports.plan_xlsx(plan), content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    elif fmt == "csv":
        response = HttpResponse(exports.plan_csv(plan), content_type="text/csv; charset=utf-8")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{base}.{fmt}"'
    return response


def template_download(request, fmt):
    if fmt == "xlsx":
        response = HttpResponse(exports.template_xlsx(), content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    elif fmt == "csv":
        response = HttpResponse(exports.template_csv(), content_type="text/csv; charset=utf-8")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="mau-ke-hoach.{fmt}"'
    return response


def home(request):
    """The plans the person can see; with a single plan, straight to it."""
    plans = list(queries.plans(request.user))
    if len(plans) == 1:
        return redirect("plans:detail", pk=plans[0].pk)
    return plan_list(request)
