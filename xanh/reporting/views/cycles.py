"""Cycle pages: open a cycle, adjust its expected list, watch completeness, notify, close."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from xanh.core.errors import ServiceError
from xanh.core.text import fold
from xanh.core.views import coordinator_required, form_error
from xanh.organizations.models import Organization
from xanh.plans.enums import PlanState
from xanh.plans.models import Plan
from xanh.reporting import queries, services
from xanh.reporting.access import bodies_of, sees_all_delivered
from xanh.reporting.forms import CycleOpenForm, CycleSettingsForm, ExpectedAddForm, VersionForm
from xanh.reporting.models import Cycle, TaskReport


def cycle_or_404(user, pk) -> Cycle:
    try:
        return queries.get_cycle(user, pk)
    except Cycle.DoesNotExist as exc:
        raise Http404 from exc


@login_required
def cycle_list(request):
    cycles = list(queries.cycles(request.user))
    own = bodies_of(request.user)
    bodies = list(Organization.objects.filter(pk__in=own).order_by("name")) if own else []
    return render(request, "reporting/cycles.html", {
        "cycles": cycles, "bodies": bodies, "overview": sees_all_delivered(request.user), "section": "reporting"})


@coordinator_required
def cycle_new(request):
    plans = list(Plan.objects.restrict(request.user, "change").filter(state=PlanState.ACTIVE))
    form = CycleOpenForm(request.POST or None, plans=plans)
    if request.method == "POST" and form.is_valid():
        plan = next(p for p in plans if str(p.pk) == form.cleaned_data["plan"])
        try:
            cycle = services.open_cycle(request.user, plan, year=form.cleaned_data["year"],
                                        kind=form.cleaned_data["kind"], title=form.cleaned_data["title"])
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Cycle opened with %(n)d expected reports. Review the list, then notify "
                                        "the bodies.") % {"n": cycle.reports.count()})
            return redirect("reporting:cycle_expected", cycle.pk)
    return render(request, "reporting/cycle_new.html", {"form": form, "section": "reporting"})


@login_required
def cycle_detail(request, pk):
    """The coordinator's and leadership's live view: completeness by body and by theme, league table."""
    cycle = cycle_or_404(request.user, pk)
    if not sees_all_delivered(request.user):
        own = sorted(bodies_of(request.user))
        if own:
            body = Organization.objects.filter(pk__in=own, task_reports__cycle=cycle).first()
            if body is not None:
                return redirect("reporting:body", cycle.pk, body.code)
        raise PermissionDenied
    by_body = queries.completeness_by_body(request.user, cycle)
    by_theme = queries.completeness_by_theme(request.user, cycle)
    return render(request, "reporting/cycle.html", {
        "cycle": cycle, "by_body": by_body, "by_theme": by_theme, "total": queries.totals(by_body),
        "overdue": queries.is_overdue(cycle), "form": VersionForm(initial={"version": cycle.version}),
        "missing_bodies": sum(1 for b in by_body if b.missing),
        "waiting": list(queries.awaiting_coordinator(request.user, cycle)[:50]), "section": "reporting"})


@coordinator_required
def cycle_expected(request, pk):
    """The expected list, to review and adjust before notifying (and any time while open)."""
    cycle = cycle_or_404(request.user, pk)
    add_form = ExpectedAddForm(request.POST or None, tasks=queries.cycle_tasks(cycle),
                               organizations=queries.bodies_on(cycle))
    if request.method == "POST" and add_form.is_valid():
        try:
            task = cycle.plan.tasks.get(pk=add_form.cleaned_data["task"])
            org = Organization.objects.get(pk=add_form.cleaned_data["organization"])
            services.add_expected(request.user, cycle, task, org)
        except ServiceError as exc:
            form_error(add_form, exc)
        else:
            messages.success(request, _("%(body)s now reports on %(ref)s.") % {"body": org, "ref": task.ref})
            return redirect("reporting:cycle_expected", cycle.pk)
    expected = services.compute_expected(cycle)
    rows = (TaskReport.objects.restrict(request.user, "view").filter(cycle=cycle)
            .select_related("task", "task__theme", "organization").order_by("task__theme__order", "task__number",
                                                                           "organization__name"))
    q = request.GET.get("q", "").strip()
    if q:
        phrase = fold(q)
        rows = rows.filter(Q(task__ref__iexact=q) | Q(task__ref__istartswith=q + ".")
                           | Q(organization__search_text__contains=phrase))
    page = Paginator(rows, 200).get_page(request.GET.get("page"))
    return render(request, "reporting/cycle_expected.html", {
        "cycle": cycle, "rows": page, "page": page, "q": q, "total": cycle.reports.count(),
        "unassigned": expected.unassigned, "add_form": add_form,
        "form": VersionForm(initial={"version": cycle.version}), "section": "reporting"})


@coordinator_required
def cycle_settings(request, pk):
    cycle = cycle_or_404(request.user, pk)
    initial = {name: getattr(cycle, name) for name in services.cycles.EDITABLE}
    form = CycleSettingsForm(request.POST or None, initial={**initial, "version": cycle.version})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        changes = {k: v for k, v in data.items() if getattr(cycle, k) != v}
        try:
            services.update_cycle(request.user, cycle, version, **changes)
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Cycle settings saved."))
            return redirect("reporting:cycle", cycle.pk)
    return render(request, "reporting/cycle_settings.html", {"cycle": cycle, "form": form, "section": "reporting"})


ACTIONS = {
    "notify": (lambda u, c, v, r: services.notify_bodies(u, c, v),
               gettext_lazy("The bodies were notified; the cycle is open.")),
    "close": (lambda u, c, v, r: services.close_cycle(u, c, v), gettext_lazy("The cycle is closed.")),
    "reopen": (lambda u, c, v, r: services.reopen_cycle(u, c, v, r), gettext_lazy("The cycle is open again.")),
    "publish": (lambda u, c, v, r: services.set_cycle_publication(u, c, v, True),
                gettext_lazy("The cycle's accepted reports are published.")),
    "unpublish": (lambda u, c, v, r: services.set_cycle_publication(u, c, v, False),
                  gettext_lazy("The cycle is no longer published.")),
    "refresh": (lambda u, c, v, r: services.refresh_expected(u, c, v),
                gettext_lazy("The expected list was recomputed.")),
}


@require_POST
@coordinator_required
def cycle_action(request, pk, action):
    cycle = cycle_or_404(request.user, pk)
    if action == "remove":
        return _remove_expected(request, cycle)
    if action not in ACTIONS:
        raise Http404
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form was incomplete; nothing was changed."))
    else:
        handler, done = ACTIONS[action]
        try:
            handler(request.user, cycle, form.cleaned_data["version"], form.cleaned_data["reason"] or "")
        except ServiceError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, done)
    target = "reporting:cycle_expected" if action == "refresh" else "reporting:cycle"
    return redirect(_safe_next(request, target, cycle.pk))


def _remove_expected(request, cycle):
    try:
        report = TaskReport.objects.restrict(request.user, "change").get(pk=request.POST.get("report"), cycle=cycle)
    except (TaskReport.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    try:
        services.remove_expected(request.user, report, request.POST.get("reason", ""))
    except ServiceError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("%(body)s no longer reports on %(ref)s.") % {
            "body": report.organization, "ref": report.task.ref})
    return redirect("reporting:cycle_expected", cycle.pk)


def _safe_next(request, target, pk):
    from django.urls import reverse
    from django.utils.http import url_has_allowed_host_and_scheme

    nxt = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        return nxt
    return reverse(target, args=[pk])
