"""Where each task stands in a cycle, consolidated from the accepted reports of every body that owes one.

A task assigned to one department has one report; a task of "UBND các huyện…" has one per commune.
The provincial report, the reviews, the dashboards and the public portal all need one status per
task, so the rule lives here, once:

1. no accepted report → no report (``NO_REPORT``);
2. every accepted report waits for central guidance → waiting for guidance;
3. the rest (guidance-waiting reports set aside): all completed → completed (late if any was late);
   all not started → not started; any behind schedule → behind; all carried out regularly or
   completed → carried out regularly; otherwise → in progress, on schedule.

Traffic lights for the reviews: green = on schedule, regular, completed; amber = behind or
completed late; red = not started or no report; grey = waiting for central guidance, or the task's
time frame has not begun. Reads go through restricted querysets, so the public sees accepted reports
of published cycles only, and the figures it gets are computed from exactly those.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch

from xanh.reporting.enums import ImplementationStatus as S
from xanh.reporting.enums import ReportState
from xanh.reporting.models import Cycle, Output, TaskReport

NO_REPORT = "no_report"
DONE = (S.DONE_ON_TIME, S.DONE_LATE)
STATUS_ORDER = [S.DONE_ON_TIME, S.DONE_LATE, S.RECURRING, S.ON_TRACK, S.BEHIND, S.NOT_STARTED,
                S.AWAITING_GUIDANCE, NO_REPORT]
LIGHTS = {S.DONE_ON_TIME: "green", S.RECURRING: "green", S.ON_TRACK: "green", S.DONE_LATE: "amber",
          S.BEHIND: "amber", S.NOT_STARTED: "red", NO_REPORT: "red", S.AWAITING_GUIDANCE: "grey"}


def status_label(status: str) -> str:
    from django.utils.translation import gettext

    if status == NO_REPORT:
        return gettext("No accepted report")
    return str(S(status).label) if status in S.values else status


def consolidate(statuses: list[str]) -> str:
    """One status for a task from the statuses of its accepted reports (the rule in the module doc)."""
    given = [s for s in statuses if s]
    if not given:
        return NO_REPORT
    acting = [s for s in given if s != S.AWAITING_GUIDANCE]
    if not acting:
        return S.AWAITING_GUIDANCE
    kinds = set(acting)
    if kinds <= set(DONE):
        return S.DONE_LATE if S.DONE_LATE in kinds else S.DONE_ON_TIME
    if kinds == {S.NOT_STARTED}:
        return S.NOT_STARTED
    if S.BEHIND in kinds:
        return S.BEHIND
    if kinds <= {S.RECURRING, *DONE}:
        return S.RECURRING
    return S.ON_TRACK


def light(status: str, task=None, year: int | None = None) -> str:
    if task is not None and year is not None and task.start_year and task.start_year > year:
        return "grey"
    return LIGHTS.get(status, "red")


@dataclass
class TaskProgress:
    task: object
    status: str = NO_REPORT
    expected: int = 0
    accepted: int = 0
    counts: Counter = field(default_factory=Counter)
    reports: list = field(default_factory=list)          # accepted reports, outputs prefetched
    missing: list = field(default_factory=list)          # bodies whose report was not accepted

    @property
    def label(self) -> str:
        return status_label(self.status)

    @property
    def light(self) -> str:
        return light(self.status)

    @property
    def outputs(self) -> list:
        return [output for report in self.reports for output in report.outputs.all()]

    @property
    def bodies(self) -> str:
        names = [_short(r.organization) for r in self.reports]
        if len(names) > 3:
            return f"{', '.join(names[:3])} (+{len(names) - 3})"
        return ", ".join(names)


@dataclass
class CycleProgress:
    cycle: Cycle
    tasks: list[TaskProgress]
    expected: int = 0
    accepted: int = 0
    delivered: int = 0       # at the coordinator now (approved or accepted)
    on_time: int = 0         # of those, first delivered by the deadline
    late: int = 0            # of those, first delivered after it (a report returned and sent again
                             # keeps its first delivery time; one returned and not yet back counts in neither)
    bodies_missing: list = field(default_factory=list)   # (body, reports not at the coordinator, expected)

    @property
    def by_status(self) -> dict[str, int]:
        counts = Counter(t.status for t in self.tasks)
        return {status: counts.get(status, 0) for status in STATUS_ORDER}

    @property
    def task_count(self) -> int:
        return len(self.tasks)

    @property
    def done(self) -> int:
        counts = self.by_status
        return counts[S.DONE_ON_TIME] + counts[S.DONE_LATE]

    def share(self, part: int, whole: int | None = None) -> float:
        whole = self.task_count if whole is None else whole
        return part / whole if whole else 0.0


def _short(org) -> str:
    return org.short_name or org.name


def _reports(user):
    """Reports the person may read; the system (CLI, jobs: user None) reads them all."""
    return TaskReport.objects.all() if user is None else TaskReport.objects.restrict(user, "view")


def _bookkeeping(user):
    """Who owes what and where it stands (no narrative): the coordinator and leadership count every
    expected report, so their figures agree; everyone else counts only what they may read."""
    from xanh.reporting.access import sees_all_delivered

    if user is None or sees_all_delivered(user):
        return TaskReport.objects.all()
    return TaskReport.objects.restrict(user, "view")


def cycle_progress(user, cycle: Cycle, *, with_outputs: bool = True) -> CycleProgress:
    """Every task of the cycle with its consolidated status, in plan order, and the cycle's figures.

    Three queries (four with outputs) whatever the number of tasks or bodies.
    """
    visible = _reports(user).filter(cycle=cycle)
    rows = list(_bookkeeping(user).filter(cycle=cycle)
                .values_list("task_id", "organization_id", "state", "delivered_at"))
    accepted = (visible.filter(state=ReportState.ACCEPTED)
                .select_related("organization").order_by("organization__name"))
    if with_outputs:
        accepted = accepted.prefetch_related(Prefetch("outputs", queryset=Output.objects.order_by("position")))
    by_task: dict[int, TaskProgress] = {}
    tasks = (cycle.plan.tasks.filter(pk__in={row[0] for row in rows})
             .select_related("theme", "theme__parent", "guidance_from").order_by("theme__order", "number"))
    for task in tasks:
        by_task[task.pk] = TaskProgress(task=task)
    for report in accepted:
        item = by_task[report.task_id]
        item.reports.append(report)
        item.counts[report.status or NO_REPORT] += 1
    progress = CycleProgress(cycle=cycle, tasks=list(by_task.values()))
    deadline = cycle.deadline_end
    missing_by_body: Counter = Counter()
    expected_by_body: Counter = Counter()
    for task_id, org_id, state, delivered_at in rows:
        item = by_task[task_id]
        item.expected += 1
        expected_by_body[org_id] += 1
        progress.expected += 1
        if state == ReportState.ACCEPTED:
            item.accepted += 1
            progress.accepted += 1
        else:
            item.missing.append(org_id)
        # the reports at the coordinator now, split by when they first arrived: on time + late = delivered
        if state in (ReportState.APPROVED, ReportState.ACCEPTED):
            progress.delivered += 1
            if delivered_at is not None and delivered_at > deadline:
                progress.late += 1
            else:
                progress.on_time += 1
        else:
            missing_by_body[org_id] += 1
    for item in progress.tasks:
        item.status = consolidate([r.status for r in item.reports])
    if missing_by_body:
        from xanh.organizations.models import Organization

        bodies = Organization.objects.in_bulk(list(missing_by_body))
        progress.bodies_missing = sorted(
            ((bodies[org_id], n, expected_by_body[org_id]) for org_id, n in missing_by_body.items()),
            key=lambda row: (row[0].kind != "department", row[0].name))
    return progress


def cycle_years(user, plan, up_to_year: int) -> set[int]:
    """The years up to `up_to_year` in which the plan had an annual cycle the person may see."""
    from xanh.reporting.enums import CycleKind

    cycles = Cycle.objects.all() if user is None else Cycle.objects.restrict(user, "view")
    return set(cycles.filter(plan=plan, kind=CycleKind.ANNUAL, year__lte=up_to_year).values_list("year", flat=True))


def task_history(user, plan, up_to_year: int) -> dict[int, dict[int, str]]:
    """For the reviews: task id → {year: consolidated status} over the plan's annual cycles so far."""
    from xanh.reporting.enums import CycleKind

    cycles = ((Cycle.objects.all() if user is None else Cycle.objects.restrict(user, "view"))
              .filter(plan=plan, kind=CycleKind.ANNUAL, year__lte=up_to_year).values_list("pk", "year"))
    year_of = dict(cycles)
    found: dict[tuple[int, int], list[str]] = {}
    for task_id, cycle_id, status in (_reports(user)
                                      .filter(cycle_id__in=list(year_of), state=ReportState.ACCEPTED)
                                      .values_list("task_id", "cycle_id", "status")):
        found.setdefault((task_id, year_of[cycle_id]), []).append(status)
    history: dict[int, dict[int, str]] = {}
    for (task_id, year), statuses in found.items():
        history.setdefault(task_id, {})[year] = consolidate(statuses)
    return history


def guidance_successors(progress: CycleProgress, on) -> dict[int, list]:
    """For each ministry a task waits on: the bodies carrying its duties on `on` when it no longer
    exists under that name (Bộ Tài nguyên và Môi trường → Bộ Nông nghiệp và Môi trường)."""
    from xanh.organizations.registry import Registry

    ministries = {item.task.guidance_from for item in progress.tasks
                  if item.task.awaits_guidance and item.task.guidance_from_id}
    if not ministries:
        return {}
    registry = Registry.load(progress.cycle.plan.province)
    return {m.pk: [c.organization for c in registry.carriers(m, on) if c.organization.pk != m.pk]
            for m in ministries}
