"""Opening, adjusting, notifying and closing reporting cycles.

Opening a cycle writes the expected reports: for each task active in the cycle's year, each
lead body as it exists on the reference date (successions and group membership resolved),
and an invitation to contribute for each coordinating body. While the cycle is being prepared
the coordinator adjusts that list; notifying the bodies opens it for reporting.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from xanh.core import clock
from xanh.core.audit import record, snapshot
from xanh.core.errors import ServiceError
from xanh.core.services import require_coordinator
from xanh.core.versioning import apply_changes, save_versioned
from xanh.organizations.registry import Registry
from xanh.plans.carriers import assignment_carriers
from xanh.plans.enums import AssignmentRole, PlanState
from xanh.plans.models import Plan, Task
from xanh.reporting import notify
from xanh.reporting.enums import CycleKind, CycleState, ImplementationStatus
from xanh.reporting.models import Contribution, Cycle, TaskReport

DATE_FIELDS = ["reference_date", "period_start", "period_end", "body_deadline", "province_deadline"]
EDITABLE = ["title", *DATE_FIELDS, "remind_days_before"]


def default_dates(plan: Plan, year: int, kind: str) -> dict:
    """The plan's deadlines (bodies 15/11, province 10/12) and Decree 09/2019's data period
    (15/12 of the previous year to 14/12); reviews cover the plan from its first year."""
    first_year = year if kind in (CycleKind.ANNUAL, CycleKind.ADHOC) else (plan.period_start or year)
    return {
        "period_start": date(first_year - 1, 12, 15),
        "period_end": date(year, 12, 14),
        "body_deadline": date(year, 11, 15),
        "province_deadline": date(year, 12, 10),
        "reference_date": date(year, 11, 15),
    }


@dataclass
class Expected:
    """What a cycle asks for: reports from lead bodies, contributions, and tasks nobody carries."""

    reports: dict = field(default_factory=dict)        # (task_id, org_id) -> (task, org, origin)
    contributions: dict = field(default_factory=dict)  # (task_id, org_id) -> (task, org)
    unassigned: list = field(default_factory=list)     # (task, note)


def task_is_active(task: Task, cycle: Cycle) -> bool:
    if task.removed_in is not None:
        return False
    start = task.start_year or cycle.plan.period_start or cycle.year
    end = task.end_year or cycle.plan.period_end or cycle.year
    if cycle.kind in (CycleKind.MIDTERM, CycleKind.FINAL):
        return start <= cycle.year
    return start <= cycle.year <= end


def origin_of(assignment, carrier) -> dict:
    """Why this body reports: the plan's wording, the group it belongs to, the successions followed.

    A member of a group reached through a succession into another group (a district's duties
    passing to "the communes") did not succeed any one named body: the step names the groups."""
    via = []
    for s in carrier.path:
        source = carrier.via_group.name if carrier.via_group and s.successor_group_id else s.predecessor.name
        via.append({"from": source, "to": str(s.target), "date": s.effective_date.isoformat(),
                    "basis": s.legal_basis, "scope": s.scope})
    unique = [step for n, step in enumerate(via) if step not in via[:n]]
    return {"as_written": assignment.as_written, "group": carrier.via_group.name if carrier.via_group else "",
            "via": unique}


def compute_expected(cycle: Cycle, registry: Registry | None = None) -> Expected:
    plan = cycle.plan
    registry = registry or Registry.load(plan.province)
    tasks = (plan.tasks.filter(removed_in__isnull=True).select_related("theme")
             .prefetch_related("assignments__organization", "assignments__group"))
    expected = Expected()
    for task in tasks:
        if not task_is_active(task, cycle):
            continue
        leads = [a for a in task.assignments.all() if a.role == AssignmentRole.LEAD]
        notes = []
        for assignment in leads:
            row = assignment_carriers(registry, assignment, cycle.reference_date, plan.date)
            for carrier in row.carriers:
                expected.reports.setdefault((task.pk, carrier.organization.pk),
                                            (task, carrier.organization, origin_of(assignment, carrier)))
            if not row.carriers:
                notes.append(f"{assignment.as_written}: {row.note}")
        if not any(key[0] == task.pk for key in expected.reports):
            expected.unassigned.append((task, "; ".join(notes) or _("The plan names no lead body.")))
        for assignment in task.assignments.all():
            # invitations go to bodies named as coordinating; a whole group ("các sở, ban, ngành")
            # coordinating on every task would bury each member under empty invitations
            if assignment.role != AssignmentRole.COORDINATING or assignment.organization_id is None:
                continue
            for carrier in assignment_carriers(registry, assignment, cycle.reference_date, plan.date).carriers:
                key = (task.pk, carrier.organization.pk)
                if key not in expected.reports:
                    expected.contributions.setdefault(key, (task, carrier.organization))
    return expected


def _new_report(cycle, task, org, origin):
    status = ImplementationStatus.AWAITING_GUIDANCE if task.awaits_guidance else ""
    return TaskReport(cycle=cycle, task=task, organization=org, origin=origin, status=status)


@transaction.atomic
def open_cycle(actor, plan: Plan, *, year: int, kind: str = CycleKind.ANNUAL, **values) -> Cycle:
    """A new cycle in preparation, with its expected reports computed."""
    require_coordinator(actor)
    if plan.state != PlanState.ACTIVE:
        raise ServiceError(_("Reporting cycles can only be opened for a plan in force."))
    if kind not in CycleKind.values:
        raise ServiceError(_("Unknown kind of cycle: %(kind)s.") % {"kind": kind}, field="kind")
    if not 2000 <= int(year) <= 2100:
        raise ServiceError(_("The year must be between 2000 and 2100."), field="year")
    dates = default_dates(plan, int(year), kind)
    dates.update({k: v for k, v in values.items() if v not in (None, "")})
    unknown = set(dates) - set(EDITABLE)
    if unknown:
        raise ServiceError(_("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    cycle = Cycle(plan=plan, kind=kind, year=int(year), opened_by=_user(actor), opened_at=clock.now(), **dates)
    check_dates(cycle)
    if kind != CycleKind.ADHOC and Cycle.objects.filter(plan=plan, kind=kind, year=year).exists():
        raise ServiceError(_("This plan already has a cycle of this kind for %(year)s.") % {"year": year},
                           field="year")
    try:
        with transaction.atomic():
            cycle.save()
    except IntegrityError as exc:  # a concurrent opening of the same cycle
        raise ServiceError(_("This plan already has a cycle of this kind for %(year)s.") % {"year": year}) from exc
    expected = compute_expected(cycle)
    TaskReport.objects.bulk_create([_new_report(cycle, t, o, origin) for t, o, origin in expected.reports.values()])
    Contribution.objects.bulk_create([Contribution(cycle=cycle, task=t, organization=o)
                                      for t, o in expected.contributions.values()])
    record(actor, "cycle.open", cycle, after={**snapshot(cycle), "expected_reports": len(expected.reports),
                                              "contributions": len(expected.contributions)})
    return cycle


def check_dates(cycle: Cycle) -> None:
    if cycle.period_start > cycle.period_end:
        raise ServiceError(_("The data period must start before it ends."), field="period_start")
    if cycle.body_deadline > cycle.province_deadline:
        raise ServiceError(_("The bodies' deadline must come before the province's."), field="body_deadline")
    if not 0 <= int(cycle.remind_days_before) <= 60:
        raise ServiceError(_("Reminders can be sent from 0 to 60 days before the deadline."),
                           field="remind_days_before")


@transaction.atomic
def update_cycle(actor, cycle: Cycle, expected_version: int, **changes) -> Cycle:
    require_coordinator(actor)
    if cycle.state == CycleState.CLOSED:
        raise ServiceError(_("This cycle is closed."))
    if "reference_date" in changes and changes["reference_date"] != cycle.reference_date \
            and cycle.state != CycleState.PREPARING:
        raise ServiceError(_("The reference date can only change while the cycle is being prepared."),
                           field="reference_date")
    before = snapshot(cycle, EDITABLE)
    apply_changes(cycle, changes, EDITABLE)
    check_dates(cycle)
    save_versioned(cycle, expected_version, EDITABLE)
    record(actor, "cycle.update", cycle, before=before, after=snapshot(cycle, EDITABLE))
    return cycle


@transaction.atomic
def refresh_expected(actor, cycle: Cycle, expected_version: int) -> dict:
    """Recompute the expected list (after the registry changed): add what is now expected,
    drop untouched reports and invitations that no longer are. Only while preparing."""
    require_coordinator(actor)
    _require_state(cycle, CycleState.PREPARING)
    expected = compute_expected(cycle)
    existing = {(r.task_id, r.organization_id): r for r in cycle.reports.all()}
    added = [_new_report(cycle, t, o, origin) for key, (t, o, origin) in expected.reports.items()
             if key not in existing]
    dropped = [r.pk for key, r in existing.items()
               if key not in expected.reports and not r.is_started and not r.origin.get("added_by")]
    TaskReport.objects.bulk_create(added)
    TaskReport.objects.filter(pk__in=dropped).delete()
    invited = {(c.task_id, c.organization_id) for c in cycle.contributions.all()}
    Contribution.objects.bulk_create([Contribution(cycle=cycle, task=t, organization=o)
                                      for key, (t, o) in expected.contributions.items() if key not in invited])
    _bump(cycle, expected_version)
    result = {"added": len(added), "dropped": len(dropped)}
    record(actor, "cycle.refresh_expected", cycle, after=result)
    return result


@transaction.atomic
def add_expected(actor, cycle: Cycle, task: Task, organization) -> TaskReport:
    """The coordinator asks one more body for a report on a task (a chosen commune, say)."""
    require_coordinator(actor)
    if cycle.state == CycleState.CLOSED:
        raise ServiceError(_("This cycle is closed."))
    if task.plan_id != cycle.plan_id:
        raise ServiceError(_("This task belongs to another plan."), field="task")
    if not organization.active_on(cycle.reference_date):
        raise ServiceError(_("%(body)s does not exist on the cycle's reference date.") % {"body": organization},
                           field="organization")
    if cycle.reports.filter(task=task, organization=organization).exists():
        raise ServiceError(_("%(body)s is already expected to report on this task.") % {"body": organization},
                           field="organization")
    report = _new_report(cycle, task, organization, {"added_by": _username(actor)})
    report.save()
    cycle.contributions.filter(task=task, organization=organization, text="").delete()
    record(actor, "cycle.add_expected", report, after={"task": task.ref, "organization": organization.code})
    notify.report_expected(report)
    return report


@transaction.atomic
def remove_expected(actor, report: TaskReport, reason: str = "") -> None:
    """Withdraw an expected report nobody has started (once started, history stays)."""
    require_coordinator(actor)
    report = TaskReport.objects.select_for_update().get(pk=report.pk)
    if report.is_started or report.submitted_at is not None:
        raise ServiceError(_("This report has already been started by the body; it cannot be withdrawn."))
    if report.cycle.state == CycleState.CLOSED:
        raise ServiceError(_("This cycle is closed."))
    record(actor, "cycle.remove_expected", report.cycle,
           before={"task": report.task.ref, "organization": report.organization.code}, reason=reason)
    report.delete()


@transaction.atomic
def notify_bodies(actor, cycle: Cycle, expected_version: int) -> Cycle:
    """Open the cycle for reporting and tell every expected body."""
    require_coordinator(actor)
    _require_state(cycle, CycleState.PREPARING)
    cycle.state = CycleState.OPEN
    cycle.notified_at = clock.now()
    save_versioned(cycle, expected_version, ["state", "notified_at"])
    record(actor, "cycle.notify", cycle, before={"state": CycleState.PREPARING}, after={"state": cycle.state})
    transaction.on_commit(lambda: notify.cycle_opened(cycle))
    return cycle


@transaction.atomic
def close_cycle(actor, cycle: Cycle, expected_version: int) -> Cycle:
    require_coordinator(actor)
    _require_state(cycle, CycleState.OPEN)
    cycle.state = CycleState.CLOSED
    cycle.closed_at = clock.now()
    save_versioned(cycle, expected_version, ["state", "closed_at"])
    record(actor, "cycle.close", cycle, before={"state": CycleState.OPEN}, after={"state": cycle.state})
    return cycle


@transaction.atomic
def reopen_cycle(actor, cycle: Cycle, expected_version: int, reason: str) -> Cycle:
    require_coordinator(actor)
    _require_state(cycle, CycleState.CLOSED)
    if not reason.strip():
        raise ServiceError(_("Say why the cycle is reopened."), field="reason")
    cycle.state = CycleState.OPEN
    cycle.closed_at = None
    save_versioned(cycle, expected_version, ["state", "closed_at"])
    record(actor, "cycle.reopen", cycle, before={"state": CycleState.CLOSED}, after={"state": cycle.state},
           reason=reason.strip())
    return cycle


@transaction.atomic
def set_cycle_publication(actor, cycle: Cycle, expected_version: int, is_public: bool) -> Cycle:
    require_coordinator(actor)
    if is_public and cycle.state == CycleState.PREPARING:
        raise ServiceError(_("A cycle still being prepared cannot be published."))
    before = cycle.is_public
    cycle.is_public = bool(is_public)
    save_versioned(cycle, expected_version, ["is_public"])
    record(actor, "cycle.publish" if is_public else "cycle.unpublish", cycle, before={"is_public": before},
           after={"is_public": cycle.is_public})
    return cycle


def _require_state(cycle: Cycle, state: str) -> None:
    if cycle.state != state:
        raise ServiceError(_("This cannot be done while the cycle is “%(state)s”.") % {
            "state": cycle.get_state_display()})


def _bump(cycle: Cycle, expected_version: int) -> None:
    save_versioned(cycle, expected_version, [])


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _username(actor) -> str:
    return actor.get_username() if getattr(actor, "is_authenticated", False) else "system"
