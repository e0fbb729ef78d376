"""The public portal: published plans, cycles and tasks, and the published report files.

Pages read through xanh.portal.queries, as the public does, whoever is signed in; they need no
JavaScript and work without an account.
"""

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from xanh.documents.enums import FileFormat
from xanh.documents.models import ReportFile
from xanh.plans.models import Plan, Task
from xanh.portal import queries
from xanh.reporting.models import Cycle
from xanh.reporting.progress import STATUS_ORDER, light, status_label

CONTENT_TYPES = {
    FileFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileFormat.PDF: "application/pdf",
}


def _get(fetch, pk, model):
    try:
        return fetch(pk)
    except (model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


@require_safe
def home(request):
    return render(request, "portal/home.html", {"plans": queries.plans_with_cycles(), "section": "portal"})


@require_safe
def plan(request, pk):
    plan = _get(queries.get_plan, pk, Plan)
    tasks = list(queries.plan_tasks(plan))
    latest = queries.latest_statuses(plan)
    themes = {}
    for task in tasks:
        year, status = latest.get(task.pk, (None, None))
        task.latest_year, task.latest_status = year, status
        task.latest_label = status_label(status) if status else ""
        task.latest_light = light(status) if status else ""
        themes.setdefault(task.theme, []).append(task)
    return render(request, "portal/plan.html", {
        "plan": plan, "cycles": list(queries.cycles(plan)), "themes": list(themes.items()), "section": "portal"})


@require_safe
def cycle(request, pk):
    cycle = _get(queries.get_cycle, pk, Cycle)
    rows = queries.cycle_statuses(cycle)
    themes = {}
    for row in rows:
        theme = queries.top_theme(row.task)
        themes.setdefault(theme.code, theme)
    theme_code = request.GET.get("theme", "")
    status = request.GET.get("status", "")
    shown = [row for row in rows
             if (not theme_code or theme_code in (row.task.theme.code, queries.top_theme(row.task).code))
             and (not status or row.status == status)]
    return render(request, "portal/cycle.html", {
        "cycle": cycle, "plan": cycle.plan, "rows": shown, "total": len(rows), "summary": queries.summary(rows),
        "themes": list(themes.values()), "statuses": [(s, status_label(s)) for s in STATUS_ORDER],
        "theme": theme_code, "status": status, "files": list(queries.report_files(cycle)),
        "filtered": bool(theme_code or status), "section": "portal"})


@require_safe
def task(request, pk):
    task = _get(queries.get_task, pk, Task)
    return render(request, "portal/task.html", {
        "task": task, "plan": task.plan, "cycles": queries.task_cycles(task), "section": "portal"})


@require_safe
def file_download(request, pk):
    """A published report file; anything else (unpublished, of an unpublished cycle) is 404."""
    try:
        item = ReportFile.objects.restrict(queries.PUBLIC, "view").get(pk=pk)
    except (ReportFile.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name,
                            content_type=CONTENT_TYPES.get(item.format, "application/octet-stream"))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
