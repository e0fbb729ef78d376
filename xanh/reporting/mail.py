"""E-mail notifications: composed when something happens, sent by the job runner.

Each mail is a `reporting.send_mail` job, so a slow or absent mail server never holds up a
save and a failed delivery is retried. Messages are written in the site's language
(settings.LANGUAGE_CODE, Vietnamese by default) as plain text with a simple HTML alternative,
the subject prefixed "[xanh]", with a link to the page where the reader acts.

    cycle opened      reporters and approvers of each body with expected reports, one mail per body
    report expected   the body's reporters and approvers (a report added to an open cycle)
    submitted         the body's approvers (or the coordinators, when the body has no approver)
    approved          the coordinators
    sent back, returned, reopened   the body's reporters, with the reason
    accepted          the body's reporters
"""

import functools
import logging
from itertools import groupby

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from xanh.core.enums import Role
from xanh.core.jobs import enqueue, job
from xanh.reporting.enums import CycleState, ReportState
from xanh.reporting.notify import coordinator_emails, recipients

log = logging.getLogger("xanh.mail")

SEND = "reporting.send_mail"
CYCLE_OPENED = "reporting.cycle_opened"
OFFICERS = (Role.REPORTER, Role.APPROVER)


@job(SEND)
def send(payload: dict) -> None:
    message = EmailMultiAlternatives(subject=payload["subject"], body=payload["text"],
                                     from_email=settings.DEFAULT_FROM_EMAIL, to=payload["to"])
    if payload.get("html"):
        message.attach_alternative(payload["html"], "text/html")
    message.send()


def link(name: str, *args) -> str:
    return settings.XANH_BASE_URL + reverse(name, args=args)


def compose(template: str, subject, context: dict, to: list[str]) -> dict:
    """A message ready for the `send_mail` job: rendered now, in the site's language.

    `subject` is a function returning the translated subject, so that it is translated inside
    the same language override as the body.
    """
    with translation.override(settings.LANGUAGE_CODE):
        context = {**context, "site_url": settings.XANH_BASE_URL}
        return {
            "to": list(to),
            "subject": "[xanh] " + " ".join(str(subject()).split()),
            "text": render_to_string(f"reporting/mail/{template}.txt", context),
            "html": render_to_string(f"reporting/mail/{template}.html", context),
        }


def queue(message: dict, key: str | None = None):
    """Queue a composed message; nothing when it has nobody to go to."""
    if not message["to"]:
        return None
    return enqueue(SEND, message, key=key)


def task_line(task) -> str:
    """The first line of a task's text, short enough for a list."""
    first = (task.text or "").strip().splitlines()[0] if (task.text or "").strip() else ""
    return first if len(first) <= 160 else first[:159].rstrip() + "…"


def recipients_by_body(organization_ids, roles) -> dict[int, list[str]]:
    """notify.recipients() for many bodies in one query: {body id: sorted addresses}."""
    from xanh.organizations.models import Membership

    rows = (Membership.objects.filter(organization_id__in=organization_ids, role__in=roles, is_active=True,
                                      user__is_active=True)
            .exclude(user__email="").values_list("organization_id", "user__email").distinct())
    found: dict[int, set] = {}
    for org_id, email in rows:
        found.setdefault(org_id, set()).add(email)
    return {org_id: sorted(emails) for org_id, emails in found.items()}


