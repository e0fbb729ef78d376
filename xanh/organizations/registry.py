"""An in-memory snapshot of one province's bodies, groups and successions.

Answering "who carries this task on this date?" walks successions (many-to-many, dated,
possibly scoped, possibly into a group) and group memberships. Loading the graph once
costs a fixed number of queries, so pages that resolve every task do not grow with data.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from xanh.organizations.models import GroupMember, Organization, OrgGroup, Succession


@dataclass(frozen=True)
class Carrier:
    """A body carrying a duty on a date, and how it came to carry it."""

    organization: Organization
    path: tuple[Succession, ...] = ()
    via_group: OrgGroup | None = None

    @property
    def inherited(self) -> bool:
        return bool(self.path)

    @property
    def scopes(self) -> list[str]:
        return [s.scope for s in self.path if s.scope]

    @property
    def partial(self) -> bool:
        return bool(self.scopes)


@dataclass
class Registry:
    organizations: dict[int, Organization]
    groups: dict[int, OrgGroup]
    members: dict[int, list[GroupMember]]
    successions: dict[int, list[Succession]]
    _carried: dict = field(default_factory=dict)

    @classmethod
    def load(cls, province: Organization | None = None) -> Registry:
        """The bodies of `province` (and central bodies), or every body when None."""
        orgs = Organization.objects.all()
        groups = OrgGroup.objects.all()
        if province is not None:
            in_scope = Q(province=province) | Q(province__isnull=True)
            orgs = orgs.filter(in_scope)
            groups = groups.filter(Q(scope=province) | Q(scope__isnull=True))
        organizations = {o.pk: o for o in orgs}
        group_map = {g.pk: g for g in groups}
        members: dict[int, list[GroupMember]] = defaultdict(list)
        for m in GroupMember.objects.filter(group__in=list(group_map)).order_by("pk"):
            if m.organization_id in organizations:
                m.organization = organizations[m.organization_id]
                members[m.group_id].append(m)
        successions: dict[int, list[Succession]] = defaultdict(list)
        for s in Succession.objects.filter(predecessor__in=list(organizations)).order_by("effective_date", "pk"):
            s.predecessor = organizations[s.predecessor_id]
            if s.successor_id is not None:
                if s.successor_id not in organizations:
                    continue
                s.successor = organizations[s.successor_id]
            elif s.successor_group_id in group_map:
                s.successor_group = group_map[s.successor_group_id]
            else:
                continue
            successions[s.predecessor_id].append(s)
        return cls(organizations, group_map, dict(members), dict(successions))

    # -- resolution -------------------------------------------------------------------------

    def successors_of(self, org: Organization) -> list[Succession]:
        return self.successions.get(org.pk, [])

    def predecessors_of(self, org: Organization) -> list[Succession]:
        return [s for items in self.successions.values() for s in items if s.successor_id == org.pk]

    def carriers(self, org: Organization, on: date, _path: tuple = (), _seen: frozenset = frozenset()):
        """Bodies that carry `org`'s duties on `on`: itself if it still exists, else its successors."""
        if org.pk in _seen:
            return []
        if org.active_on(on):
            return [Carrier(org, _path)]
        seen = _seen | {org.pk}
        result: list[Carrier] = []
        for s in self.successors_of(org):
            if s.effective_date > on:
                continue
            if s.successor is not None:
                result.extend(self.carriers(s.successor, on, _path + (s,), seen))
            else:
                for carrier in self.members_on(s.successor_group, on):
                    result.extend(self.carriers(carrier.organization, on, _path + (s,), seen))
        return _unique(result)

    def members_on(self, group: OrgGroup, on: date, origin: date | None = None) -> list[Carrier]:
        """The group's members on `on`; with `origin`, also the bodies its members of that
        earlier date have become (the group as a plan meant it, carried forward)."""
        if group.is_open:
            return []
        result = [Carrier(o, via_group=group) for o in self._members_at(group, on)]
        if origin is not None and origin < on:
            for org in self._members_at(group, origin):
                for carrier in self.carriers(org, on):
                    result.append(Carrier(carrier.organization, carrier.path, group))
        return _unique(result)

    def _members_at(self, group: OrgGroup, day: date) -> list[Organization]:
        found = {m.organization.pk: m.organization for m in self.members.get(group.pk, []) if m.active_on(day)}
        if group.member_kinds:
            for org in self.organizations.values():
                if (
                    org.kind in group.member_kinds
                    and (group.scope_id is None or org.province_id == group.scope_id)
                    and org.active_on(day)
                ):
                    found.setdefault(org.pk, org)
        return sorted(found.values(), key=lambda o: o.name)

    def resolve(self, *, organization=None, group=None, on: date, origin: date | None = None) -> list[Carrier]:
        """Who carries an assignment (to a body or to a group) on a date."""
        if organization is not None:
            org = self.organizations.get(organization.pk, organization)
            return self.carriers(org, on)
        if group is not None:
            grp = self.groups.get(group.pk, group)
            return self.members_on(grp, on, origin)
        return []

    # -- the inverse: what a body carries -----------------------------------------------------

    def carried_by(self, org: Organization, on: date, origin: date | None = None) -> dict[str, list]:
        """Everything whose duties `org` carries on `on`: {"organizations": [(source, Carrier)],
        "groups": [(group, Carrier)]}, the body itself first."""
        key = (on, origin)
        if key not in self._carried:
            index: dict[int, dict[str, list]] = defaultdict(lambda: {"organizations": [], "groups": []})
            for source in self.organizations.values():
                for carrier in self.carriers(source, on):
                    index[carrier.organization.pk]["organizations"].append((source, carrier))
            for group in self.groups.values():
                for carrier in self.members_on(group, on, origin):
                    index[carrier.organization.pk]["groups"].append((group, carrier))
            self._carried[key] = index
        return self._carried[key].get(org.pk, {"organizations": [], "groups": []})


def _unique(carriers: list[Carrier]) -> list[Carrier]:
    """One entry per body, keeping the most direct path."""
    best: dict[int, Carrier] = {}
    for c in carriers:
        current = best.get(c.organization.pk)
        if current is None or len(c.path) < len(current.path):
            best[c.organization.pk] = c
    return sorted(best.values(), key=lambda c: c.organization.name)
