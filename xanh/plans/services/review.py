"""The coordinator's review of an import: matches, findings, theme titles, target candidates."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from xanh.core import audit
from xanh.core.errors import ServiceError
from xanh.core.services import require_coordinator
from xanh.core.versioning import save_versioned
from xanh.organizations.resolver import MatchMethod
from xanh.organizations.services import confirm_alias_from_match
from xanh.plans.enums import CandidateStatus, FindingKind, FindingStatus
from xanh.plans.models import Assignment, Finding, TargetCandidate, Task, Theme
from xanh.plans.services.writes import refresh_search_texts


def _same_text_unreviewed(assignment: Assignment):
    return (Assignment.objects.filter(task__plan=assignment.task.plan, as_written=assignment.as_written,
                                      reviewed_at__isnull=True)
            .exclude(pk=assignment.pk).select_related("task"))


def _close_unresolved_findings(actor, assignment: Assignment):
    """The finding "this name matches nothing" is settled once the coordinator chose a body."""
    for finding in Finding.objects.filter(plan=assignment.task.plan, kind=FindingKind.UNRESOLVED_ASSIGNEE,
                                          status=FindingStatus.OPEN):
        if finding.params.get("name") == assignment.as_written:
            _settle(actor, finding, FindingStatus.EDITED, str(assignment.target))


def _settle(actor, finding: Finding, status: str, resolution: str) -> Finding:
    """Close an open finding, once: a second coordinator acting on it at the same time is refused."""
    reviewer = actor if getattr(actor, "is_authenticated", False) else None
    now = timezone.now()
    closed = Finding.objects.filter(pk=finding.pk, status=FindingStatus.OPEN).update(
        status=status, resolution=resolution, resolved_by=reviewer, resolved_at=now)
    if not closed:
        raise ServiceError(_("This finding was already dealt with."))
    finding.status, finding.resolution, finding.resolved_by, finding.resolved_at = status, resolution, reviewer, now
    audit.record(actor, "finding." + status, finding, after={"kind": finding.kind, "resolution": resolution})
    return finding


@transaction.atomic
def confirm_assignment(actor, assignment: Assignment, expected_version: int) -> int:
    """Confirm a match; every unreviewed assignment with the same text and target in the plan
    is confirmed with it, and the spelling becomes an alias. Returns how many were confirmed."""
    require_coordinator(actor)
    if assignment.target is None:
        raise ServiceError(_("Nothing to confirm: this name is not resolved. Choose the body or group."))
    now = timezone.now()
    reviewer = actor if getattr(actor, "is_authenticated", False) else None
    before = {"confidence": assignment.confidence, "method": assignment.method}
    assignment.confidence, assignment.reviewed_by, assignment.reviewed_at = 1.0, reviewer, now
    save_versioned(assignment, expected_version, ["confidence", "reviewed_by", "reviewed_at"])
    others = [a for a in _same_text_unreviewed(assignment)
              if a.organization_id == assignment.organization_id and a.group_id == assignment.group_id]
    Assignment.objects.filter(pk__in=[a.pk for a in others]).update(
        confidence=1.0, reviewed_by=reviewer, reviewed_at=now, version=F("version") + 1)
    confirm_alias_from_match(actor, assignment.target, assignment.as_written)
    audit.record(actor, "assignment.confirmed", assignment, before=before,
                 after={"target": str(assignment.target), "also": [a.task.ref for a in others]})
    return 1 + len(others)


@transaction.atomic
def correct_assignment(actor, assignment: Assignment, expected_version: int, *, organization=None,
                       group=None) -> int:
    """Point an assignee at the right body or group; the same text elsewhere in the plan, not yet
    reviewed, follows. Returns how many assignments changed."""
    require_coordinator(actor)
    if (organization is None) == (group is None):
        raise ServiceError(_("Choose exactly one body or one group."), field="target")
    now = timezone.now()
    reviewer = actor if getattr(actor, "is_authenticated", False) else None
    before = {"target": str(assignment.target) if assignment.target else None, "confidence": assignment.confidence}
    assignment.organization, assignment.group = organization, group
    assignment.confidence, assignment.method = 1.0, MatchMethod.MANUAL
    assignment.reviewed_by, assignment.reviewed_at = reviewer, now
    save_versioned(assignment, expected_version,
                   ["organization", "group", "confidence", "method", "reviewed_by", "reviewed_at"])
    others = list(_same_text_unreviewed(assignment))
    Assignment.objects.filter(pk__in=[a.pk for a in others]).update(
        organization=organization, group=group, confidence=1.0, method=MatchMethod.MANUAL, reviewed_by=reviewer,
        reviewed_at=now, version=F("version") + 1)
    confirm_alias_from_match(actor, organization or group, assignment.as_written)
    refresh_search_texts({a.task_id for a in [assignment, *others]})
    _close_unresolved_findings(actor, assignment)
    audit.record(actor, "assignment.corrected", assignment, before=before,
                 after={"target": str(organization or group), "also": [a.task.ref for a in others]})
    return 1 + len(others)


@transaction.atomic
def update_theme_title(actor, theme: Theme, expected_version: int, title: str) -> Theme:
    require_coordinator(actor)
    title = " ".join((title or "").split())
    if not title:
        raise ServiceError(_("A theme needs a title."), field="title")
    before = {"title": theme.title}
    theme.title = title
    save_versioned(theme, expected_version, ["title"])
    refresh_search_texts(Task.objects.filter(theme=theme).values_list("pk", flat=True))
    audit.record(actor, "theme.title_changed", theme, before=before, after={"title": title})
    return theme


@transaction.atomic
def resolve_finding(actor, finding: Finding, action: str, value: str = "", theme_version: int | None = None) -> Finding:
    """accept (apply the proposed fix), edit (apply `value` instead) or dismiss (keep as written).
    A fix to a theme's title names the theme version the coordinator saw (no lost updates)."""
    require_coordinator(actor)
    if finding.status != FindingStatus.OPEN:
        raise ServiceError(_("This finding was already dealt with."))
    if action not in {"accept", "edit", "dismiss"}:
        raise ServiceError(_("Unknown action."))
    if action == "edit" and not value.strip():
        raise ServiceError(_("Write the correction."), field="value")
    fix = finding.proposed_fix if action == "accept" else value.strip()
    if action in {"accept", "edit"} and finding.kind == FindingKind.THEME_TITLE and finding.theme is not None:
        if not fix:
            raise ServiceError(_("There is no proposed fix to accept; edit instead."))
        expected = finding.theme.version if theme_version is None else theme_version
        update_theme_title(actor, finding.theme, expected, fix)
    status = {"accept": FindingStatus.ACCEPTED, "edit": FindingStatus.EDITED,
              "dismiss": FindingStatus.DISMISSED}[action]
    return _settle(actor, finding, status, fix if action != "dismiss" else "")


@transaction.atomic
def confirm_target_candidate(actor, candidate: TargetCandidate, status: str) -> TargetCandidate:
    require_coordinator(actor)
    if status not in {CandidateStatus.CONFIRMED, CandidateStatus.REJECTED}:
        raise ServiceError(_("Unknown status."))
    before = {"status": candidate.status}
    candidate.status = status
    candidate.save(update_fields=["status"])
    audit.record(actor, "target_candidate." + status, candidate, before=before, after={"status": status})
    return candidate
