"""Reminders to the bodies whose reports have not reached the coordinator.

The coordinator sends them with one click (`send_reminders`); the worker's periodic tick sends
them on schedule (`schedule_due`): once per body when the deadline is `remind_days_before` days
away, then the day after the deadline and every week after while reports are missing. Each
reminder is a `Reminder` row with a unique key, written in the same transaction as its mail job,
so that running the check twice never writes twice. A body nobody can be written to (no officer
with an e-mail address) gets its row all the same, with no recipients, so the coordinator sees
whom to phone.
"""

from datetime import datetime, timedelta
from itertools import groupby
from uuid import uuid4

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from xanh.core.audit import record
from xanh.core.enums import Role
from xanh.core.errors import ServiceError
from xanh.core.jobs import periodic
from xanh.core.services import require_coordinator
from xanh.reporting import mail
from xanh.reporting.enums import CycleState, ReminderKind, ReportState
from xanh.reporting.models import Cycle, Reminder, TaskReport
from xanh.reporting.queries import missing_reports

OVERDUE_EVERY_DAYS = 7


def missing_label(report: TaskReport) -> str:
    """Where a missing report is stuck, in the words of a reminder."""
    if report.state == ReportState.DRAFT:
        return _("being written") if report.is_started else _("not started")
    if report.state == ReportState.SUBMITTED:
        return _("waiting for the body's approval")
    if report.state == ReportState.RETURNED:
        return _("returned for correction")
    return report.get_state_display()


LIGHT = ("state", "updated_at", "organization_id", "task_id", "organization__code", "organization__name",
         "organization__short_name", "organization__kind", "task__ref", "task__text")


def missing(user, cycle: Cycle):
    """queries.missing_reports() (permission checked), loading only what a reminder or letter shows."""
    return missing_reports(user, cycle).select_related(None).select_related("organization", "task").only(*LIGHT)


def missing_by_body(cycle: Cycle, body_ids=None) -> list[tuple]:
    """[(body, [missing reports])], bodies by name; limited to the bodies `body_ids` when given."""
    reports = missing(None, cycle)
    if body_ids is not None:
        reports = reports.filter(organization_id__in=list(body_ids))
    return [(items[0].organization, items) for items in
            (list(group) for _org, group in groupby(reports, key=lambda r: r.organization_id))]


def coordinator_body(cycle: Cycle, user=None):
    """The body that chases: the person's own coordinating body, else the province's usual one."""
    from xanh.organizations.models import Membership

    coordinators = Membership.objects.filter(role=Role.COORDINATOR, is_active=True,
                                             organization__province=cycle.plan.province_id)
    if getattr(user, "is_authenticated", False):
        own = coordinators.filter(user=user).select_related("organization").first()
        if own is not None:
            return own.organization
    usual = (coordinators.values("organization").annotate(n=Count("id")).order_by("-n", "organization").first())
    if usual is not None:
        from xanh.organizations.models import Organization

        return Organization.objects.get(pk=usual["organization"])
    return cycle.plan.province


def _message(cycle, body, reports, to, sender, today) -> dict:
    overdue = today > cycle.body_deadline
    count = len(reports)
    values = {"count": count, "date": cycle.body_deadline.strftime("%d/%m/%Y"),
              "body": body.short_name or body.name}
    if overdue:
        subject = lambda: _("Overdue: %(count)d reports were due on %(date)s — %(body)s") % values  # noqa: E731
    else:
        subject = lambda: _("Reminder: %(count)d reports due on %(date)s — %(body)s") % values  # noqa: E731
    items = [{"ref": r.task.ref, "line": mail.task_line(r.task), "state": (lambda r=r: missing_label(r))}
             for r in reports]
    return mail.compose("reminder", subject, {
        "cycle": cycle, "body": body, "overdue": overdue, "reports": items,
        "sender": sender.name, "url": mail.link("reporting:body", cycle.pk, body.code)}, to)


