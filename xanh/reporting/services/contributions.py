"""Contributions: what a coordinating body adds to a task for the lead body to consolidate.

Bodies named as coordinating get an invitation when the cycle opens; members of a coordinating
group ("các sở, ban, ngành", the communes) start one when they have something to say.
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from xanh.core import clock
from xanh.core.audit import record
from xanh.core.errors import PermissionDenied, ServiceError
from xanh.core.services import SYSTEM
from xanh.core.versioning import save_versioned
from xanh.organizations.registry import Registry
from xanh.plans.carriers import assignment_carriers
from xanh.plans.enums import AssignmentRole
from xanh.reporting.access import can_write_for
from xanh.reporting.enums import ContributionState, CycleState
from xanh.reporting.models import Contribution


def coordinating_carriers(cycle, task, registry: Registry | None = None) -> set[int]:
    """Ids of the bodies that carry a coordinating assignment of `task` on the cycle's reference date."""
    registry = registry or Registry.load(cycle.plan.province)
    found = set()
    for assignment in task.assignments.all():
        if assignment.role == AssignmentRole.COORDINATING:
            row = assignment_carriers(registry, assignment, cycle.reference_date, cycle.plan.date)
            found.update(c.organization.pk for c in row.carriers)
    return found


@transaction.atomic
def save_contribution(actor, cycle, task, organization, expected_version: int | None, text: str, *,
                      share: bool = False) -> Contribution:
    """Write (and with `share`, send to the lead body) a body's contribution to a task."""
    if actor is not SYSTEM and not can_write_for(actor, organization.pk):
        raise PermissionDenied(_("Only the officers of %(body)s may write its contributions.") % {
            "body": organization})
    if cycle.state != CycleState.OPEN:
        raise ServiceError(_("This cycle is not open for reporting."))
    contribution = (Contribution.objects.select_for_update()
                    .filter(cycle=cycle, task=task, organization=organization).first())
    if contribution is None:
        if organization.pk not in coordinating_carriers(cycle, task):
            raise ServiceError(_("%(body)s is not a coordinating body of task %(ref)s.") % {
                "body": organization, "ref": task.ref})
        try:
            with transaction.atomic():
                contribution = Contribution.objects.create(cycle=cycle, task=task, organization=organization)
        except IntegrityError as exc:  # somebody of the same body started it at the same moment
            raise ServiceError(_("Someone else saved this record after you opened it. Reload the page to see "
                                 "their changes, then make yours again.")) from exc
        expected_version = contribution.version
    elif expected_version is None:
        expected_version = -1  # a form that did not know the record existed is stale
    text = (text or "").strip()
    if share and not text:
        raise ServiceError(_("Write the contribution before sending it."), field="text")
    before = {"text": contribution.text, "state": contribution.state}
    contribution.text = text
    contribution.updated_at = clock.now()
    contribution.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    fields = ["text", "updated_at", "updated_by"]
    if share:
        contribution.state = ContributionState.SHARED
        contribution.shared_at = contribution.updated_at
        fields += ["state", "shared_at"]
    save_versioned(contribution, expected_version, fields)
    record(actor, "contribution.share" if share else "contribution.save", contribution, before=before,
           after={"text": contribution.text, "state": contribution.state})
    return contribution
