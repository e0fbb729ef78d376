"""Reads for reporting pages, the API and the CLI, always through restricted querysets.

Completeness and timeliness are computed in the database, one grouped query per view, so the
dashboards cost the same number of queries for one province or for the whole country.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from xanh.core.errors import PermissionDenied
from xanh.reporting.access import DELIVERED_STATES, bodies_of
from xanh.reporting.enums import CycleState, ReportState
from xanh.reporting.models import Cycle, TaskReport


def cycles(user):
    return Cycle.objects.restrict(user, "view").select_related("plan")


def get_cycle(user, pk) -> Cycle:
    return cycles(user).get(pk=pk)


def reports(user, action="view"):
    return TaskReport.objects.restrict(user, action).select_related("cycle", "task", "task__theme", "organization")


def get_report(user, pk, action="view") -> TaskReport:
    return reports(user, action).get(pk=pk)


def my_reports(user, cycle: Cycle | None = None):
    """The reports of the bodies the person works for, in cycles open for reporting."""
    qs = reports(user).filter(organization_id__in=bodies_of(user), cycle__state=CycleState.OPEN)
    return qs.filter(cycle=cycle) if cycle is not None else qs


def _counts(deadline_end):
    delivered = Q(delivered_at__isnull=False)
    return {
        "expected": Count("id"),
        "draft": Count("id", filter=Q(state=ReportState.DRAFT)),
        "started": Count("id", filter=Q(state=ReportState.DRAFT, updated_at__isnull=False)),
        "submitted": Count("id", filter=Q(state=ReportState.SUBMITTED)),
        "approved": Count("id", filter=Q(state=ReportState.APPROVED)),
        "accepted": Count("id", filter=Q(state=ReportState.ACCEPTED)),
        "returned": Count("id", filter=Q(state=ReportState.RETURNED)),
        "on_time": Count("id", filter=delivered & Q(delivered_at__lte=deadline_end)),
        "late": Count("id", filter=delivered & Q(delivered_at__gt=deadline_end)),
    }


@dataclass
class Completeness:
    """Counts for one body or theme; `missing` is what has not reached the coordinator yet."""

    key: object
    label: str
    expected: int = 0
    draft: int = 0
    started: int = 0
    submitted: int = 0
    approved: int = 0
    accepted: int = 0
    returned: int = 0
    on_time: int = 0
    late: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def delivered(self) -> int:
        return self.approved + self.accepted

    @property
    def missing(self) -> int:
        return self.expected - self.delivered

    @property
    def share_delivered(self) -> float:
        return self.delivered / self.expected if self.expected else 0.0

    @property
    def share_on_time(self) -> float:
        return self.on_time / self.expected if self.expected else 0.0

    def as_dict(self) -> dict:
        return {"expected": self.expected, "draft": self.draft, "submitted": self.submitted,
                "approved": self.approved, "accepted": self.accepted, "returned": self.returned,
                "missing": self.missing, "on_time": self.on_time, "late": self.late}


def completeness_by_body(user, cycle: Cycle) -> list[Completeness]:
    """Per body, sorted as a league table: share delivered on time, then delivered, then name."""
    _require_overview(user, cycle)
    rows = (TaskReport.objects.filter(cycle=cycle)
            .values("organization_id", "organization__code", "organization__name", "organization__short_name")
            .annotate(**_counts(cycle.deadline_end)).order_by())
    result = []
    for row in rows:
        label = row.pop("organization__short_name") or row["organization__name"]
        item = Completeness(key=row.pop("organization_id"), label=label,
                            extra={"code": row.pop("organization__code"), "name": row.pop("organization__name")},
                            **row)
        result.append(item)
    result.sort(key=lambda c: (-c.share_on_time, -c.share_delivered, c.late, c.label))
    return result


def completeness_by_theme(user, cycle: Cycle) -> list[Completeness]:
    _require_overview(user, cycle)
    rows = (TaskReport.objects.filter(cycle=cycle)
            .values("task__theme_id", "task__theme__code", "task__theme__title", "task__theme__order")
            .annotate(**_counts(cycle.deadline_end)).order_by("task__theme__order"))
    return [Completeness(key=row.pop("task__theme_id"), label=f"{row.pop('task__theme__code')}. "
                         f"{row.pop('task__theme__title')}",
                         **{k: v for k, v in row.items() if k != "task__theme__order"}) for row in rows]


def totals(items: list[Completeness]) -> Completeness:
    total = Completeness(key=None, label="")
    for item in items:
        for name in ("expected", "draft", "started", "submitted", "approved", "accepted", "returned", "on_time",
                     "late"):
            setattr(total, name, getattr(total, name) + getattr(item, name))
    return total


def _require_overview(user, cycle: Cycle) -> None:
    from xanh.reporting.access import sees_all_delivered

    if user is not None and not sees_all_delivered(user):
        raise PermissionDenied


def is_overdue(cycle: Cycle, now=None) -> bool:
    return (now or timezone.now()) > cycle.deadline_end


def missing_reports(user, cycle: Cycle):
    """Expected reports that have not reached the coordinator, by body: for reminders and the chasing letter."""
    _require_overview(user, cycle)
    return (TaskReport.objects.filter(cycle=cycle).exclude(state__in=DELIVERED_STATES)
            .select_related("organization", "task", "task__theme")
            .order_by("organization__name", "task__theme__order", "task__number"))


def history(user, report: TaskReport):
    """The audit events of a report the person may see (checked by fetching it restricted first)."""
    from xanh.core.models import AuditEvent

    get_report(user, report.pk)
    return AuditEvent.objects.filter(object_type="reporting.taskreport", object_id=str(report.pk)).order_by("at", "id")


def awaiting_coordinator(user, cycle: Cycle):
    """Reports the body approved and the coordinator has not yet accepted or returned."""
    return reports(user).filter(cycle=cycle, state=ReportState.APPROVED).order_by("delivered_at")


def cycle_tasks(cycle: Cycle):
    return cycle.plan.tasks.filter(removed_in__isnull=True).select_related("theme").order_by("theme__order", "number")


def bodies_on(cycle: Cycle):
    """The province's bodies that exist on the cycle's reference date (to add to the expected list)."""
    from xanh.organizations.models import Organization

    day = cycle.reference_date
    return (Organization.objects.filter(province=cycle.plan.province)
            .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day))
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day)).order_by("kind", "name"))


def state_counts(rows) -> dict:
    counts = {state: 0 for state in ReportState.values}
    for row in rows:
        counts[row.state] += 1
    counts["total"] = len(rows)
    counts["delivered"] = counts[ReportState.APPROVED] + counts[ReportState.ACCEPTED]
    return counts


def my_work(user) -> list[dict]:
    """For each body the person works for and each open cycle: how many reports stand where."""
    rows = (my_reports(user).values("cycle_id", "organization_id")
            .annotate(**_counts(timezone.now())).order_by("cycle_id", "organization_id"))
    cycles_by_id = {c.pk: c for c in Cycle.objects.filter(pk__in={r["cycle_id"] for r in rows}).select_related("plan")}
    from xanh.organizations.models import Organization

    bodies = Organization.objects.in_bulk({r["organization_id"] for r in rows})
    return [{"cycle": cycles_by_id[r["cycle_id"]], "body": bodies[r["organization_id"]],
             "counts": Completeness(key=None, label="", **{k: v for k, v in r.items()
                                                           if k not in ("cycle_id", "organization_id")})}
            for r in rows]


def contribution_tasks(user, cycle: Cycle, body) -> list[dict]:
    """Tasks `body` coordinates on in this cycle: the lead bodies' reports and its own contribution."""
    from xanh.organizations.registry import Registry
    from xanh.plans.carriers import assignment_carriers
    from xanh.plans.enums import AssignmentRole
    from xanh.reporting.models import Contribution

    registry = Registry.load(cycle.plan.province)
    tasks = cycle_tasks(cycle).prefetch_related("assignments__organization", "assignments__group")
    found = []
    for task in tasks:
        for assignment in task.assignments.all():
            if assignment.role != AssignmentRole.COORDINATING:
                continue
            row = assignment_carriers(registry, assignment, cycle.reference_date, cycle.plan.date)
            if any(c.organization.pk == body.pk for c in row.carriers):
                found.append(task)
                break
    if not found:
        return []
    from django.db.models import Min

    summary = {row["task_id"]: row for row in TaskReport.objects.filter(cycle=cycle, task__in=found)
               .values("task_id").annotate(count=Count("id"), first=Min("id")).order_by()}
    led_by_body = set(TaskReport.objects.filter(cycle=cycle, task__in=found, organization=body)
                      .values_list("task_id", flat=True))
    few = [task_id for task_id, row in summary.items() if row["count"] <= 3]
    names: dict[int, list[str]] = {}
    for task_id, short, name in (TaskReport.objects.filter(cycle=cycle, task_id__in=few)
                                 .values_list("task_id", "organization__short_name", "organization__name")):
        names.setdefault(task_id, []).append(short or name)
    own = {c.task_id: c for c in Contribution.objects.filter(cycle=cycle, organization=body, task__in=found)}
    return [{"task": t, "lead_report_id": summary[t.pk]["first"], "lead_count": summary[t.pk]["count"],
             "lead_names": names.get(t.pk, []), "contribution": own.get(t.pk)}
            for t in found if t.pk in summary and t.pk not in led_by_body]
