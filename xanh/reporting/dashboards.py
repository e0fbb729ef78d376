"""Reads for the dashboards of the coordinator and leadership, and for the task lists they link down to.

Every figure comes from one of three places, so the dashboard, the provincial report and the task
list behind each bar always agree: the consolidated status of each task (`progress.cycle_progress`),
the delivery of each expected report per body (`queries.completeness_by_body`), and one grouped
count across the plan's annual cycles. Overview figures count every expected report, whoever asks:
the person is first checked to be one who sees everything delivered (coordinator, leadership), as
`queries` does for the cycle page. Charts are tables; a `Bar` carries its count, the count that
fills its cell, and the link to the tasks behind it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from xanh.reporting import queries
from xanh.reporting.enums import CycleKind, CycleState, ReportState
from xanh.reporting.enums import ImplementationStatus as S
from xanh.reporting.models import Cycle, TaskReport
from xanh.reporting.progress import (
    DONE,
    NO_REPORT,
    STATUS_ORDER,
    CycleProgress,
    TaskProgress,
    cycle_progress,
    guidance_successors,
)
from xanh.reporting.progress import status_label as _status_label

TOP_BODIES = 15
GROUPS = {"done": DONE, "in_progress": (S.ON_TRACK, S.RECURRING)}
THEME_COLUMNS = ("done", "in_progress", S.BEHIND, S.NOT_STARTED, S.AWAITING_GUIDANCE, NO_REPORT)
# what ?status= accepts: a consolidated status, a group of them, or a named selection of tasks
SELECTIONS = (*STATUS_ORDER, *GROUPS, "overdue", "conditional")
# what ?delivery= accepts, about each expected report (of the ?body= when given)
DELIVERIES = ("on_time", "late", "undelivered", "missing")


def selection_label(key: str) -> str:
    labels = {"done": _("Completed"), "in_progress": _("In progress or carried out regularly"),
              "overdue": _("Overdue"), "conditional": _("Conditional on central guidance")}
    return labels[key] if key in labels else _status_label(key)


def delivery_label(key: str) -> str:
    return {"on_time": _("Delivered on time"), "late": _("Delivered late"), "undelivered": _("Never delivered"),
            "missing": _("Not at the coordinator")}[key]


def tasks_url(cycle, **params) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return reverse("reporting:cycle_tasks", args=[cycle.pk]) + (f"?{query}" if query else "")


@dataclass
class Bar:
    key: str
    label: str
    count: int
    scale: int                      # the count that fills the whole cell
    href: str = ""

    @property
    def share(self) -> float:
        return self.count / self.scale if self.scale else 0.0

    @property
    def width(self) -> str:
        """Percent for the inline CSS width: a str, so templates never localize its "." decimal point."""
        return f"{100 * self.share:.1f}"

    @property
    def css(self) -> str:
        return f"c-{self.key}"


@dataclass
class Row:
    label: str
    href: str
    total: int
    bars: list[Bar]
    code: str = ""


@dataclass
class Chart:
    id: str
    caption: str
    columns: list[tuple[str, str]]  # key, label
    rows: list[Row]
    more: int = 0                   # rows left out (a "show all" link brings them)


@dataclass
class Dashboard:
    cycle: Cycle
    progress: CycleProgress
    status: list[Bar]
    themes: Chart
    bodies: Chart
    years: list[dict]
    overdue: list[TaskProgress]
    conditional: list[tuple[TaskProgress, str, list]]
    missing: list[tuple]
    missing_more: int = 0
    summary: dict = field(default_factory=dict)


def dashboard_cycles(user) -> list[Cycle]:
    """The cycles a dashboard can show: every visible cycle past preparation, newest first."""
    return list(queries.cycles(user).select_related("plan__province").exclude(state=CycleState.PREPARING)
                .order_by("-year", "kind", "pk"))


def pick_cycle(cycles: list[Cycle], wanted: str | None) -> Cycle | None:
    """The asked cycle (LookupError when not among them), else the latest annual one of a plan in force."""
    from xanh.plans.enums import PlanState

    if wanted:
        found = next((c for c in cycles if str(c.pk) == wanted), None)
        if found is None:
            raise LookupError(wanted)
        return found
    annual = [c for c in cycles if c.kind == CycleKind.ANNUAL and c.plan.state == PlanState.ACTIVE]
    return (annual or cycles or [None])[0]


def is_overdue(item: TaskProgress, cycle: Cycle, today: date) -> bool:
    if item.status in (S.BEHIND, S.NOT_STARTED):
        return True
    return item.status == NO_REPORT and today > cycle.province_deadline


def in_selection(item: TaskProgress, key: str, cycle: Cycle, today: date) -> bool:
    if key in GROUPS:
        return item.status in GROUPS[key]
    if key == "overdue":
        return is_overdue(item, cycle, today)
    if key == "conditional":
        return item.task.awaits_guidance
    return item.status == key


def deliveries(state: str, delivered_at, cycle: Cycle) -> set[str]:
    """The ?delivery= keys one expected report answers to (as the cycle page and `cycle_progress` count)."""
    found = set()
    if delivered_at is None:
        found.add("undelivered")
    else:
        found.add("on_time" if delivered_at <= cycle.deadline_end else "late")
    if delivered_at is None or state not in (ReportState.APPROVED, ReportState.ACCEPTED):
        found.add("missing")
    return found


def top_theme(task):
    """The plan's top-level theme of a task (plans nest themes one level: VIII.1 under VIII)."""
    return task.theme.parent if task.theme.parent_id else task.theme


