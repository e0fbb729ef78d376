"""The dashboard of the coordinator and leadership, and the task list behind each of its bars.

Plain HTML: charts are tables with CSS bars, the cycle selector is a GET form; nothing needs JavaScript.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from xanh.core import clock
from xanh.reporting import dashboards
from xanh.reporting.access import sees_all_delivered
from xanh.reporting.views.cycles import cycle_or_404


def _require_overview(request) -> None:
    if not sees_all_delivered(request.user):
        raise PermissionDenied


@login_required
def dashboard(request):
    _require_overview(request)
    cycles = dashboards.dashboard_cycles(request.user)
    try:
        cycle = dashboards.pick_cycle(cycles, request.GET.get("cycle", "").strip())
    except LookupError as exc:
        raise Http404 from exc
    all_bodies = request.GET.get("bodies") == "all"
    board = None
    if cycle is not None:
        board = dashboards.build_dashboard(request.user, cycle, cycles, today=timezone.localdate(clock.now()),
                                           all_bodies=all_bodies)
    return render(request, "reporting/dashboard.html", {
        "cycles": cycles, "cycle": cycle, "board": board, "all_bodies": all_bodies, "section": "dashboard"})


@login_required
def cycle_tasks(request, pk):
    """The cycle's tasks, filtered by ?status=, ?theme=, ?body=, ?delivery=; an unknown value is a 400."""
    _require_overview(request)
    cycle = cycle_or_404(request.user, pk)
    context = {"cycle": cycle, "section": "dashboard", "statuses": [(k, dashboards.selection_label(k))
                                                                    for k in dashboards.SELECTIONS],
               "delivery_choices": [(k, dashboards.delivery_label(k)) for k in dashboards.DELIVERIES]}
    try:
        filters = dashboards.read_filters(request.user, cycle, request.GET)
    except dashboards.FilterError as exc:
        context.update(error=str(exc), lines=[], filters=None, asked=request.GET)
        return render(request, "reporting/cycle_tasks.html", context, status=400)
    lines = dashboards.task_lines(request.user, cycle, filters, timezone.localdate(clock.now()))
    context.update(lines=lines, filters=filters, asked=request.GET,
                   status_label=dashboards.selection_label(filters.status) if filters.status else "",
                   delivery_label=dashboards.delivery_label(filters.delivery) if filters.delivery else "")
    return render(request, "reporting/cycle_tasks.html", context)
