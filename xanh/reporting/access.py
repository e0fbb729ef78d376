"""Who may see and do what in reporting: restricted querysets and the checks services make.

Officers act for the bodies they hold a membership at; a report belongs to the body that
owes it. The coordinator sees everything; leadership reads what reached the coordinator;
the public reads accepted reports of cycles the coordinator published.
"""

from django.db.models import Exists, OuterRef, Q

from xanh.core.access import is_coordinator, is_member, roles_of
from xanh.core.enums import Role
from xanh.core.querysets import RestrictedQuerySet
from xanh.reporting.enums import ReportState

WRITERS = (Role.REPORTER, Role.APPROVER)
DELIVERED_STATES = (ReportState.APPROVED, ReportState.ACCEPTED)  # reached the coordinator


def bodies_of(user, roles=None) -> frozenset:
    """Ids of the bodies where `user` holds one of `roles` (any role when None), cached per request."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cache = getattr(user, "_xanh_bodies", None)
    if cache is None:
        from xanh.organizations.models import Membership

        cache = {}
        for org_id, role in Membership.objects.filter(user=user, is_active=True).values_list("organization_id",
                                                                                              "role"):
            cache.setdefault(role, set()).add(org_id)
        user._xanh_bodies = cache
    wanted = roles or cache.keys()
    return frozenset(org for role in wanted for org in cache.get(role, ()))


def can_write_for(user, organization_id) -> bool:
    return organization_id in bodies_of(user, WRITERS)


def can_approve_for(user, organization_id) -> bool:
    return organization_id in bodies_of(user, (Role.APPROVER,))


def is_leadership(user) -> bool:
    return Role.LEADERSHIP in roles_of(user)


def sees_all_delivered(user) -> bool:
    """Coordinators and leadership read every report that reached the coordinator."""
    return is_coordinator(user) or is_leadership(user)


class CycleQuerySet(RestrictedQuerySet):
    def _restrict(self, user, action):
        from xanh.plans.models import Plan

        if is_coordinator(user):
            return self
        if action != "view":
            return self.none()
        plans = Plan.objects.restrict(user, "view")
        if is_member(user):
            return self.filter(plan__in=plans).exclude(state="preparing")
        return self.filter(plan__in=plans, is_public=True).exclude(state="preparing")


class ReportQuerySet(RestrictedQuerySet):
    def _restrict(self, user, action):
        if is_coordinator(user):
            return self
        own = bodies_of(user, WRITERS if action == "change" else None)
        if action == "change":
            return self.filter(organization_id__in=own, cycle__state="open")
        from xanh.reporting.models import Cycle

        cycles = Cycle.objects.restrict(user, "view")
        if not is_member(user):
            return self.filter(cycle__in=cycles, state="accepted")
        visible = Q(organization_id__in=own) | Q(state="accepted", cycle__is_public=True)
        if is_leadership(user):
            visible |= Q(state__in=DELIVERED_STATES)
        return self.filter(visible, cycle__in=cycles)


class ContributionQuerySet(RestrictedQuerySet):
    """A body sees its own contributions; the lead body sees those shared on the tasks it reports."""

    def _restrict(self, user, action):
        if is_coordinator(user):
            return self if action == "view" else self.none()
        own = bodies_of(user, WRITERS if action == "change" else None)
        if action == "change":
            return self.filter(organization_id__in=own, cycle__state="open")
        if not own:
            return self.none()
        from xanh.reporting.models import TaskReport

        leads = TaskReport.objects.filter(organization_id__in=own, cycle_id=OuterRef("cycle_id"),
                                          task_id=OuterRef("task_id"))
        return self.filter(Q(organization_id__in=own) | Q(state="shared") & Exists(leads))


class EvidenceQuerySet(RestrictedQuerySet):
    """A file is visible to a member who may see a report that lists it. Uploaded evidence may be
    internal, so the public gets none, even of published reports: it follows `Output.url` instead."""

    def _restrict(self, user, action):
        from xanh.reporting.models import TaskReport

        if not is_member(user):
            return self.none()
        reports = TaskReport.objects.restrict(user, action)
        return self.filter(outputs__report__in=reports).distinct()
