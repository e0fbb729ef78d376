"""A task report's workflow: draft → submitted → approved → accepted, or returned with a reason.

    reporter   submit (draft/returned → submitted; straight to approved when the body has no approver)
    approver   approve (submitted → approved), send back (submitted → draft, with a reason)
    coordinator accept (approved → accepted, locked), return (approved → returned, with a reason),
               reopen (accepted → returned, with a reason)

Timeliness is computed from `delivered_at`, the first time the body's approval sent the report
to the coordinator; nobody types it.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from xanh.core import clock
from xanh.core.audit import record
from xanh.core.enums import Role
from xanh.core.errors import PermissionDenied, ServiceError
from xanh.core.services import SYSTEM, require_coordinator
from xanh.core.versioning import save_versioned
from xanh.organizations.models import Membership
from xanh.reporting import notify
from xanh.reporting.access import can_approve_for
from xanh.reporting.enums import CycleState, ImplementationStatus, ReportState
from xanh.reporting.extensions import report_accepted
from xanh.reporting.models import TaskReport
from xanh.reporting.services.reports import require_writer

NO_NARRATIVE_NEEDED = (ImplementationStatus.NOT_STARTED, ImplementationStatus.AWAITING_GUIDANCE)


def _locked(report: TaskReport, expected_version: int) -> TaskReport:
    fresh = TaskReport.objects.select_for_update().select_related("cycle", "organization", "task").get(pk=report.pk)
    if fresh.version != expected_version:
        save_versioned(fresh, expected_version, [])  # raises the stale-edit message
    return fresh


def _require(report: TaskReport, *states) -> None:
    if report.state not in states:
        raise ServiceError(_("This cannot be done while the report is “%(state)s”.") % {
            "state": report.get_state_display()})


def _require_open(report: TaskReport) -> None:
    if report.cycle.state != CycleState.OPEN:
        raise ServiceError(_("This cycle is not open for reporting."))


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _move(actor, report, expected_version, state, action, fields, reason="", notice=None):
    before = report.state
    report.state = state
    save_versioned(report, expected_version, ["state", *fields])
    record(actor, action, report, before={"state": before}, after={"state": state}, reason=reason)
    if notice:
        transaction.on_commit(lambda: notice(report, action))
    return report


def check_complete(report: TaskReport) -> None:
    """What a report must say before it leaves the body."""
    if not report.status:
        raise ServiceError(_("Choose the implementation status before submitting."), field="status")
    if report.status not in NO_NARRATIVE_NEEDED and not report.results.strip():
        raise ServiceError(_("Describe the results before submitting."), field="results")


def body_has_approver(organization_id) -> bool:
    return Membership.objects.filter(organization_id=organization_id, role=Role.APPROVER, is_active=True,
                                     user__is_active=True).exists()


@transaction.atomic
def submit(actor, report: TaskReport, expected_version: int) -> TaskReport:
    report = _locked(report, expected_version)
    require_writer(actor, report)
    _require_open(report)
    _require(report, ReportState.DRAFT, ReportState.RETURNED)
    check_complete(report)
    now = clock.now()
    report.submitted_at, report.submitted_by = now, _user(actor)
    if body_has_approver(report.organization_id):
        return _move(actor, report, expected_version, ReportState.SUBMITTED, "report.submit",
                     ["submitted_at", "submitted_by"], notice=notify.report_moved)
    # a body without an approver account delivers on submission
    report.approved_at, report.approved_by = now, _user(actor)
    report.delivered_at = report.delivered_at or now
    return _move(actor, report, expected_version, ReportState.APPROVED, "report.submit",
                 ["submitted_at", "submitted_by", "approved_at", "approved_by", "delivered_at"],
                 notice=notify.report_moved)


def require_approver(actor, report: TaskReport) -> None:
    if actor is SYSTEM:
        return
    if not can_approve_for(actor, report.organization_id):
        raise PermissionDenied(_("Only an approver of %(body)s may approve its reports.") % {
            "body": report.organization})


@transaction.atomic
def approve(actor, report: TaskReport, expected_version: int) -> TaskReport:
    report = _locked(report, expected_version)
    require_approver(actor, report)
    _require_open(report)
    _require(report, ReportState.SUBMITTED)
    now = clock.now()
    report.approved_at, report.approved_by = now, _user(actor)
    report.delivered_at = report.delivered_at or now
    return _move(actor, report, expected_version, ReportState.APPROVED, "report.approve",
                 ["approved_at", "approved_by", "delivered_at"], notice=notify.report_moved)


@transaction.atomic
def send_back(actor, report: TaskReport, expected_version: int, reason: str) -> TaskReport:
    """The body's approver sends a submission back to its reporter."""
    report = _locked(report, expected_version)
    require_approver(actor, report)
    _require(report, ReportState.SUBMITTED)
    reason = _reason(reason)
    report.return_reason = reason
    return _move(actor, report, expected_version, ReportState.DRAFT, "report.send_back", ["return_reason"], reason,
                 notice=notify.report_moved)


@transaction.atomic
def return_report(actor, report: TaskReport, expected_version: int, reason: str) -> TaskReport:
    """The coordinator returns an approved report to the body, saying why."""
    require_coordinator(actor)
    report = _locked(report, expected_version)
    _require_open(report)
    _require(report, ReportState.APPROVED)
    reason = _reason(reason)
    report.return_reason = reason
    return _move(actor, report, expected_version, ReportState.RETURNED, "report.return", ["return_reason"], reason,
                 notice=notify.report_moved)


@transaction.atomic
def accept(actor, report: TaskReport, expected_version: int) -> TaskReport:
    require_coordinator(actor)
    report = _locked(report, expected_version)
    _require_open(report)
    _require(report, ReportState.APPROVED)
    report.accepted_at, report.accepted_by = clock.now(), _user(actor)
    report.return_reason = ""
    report = _move(actor, report, expected_version, ReportState.ACCEPTED, "report.accept",
                   ["accepted_at", "accepted_by", "return_reason"], notice=notify.report_moved)
    report_accepted(actor, report)   # e.g. the indicator values filed with it are released to the public
    return report


@transaction.atomic
def reopen(actor, report: TaskReport, expected_version: int, reason: str) -> TaskReport:
    """Unlock an accepted report for correction by its body (audited, with a reason)."""
    require_coordinator(actor)
    report = _locked(report, expected_version)
    _require_open(report)
    _require(report, ReportState.ACCEPTED)
    reason = _reason(reason)
    report.return_reason = reason
    report.accepted_at, report.accepted_by = None, None
    return _move(actor, report, expected_version, ReportState.RETURNED, "report.reopen",
                 ["return_reason", "accepted_at", "accepted_by"], reason, notice=notify.report_moved)


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Give a reason: the body will read it."), field="reason")
    return reason


def apply_to_many(actor, reports, transition, **kwargs) -> tuple[list, list]:
    """Run a transition on several reports (each in its own transaction): (done, [(report, error)])."""
    done, refused = [], []
    for report in reports:
        try:
            done.append(transition(actor, report, report.version, **kwargs))
        except (ServiceError, PermissionDenied) as exc:
            refused.append((report, getattr(exc, "message", str(exc))))
    return done, refused