def build_dashboard(user, cycle: Cycle, cycles: list[Cycle], *, today: date, all_bodies: bool = False) -> Dashboard:
    queries._require_overview(user, cycle)
    progress = cycle_progress(None, cycle, with_outputs=False)
    by_status = progress.by_status
    status = [Bar(key, _status_label(key), n, progress.task_count, tasks_url(cycle, status=key))
              for key, n in by_status.items()]
    overdue = [item for item in progress.tasks if is_overdue(item, cycle, today)]
    conditional = _conditional(progress, today)
    missing = progress.bodies_missing
    limit = None if all_bodies else TOP_BODIES
    bodies, total = _bodies(user, cycle, limit)
    summary = {"tasks": progress.task_count, "done": progress.done, "done_share": progress.share(progress.done),
               "expected": total.expected, "on_time": total.on_time, "on_time_share": total.share_on_time,
               "bodies_missing": len(missing)}
    return Dashboard(cycle=cycle, progress=progress, status=status, themes=_themes(progress),
                     bodies=bodies, years=_years(cycle, cycles), overdue=overdue,
                     conditional=conditional,
                     missing=[(org, n, expected, tasks_url(cycle, body=org.code, delivery="missing"))
                              for org, n, expected in missing[:limit]],
                     missing_more=max(0, len(missing) - (limit or len(missing))), summary=summary)


def _themes(progress: CycleProgress) -> Chart:
    cycle = progress.cycle
    found: dict[int, list] = {}
    for item in progress.tasks:
        theme = top_theme(item.task)
        entry = found.setdefault(theme.pk, [theme, dict.fromkeys(THEME_COLUMNS, 0)])
        key = next((k for k, members in GROUPS.items() if item.status in members), item.status)
        entry[1][key] += 1
    scale = max((sum(counts.values()) for _theme, counts in found.values()), default=0)
    rows = [Row(label=f"{theme.code}. {theme.title}", href=tasks_url(cycle, theme=theme.pk),
                total=sum(counts.values()), code=theme.code,
                bars=[Bar(key, selection_label(key), counts[key], scale, tasks_url(cycle, theme=theme.pk, status=key))
                      for key in THEME_COLUMNS])
            for theme, counts in sorted(found.values(), key=lambda entry: entry[0].order)]
    return Chart("themes", _("Progress by theme (tasks)"), [(k, selection_label(k)) for k in THEME_COLUMNS], rows)


def _bodies(user, cycle: Cycle, limit: int | None) -> tuple[Chart, queries.Completeness]:
    """Bodies with the most expected reports first (then in the cycle page's league order), and the totals."""
    items = sorted(queries.completeness_by_body(user, cycle), key=lambda c: -c.expected)  # stable sort
    scale = max((c.expected for c in items), default=0)
    rows = []
    for c in items[:limit]:
        code = c.extra["code"]
        counts = {"on_time": c.on_time, "late": c.late, "undelivered": c.expected - c.on_time - c.late}
        rows.append(Row(label=c.label, href=tasks_url(cycle, body=code), total=c.expected, code=code,
                        bars=[Bar(key, delivery_label(key), n, scale, tasks_url(cycle, body=code, delivery=key))
                              for key, n in counts.items()]))
    columns = [(k, delivery_label(k)) for k in ("on_time", "late", "undelivered")]
    return Chart("bodies", _("Reports by body"), columns, rows, more=len(items) - len(rows)), queries.totals(items)