def _remind(actor, cycle: Cycle, kind: str, key_of, organizations=None, now=None) -> list[Reminder]:
    """Write a reminder (and queue its mail) for each body with missing reports whose key is new."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    # which bodies are due, from two light queries: the schedule asks every few minutes
    bodies = set(missing_reports(None, cycle).order_by().values_list("organization_id", flat=True).distinct())
    if organizations is not None:
        bodies &= {body.pk for body in organizations}
    keys = {body_id: key_of(body_id) for body_id in bodies}
    seen = set(Reminder.objects.filter(key__in=keys.values()).values_list("key", flat=True))
    due = [body_id for body_id, key in keys.items() if key not in seen]
    if not due:
        return []
    todo = [(body, reports, keys[body.pk]) for body, reports in missing_by_body(cycle, due)]
    emails = mail.recipients_by_body([body.pk for body, _r, _k in todo], mail.OFFICERS)
    sender = coordinator_body(cycle, actor)
    user = actor if getattr(actor, "is_authenticated", False) else None
    written = []
    for body, reports, key in todo:
        to = emails.get(body.pk, [])
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(cycle=cycle, organization=body, kind=kind, sent_at=now,
                                                   sent_by=user, recipients=to, missing_count=len(reports), key=key)
                if to:
                    mail.queue(_message(cycle, body, reports, to, sender, today), key=f"mail:reminder:{key}")
        except IntegrityError:  # another worker wrote the same scheduled reminder a moment ago
            continue
        written.append(reminder)
    if written:
        record(actor, "cycle.remind", cycle, after={
            "kind": kind, "bodies": [r.organization.code for r in written if r.recipients],
            "unreachable": [r.organization.code for r in written if not r.recipients],
            "missing": sum(r.missing_count for r in written)})
    return written


def send_reminders(actor, cycle: Cycle, organizations=None) -> int:
    """Remind now every body (or the `organizations` given) whose reports have not all reached the
    coordinator; returns the number of bodies reminded. Bodies with nothing missing are skipped."""
    return len(remind_now(actor, cycle, organizations))


def remind_now(actor, cycle: Cycle, organizations=None) -> list[Reminder]:
    """send_reminders(), returning the reminders written (those without recipients: bodies not reached)."""
    require_coordinator(actor)
    if cycle.state != CycleState.OPEN:
        raise ServiceError(_("Reminders can only be sent while the cycle is open for reporting."))
    if organizations is not None:
        organizations = list(organizations)
        expected = set(TaskReport.objects.filter(cycle=cycle, organization__in=organizations)
                       .values_list("organization_id", flat=True))
        for body in organizations:
            if body.pk not in expected:
                raise ServiceError(_("%(body)s is not expected to report in this cycle.") % {"body": body},
                                   field="organization")
    batch = uuid4().hex[:12]
    with transaction.atomic():
        return _remind(actor, cycle, ReminderKind.MANUAL, lambda body_id: f"manual:{cycle.pk}:{body_id}:{batch}",
                       organizations)


def due_kind(cycle: Cycle, today) -> tuple[str, str] | None:
    """(kind, key suffix) of the scheduled reminder due for `cycle` on `today`, or None.

    Before: from `remind_days_before` days ahead up to the deadline day, once per cycle (a worker
    that was down on the exact day still sends it). Overdue: one per week counted from the day
    after the deadline.
    """
    deadline = cycle.body_deadline
    if deadline - timedelta(days=cycle.remind_days_before) <= today <= deadline:
        return ReminderKind.BEFORE_DEADLINE, "before"
    if today > deadline:
        week = ((today - deadline).days - 1) // OVERDUE_EVERY_DAYS
        start = deadline + timedelta(days=1 + week * OVERDUE_EVERY_DAYS)
        return ReminderKind.OVERDUE, f"overdue-{start.isoformat()}"
    return None


@periodic("reporting.schedule_reminders", every=timedelta(minutes=5))
def schedule_due(now: datetime | None = None) -> int:
    """Send the reminders due now in every open cycle; returns how many bodies were reminded."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    count = 0
    for cycle in Cycle.objects.filter(state=CycleState.OPEN).select_related("plan", "plan__province"):
        due = due_kind(cycle, today)
        if due is None:
            continue
        kind, suffix = due
        with transaction.atomic():
            count += len(_remind(None, cycle, kind, lambda body_id, c=cycle, s=suffix: f"{s}:{c.pk}:{body_id}",
                                 now=now))
    return count

