"""Reads of bodies and groups, always through restricted querysets."""

from datetime import date

from django.db.models import Prefetch, Q

from xanh.core.text import search_phrase
from xanh.organizations.models import Alias, GroupMember, Membership, Organization, OrgGroup, Succession


def current_roles(user) -> set[str]:
    """Roles at bodies that still exist: an abolished body's officers keep no role through it."""
    today = date.today()
    return set(
        Membership.objects.filter(user=user, is_active=True)
        .filter(Q(organization__valid_to__isnull=True) | Q(organization__valid_to__gt=today))
        .values_list("role", flat=True)
    )


def organizations(user, *, q: str = "", kind: str = "", active_on=None, province=None):
    qs = Organization.objects.restrict(user, "view").select_related("parent")
    phrase = search_phrase(q)
    if phrase:
        qs = qs.filter(search_text__contains=phrase)
    if kind:
        qs = qs.filter(kind=kind)
    if active_on is not None:
        qs = qs.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=active_on)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=active_on))
    if province is not None:
        qs = qs.filter(Q(province=province) | Q(pk=province.pk))
    return qs


def organization(user, code: str) -> Organization:
    return (
        Organization.objects.restrict(user, "view")
        .select_related("parent", "province")
        .prefetch_related(
            Prefetch("aliases", queryset=Alias.objects.order_by("name")),
            Prefetch("successions_out", queryset=Succession.objects.select_related("successor", "successor_group")),
            Prefetch("successions_in", queryset=Succession.objects.select_related("predecessor")),
            Prefetch("group_memberships", queryset=GroupMember.objects.select_related("group")),
        )
        .get(code=code)
    )


def members_of(user, org: Organization):
    return Membership.objects.restrict(user, "view").filter(organization=org).select_related("user")


def groups(user, *, q: str = "", province=None):
    qs = OrgGroup.objects.restrict(user, "view").select_related("scope")
    phrase = search_phrase(q)
    if phrase:
        qs = qs.filter(search_text__contains=phrase)
    if province is not None:
        qs = qs.filter(Q(scope=province) | Q(scope__isnull=True))
    return qs


def group(user, code: str) -> OrgGroup:
    return (
        OrgGroup.objects.restrict(user, "view")
        .select_related("scope")
        .prefetch_related(
            Prefetch("aliases", queryset=Alias.objects.order_by("name")),
            Prefetch("members", queryset=GroupMember.objects.select_related("organization")),
        )
        .get(code=code)
    )