def _years(cycle: Cycle, cycles: list[Cycle]) -> list[dict]:
    """Each annual cycle of the plan: expected reports, delivered by the deadline, delivered at all."""
    annual = sorted((c for c in cycles if c.plan_id == cycle.plan_id and c.kind == CycleKind.ANNUAL),
                    key=lambda c: c.year)
    if not annual:
        return []
    on_time = Q()
    for item in annual:  # each cycle has its own deadline: one OR-ed condition per cycle, still one query
        on_time |= Q(cycle_id=item.pk, delivered_at__lte=item.deadline_end)
    counts = {row["cycle_id"]: row for row in TaskReport.objects.filter(cycle_id__in=[c.pk for c in annual])
              .values("cycle_id").annotate(expected=Count("id"), on_time=Count("id", filter=on_time),
                                           delivered=Count("id", filter=Q(delivered_at__isnull=False))).order_by()}
    rows = []
    for item in annual:
        row = counts.get(item.pk, {"expected": 0, "on_time": 0, "delivered": 0})
        expected = row["expected"]
        rows.append({"cycle": item, "expected": expected, "on_time": row["on_time"], "delivered": row["delivered"],
                     "href": tasks_url(item), "current": item.pk == cycle.pk,
                     "bars": [Bar("on_time", _("Delivered by the deadline"), row["on_time"], expected),
                              Bar("delivered", _("Delivered at all"), row["delivered"], expected)]})
    return rows


def _conditional(progress: CycleProgress, today: date) -> list[tuple[TaskProgress, str, list]]:
    successors = guidance_successors(progress, today)
    found = []
    for item in progress.tasks:
        task = item.task
        if not task.awaits_guidance:
            continue
        ministry = task.guidance_from.name if task.guidance_from_id else task.guidance_from_as_written
        found.append((item, ministry, successors.get(task.guidance_from_id, [])))
    return found


class FilterError(ValueError):
    """A ?status=, ?theme=, ?body= or ?delivery= the task list does not know; the message says which."""


@dataclass
class Filters:
    status: str = ""
    theme: object = None
    body: object = None
    delivery: str = ""

    @property
    def params(self) -> dict:
        return {"status": self.status, "theme": self.theme.pk if self.theme else "",
                "body": self.body.code if self.body else "", "delivery": self.delivery}


def read_filters(user, cycle: Cycle, params) -> Filters:
    """The task list's filters from the query string, each checked; a wrong one raises FilterError."""
    from xanh.organizations.models import Organization
    from xanh.plans.models import Theme

    found = Filters(status=params.get("status", "").strip(), delivery=params.get("delivery", "").strip())
    if found.status and found.status not in SELECTIONS:
        raise FilterError(_("Unknown status: %(value)s.") % {"value": found.status})
    if found.delivery and found.delivery not in DELIVERIES:
        raise FilterError(_("Unknown delivery: %(value)s.") % {"value": found.delivery})
    theme = params.get("theme", "").strip()
    if theme:
        found.theme = (Theme.objects.restrict(user, "view").filter(plan_id=cycle.plan_id, pk=theme).first()
                       if theme.isdigit() else None)
        if found.theme is None:
            raise FilterError(_("This plan has no theme %(value)s.") % {"value": theme})
    body = params.get("body", "").strip()
    if body:
        found.body = Organization.objects.restrict(user, "view").filter(code=body).first()
        if found.body is None:
            raise FilterError(_("No body has the code %(value)s.") % {"value": body})
    return found


@dataclass
class TaskLine:
    item: TaskProgress
    reports: list[dict]             # the expected reports (of the filtered body when given), by body name


def task_lines(user, cycle: Cycle, filters: Filters, today: date) -> list[TaskLine]:
    """The cycle's tasks the filters select, in plan order, each with its expected reports."""
    queries._require_overview(user, cycle)
    progress = cycle_progress(None, cycle, with_outputs=False)
    by_task: dict[int, list[dict]] = {}
    rows = (TaskReport.objects.filter(cycle=cycle).order_by("organization__name")
            .values_list("pk", "task_id", "organization_id", "organization__code", "organization__short_name",
                         "organization__name", "state", "delivered_at"))
    for pk, task_id, org_id, code, short, name, state, delivered_at in rows:
        if filters.body is not None and org_id != filters.body.pk:
            continue
        by_task.setdefault(task_id, []).append({
            "pk": pk, "code": code, "name": short or name, "state": state, "delivered_at": delivered_at,
            "deliveries": deliveries(state, delivered_at, cycle)})
    lines = []
    for item in progress.tasks:
        reports = by_task.get(item.task.pk, [])
        if filters.status and not in_selection(item, filters.status, cycle, today):
            continue
        if filters.theme is not None and filters.theme.pk not in (item.task.theme_id, item.task.theme.parent_id):
            continue
        if filters.body is not None and not reports:
            continue
        if filters.delivery and not any(filters.delivery in r["deliveries"] for r in reports):
            continue
        lines.append(TaskLine(item, reports))
    return lines
