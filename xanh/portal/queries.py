"""What the public reads: published plans, their published cycles, accepted reports, published files.

Every read goes through the restricted querysets *as the anonymous user*, whoever is signed in: a
reporter browsing the portal sees what a citizen sees, never their own drafts, and a coordinator
previews exactly what is public.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch

from xanh.documents.models import ReportFile
from xanh.plans.models import Plan, Task, Theme
from xanh.reporting.enums import ReportState
from xanh.reporting.models import Cycle, Output, TaskReport
from xanh.reporting.progress import NO_REPORT, STATUS_ORDER, TaskProgress, consolidate, cycle_progress, light
from xanh.reporting.progress import status_label as label_of
from xanh.reporting.services.cycles import task_is_active

PUBLIC = AnonymousUser()


def plans():
    return Plan.objects.restrict(PUBLIC, "view").select_related("province")


def get_plan(pk) -> Plan:
    return plans().get(pk=pk)


def cycles(plan: Plan | None = None):
    qs = Cycle.objects.restrict(PUBLIC, "view").select_related("plan", "plan__province")
    return qs.filter(plan=plan) if plan is not None else qs


def get_cycle(pk) -> Cycle:
    return cycles().get(pk=pk)


def get_task(pk) -> Task:
    return (Task.objects.restrict(PUBLIC, "view").filter(removed_in__isnull=True)
            .select_related("plan", "theme", "theme__parent", "guidance_from").get(pk=pk))


def plan_tasks(plan: Plan):
    return (Task.objects.restrict(PUBLIC, "view").filter(plan=plan, removed_in__isnull=True)
            .select_related("theme", "theme__parent").order_by("theme__order", "number"))


def accepted_reports(cycle: Cycle | None = None):
    qs = TaskReport.objects.restrict(PUBLIC, "view").filter(state=ReportState.ACCEPTED)
    return qs.filter(cycle=cycle) if cycle is not None else qs


def report_files(cycle: Cycle):
    return ReportFile.objects.restrict(PUBLIC, "view").filter(cycle=cycle)


def plans_with_cycles() -> list[tuple[Plan, list[Cycle]]]:
    """The home page: public plans, each with its published cycles (two queries)."""
    found = list(plans())
    by_plan: dict[int, list[Cycle]] = {plan.pk: [] for plan in found}
    for cycle in cycles().filter(plan__in=[plan.pk for plan in found]):
        by_plan[cycle.plan_id].append(cycle)
    return [(plan, by_plan[plan.pk]) for plan in found]


def top_theme(task) -> Theme:
    return task.theme.parent if task.theme.parent_id else task.theme


def cycle_statuses(cycle: Cycle, *, with_outputs: bool = True) -> list[TaskProgress]:
    """One row per task of the cycle, in plan order: the status consolidated from the published
    accepted reports, or ``NO_REPORT`` for a task the cycle covers (its time frame includes the
    cycle's year) that has no published accepted report."""
    progress = cycle_progress(PUBLIC, cycle, with_outputs=with_outputs)
    rows = list(progress.tasks)
    others = (Task.objects.restrict(PUBLIC, "view").filter(plan=cycle.plan, removed_in__isnull=True)
              .exclude(pk__in=[row.task.pk for row in rows])
              .select_related("theme", "theme__parent", "guidance_from"))
    rows.extend(TaskProgress(task=task) for task in others if task_is_active(task, cycle))
    rows.sort(key=lambda row: (row.task.theme.order, row.task.number, row.task.ref))
    return rows


@dataclass
class StatusCount:
    status: str
    count: int
    share: float

    @property
    def label(self) -> str:
        return label_of(self.status)

    @property
    def light(self) -> str:
        return light(self.status)

    @property
    def width(self) -> int:
        """The bar's width in whole percent, cut as the share beside it is (a CSS value: never localised)."""
        return int(self.share * 100)


def summary(rows: list[TaskProgress]) -> list[StatusCount]:
    counts = Counter(row.status for row in rows)
    total = len(rows)
    return [StatusCount(status, counts.get(status, 0), counts.get(status, 0) / total if total else 0.0)
            for status in STATUS_ORDER]


def latest_statuses(plan: Plan) -> dict[int, tuple[int, str]]:
    """task id → (year, status) in the latest published cycle with an accepted report on it."""
    reports = (accepted_reports().filter(cycle__plan=plan)
               .values_list("task_id", "cycle__year", "cycle_id", "status"))
    found: dict[tuple[int, tuple[int, int]], list[str]] = {}
    for task_id, year, cycle_id, status in reports:
        found.setdefault((task_id, (year, cycle_id)), []).append(status)
    latest: dict[int, tuple[tuple[int, int], str]] = {}
    for (task_id, key), statuses in found.items():
        if task_id not in latest or key > latest[task_id][0]:
            latest[task_id] = (key, consolidate(statuses))
    return {task_id: (key[0], status) for task_id, (key, status) in latest.items()}


@dataclass
class TaskInCycle:
    cycle: Cycle
    reports: list
    status: str

    @property
    def label(self) -> str:
        return label_of(self.status)

    @property
    def light(self) -> str:
        return light(self.status)

    @property
    def outputs(self) -> list:
        return [output for report in self.reports for output in report.outputs.all()]


def task_cycles(task: Task) -> list[TaskInCycle]:
    """The task in each published cycle of its plan that has an accepted report on it, latest first."""
    reports = (accepted_reports().filter(task=task).select_related("cycle", "organization")
               .prefetch_related(Prefetch("outputs", queryset=Output.objects.order_by("position")))
               .order_by("-cycle__year", "-cycle_id", "organization__name"))
    by_cycle: dict[int, TaskInCycle] = {}
    for report in reports:
        item = by_cycle.setdefault(report.cycle_id, TaskInCycle(report.cycle, [], NO_REPORT))
        item.reports.append(report)
    for item in by_cycle.values():
        item.status = consolidate([r.status for r in item.reports])
    return list(by_cycle.values())