def quietly(function):
    """A failure to compose or queue a notification is logged: it never turns a save that succeeded
    into an error page, nor undoes it (its writes sit in their own savepoint)."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            with transaction.atomic():
                return function(*args, **kwargs)
        except Exception:
            log.exception("could not queue the notification %s", function.__name__)
            return None

    return wrapper


# ---- cycle opened: one job fans out to one mail per body, in the worker


@quietly
def queue_cycle_opened(cycle) -> None:
    enqueue(CYCLE_OPENED, {"cycle": cycle.pk}, key=f"cycle-opened:{cycle.pk}")


@job(CYCLE_OPENED)
def cycle_opened_mails(payload: dict) -> int:
    from xanh.reporting.models import Cycle, TaskReport

    cycle = Cycle.objects.select_related("plan").filter(pk=payload["cycle"]).first()
    if cycle is None or cycle.state != CycleState.OPEN:
        return 0
    reports = (TaskReport.objects.filter(cycle=cycle).select_related("task", "task__theme", "organization")
               .order_by("organization__name", "organization_id", "task__theme__order", "task__number"))
    reports = list(reports)
    emails = recipients_by_body({r.organization_id for r in reports}, OFFICERS)
    queued = 0
    for _org_id, items in groupby(reports, key=lambda r: r.organization_id):
        items = list(items)
        body = items[0].organization
        to = emails.get(body.pk, [])
        if not to:
            continue
        values = {"cycle": cycle, "count": len(items), "body": body.short_name or body.name}
        message = compose("cycle_opened", lambda values=values: _(
            "Reporting is open: %(cycle)s — %(count)d reports expected from %(body)s") % values, {
            "cycle": cycle, "body": body, "count": len(items),
            "tasks": [(r.task.ref, task_line(r.task)) for r in items],
            "url": link("reporting:body", cycle.pk, body.code)}, to)
        # keyed per body: if this job is retried half-way, bodies already queued are not written to twice
        if enqueue(SEND, message, key=f"mail:cycle-opened:{cycle.pk}:{body.pk}"):
            queued += 1
    return queued


# ---- a report added to an open cycle


@quietly
def queue_report_expected(report) -> None:
    body, cycle = report.organization, report.cycle
    to = recipients([body.pk], OFFICERS)
    message = compose("report_expected", lambda: _("New report expected: task %(ref)s — %(body)s") % {
        "ref": report.task.ref, "body": body.short_name or body.name}, {
        "cycle": cycle, "body": body, "task": report.task, "task_line": task_line(report.task),
        "url": link("reporting:report", report.pk)}, to)
    queue(message)


# ---- workflow transitions


def _moves():
    """action → (who receives it, subject, headline, what to do), translated when called."""
    return {
        "submitted": ("approvers", _("Report to approve: %(ref)s — %(body)s"),
                      _("The report of %(body)s on task %(ref)s was submitted for your approval."),
                      _("Open the report to approve it or send it back to the reporter.")),
        "delivered": ("coordinators", _("Report delivered: %(ref)s — %(body)s"),
                      _("%(body)s delivered its report on task %(ref)s; it awaits your review."),
                      _("Open the report to accept it or return it to the body.")),
        "report.send_back": ("reporters", _("Report sent back: %(ref)s — %(body)s"),
                             _("The body's approver sent back the report of %(body)s on task %(ref)s."),
                             _("Correct the report and submit it again.")),
        "report.return": ("reporters", _("Report returned: %(ref)s — %(body)s"),
                          _("The coordinator returned the report of %(body)s on task %(ref)s."),
                          _("Correct the report and submit it again.")),
        "report.reopen": ("reporters", _("Report reopened: %(ref)s — %(body)s"),
                          _("The coordinator reopened the accepted report of %(body)s on task %(ref)s "
                            "for correction."),
                          _("Correct the report and submit it again.")),
        "report.accept": ("reporters", _("Report accepted: %(ref)s — %(body)s"),
                          _("The coordinator accepted the report of %(body)s on task %(ref)s. It is now locked."),
                          ""),
    }


def _move_of(report, action: str) -> str | None:
    if action == "report.submit":
        return "submitted" if report.state == ReportState.SUBMITTED else "delivered"
    if action == "report.approve":
        return "delivered"
    return action if action in ("report.send_back", "report.return", "report.reopen", "report.accept") else None


@quietly
def queue_report_moved(report, action: str) -> None:
    move = _move_of(report, action)
    if move is None:
        return
    body, cycle = report.organization, report.cycle
    audience = _moves()[move][0]
    if audience == "approvers":
        to = recipients([body.pk], [Role.APPROVER])
    elif audience == "reporters":
        to = recipients([body.pk], [Role.REPORTER])
    else:
        to = coordinator_emails(cycle)
    values = {"ref": report.task.ref, "body": body.short_name or body.name}
    message = compose("report_moved", lambda: _moves()[move][1] % values, {
        "headline": lambda: _moves()[move][2] % values, "todo": lambda: _moves()[move][3],
        "reason": report.return_reason if move in ("report.send_back", "report.return", "report.reopen") else "",
        "cycle": cycle, "body": body, "task": report.task, "task_line": task_line(report.task),
        "state": report.get_state_display, "url": link("reporting:report", report.pk)}, to)
    queue(message)
