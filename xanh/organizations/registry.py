"""An in-memory snapshot of one province's bodies, groups and successions.

Answering "who carries this task on this date?" walks successions (many-to-many, dated,
possibly scoped, possibly into a group) and group memberships. Loading the graph once
costs a fixed number of queries, so pages that resolve every task do not grow with data.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from django.db.models import Q

from xanh.organizations.models import GroupMember, Organization, OrgGroup, Succession


class Carrier(NamedTuple):
    """A body carrying a duty on a date, and how it came to carry it (a tuple: cheap to make)."""

    organization: Organization
    path: tuple = ()
    via_group: OrgGroup | None = None

    @property
    def scopes(self) -> list[str]:
        return [s.scope for s in self.path if s.scope]


@dataclass
class Registry:
    organizations: dict[int, Organization]
    groups: dict[int, OrgGroup]
    members: dict[int, list[GroupMember]]
    successions: dict[int, list[Succession]]
    _carried: dict = field(default_factory=dict)
    _cache: dict = field(default_factory=dict)
    _resolving: set = field(default_factory=set)

    def __post_init__(self):
        self._by_kind: dict[str, list[Organization]] = defaultdict(list)
        for org in self.organizations.values():
            self._by_kind[org.kind].append(org)

    @classmethod
    def load(cls, province: Organization | None = None) -> Registry:
        """The bodies of `province` (and central bodies), or every body when None."""
        orgs = Organization.objects.all()
        groups = OrgGroup.objects.all()
        members_qs = GroupMember.objects.all()
        successions_qs = Succession.objects.all()
        if province is not None:
            # filters on the province, not long IN lists: the same four queries at any size
            orgs = orgs.filter(Q(province=province) | Q(province__isnull=True))
            groups = groups.filter(Q(scope=province) | Q(scope__isnull=True))
            members_qs = members_qs.filter(Q(group__scope=province) | Q(group__scope__isnull=True))
            successions_qs = successions_qs.filter(Q(predecessor__province=province)
                                                   | Q(predecessor__province__isnull=True))
        organizations = {o.pk: o for o in orgs}
        group_map = {g.pk: g for g in groups}
        members: dict[int, list[GroupMember]] = defaultdict(list)
        for m in members_qs.order_by("pk"):
            if m.organization_id in organizations:
                m.organization = organizations[m.organization_id]
                members[m.group_id].append(m)
        successions: dict[int, list[Succession]] = defaultdict(list)
        for s in successions_qs.order_by("effective_date", "pk"):
            if s.predecessor_id not in organizations:
                continue
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

    def carriers(self, org: Organization, on: date) -> list[Carrier]:
        """Bodies that carry `org`'s duties on `on`: itself if it still exists, else its successors."""
        key = (org.pk, on)
        if key in self._cache:
            return self._cache[key]
        if key in self._resolving:  # a cycle of successions: nobody further down the loop
            return []
        self._resolving.add(key)
        try:
            if org.active_on(on):
                result = [Carrier(org)]
            else:
                found: list[Carrier] = []
                for s in self.successors_of(org):
                    if s.effective_date > on:
                        continue
                    targets = [s.successor] if s.successor is not None else self._members_at(s.successor_group, on)
                    for target in targets:
                        found.extend(Carrier(c.organization, (s,) + c.path) for c in self.carriers(target, on))
                result = _unique(found)
        finally:
            self._resolving.discard(key)
        self._cache[key] = result
        return result

    def members_on(self, group: OrgGroup, on: date, origin: date | None = None) -> list[Carrier]:
        """The group's members on `on`; with `origin`, also the bodies its members of that
        earlier date have become (the group as a plan meant it, carried forward)."""
        if group.is_open:
            return []
        key = ("group", group.pk, on, origin)
        if key not in self._cache:
            result = {o.pk: Carrier(o, via_group=group) for o in self._members_at(group, on)}
            if origin is not None and origin < on:
                for org in self._members_at(group, origin):
                    for carrier in self.carriers(org, on):
                        known = result.get(carrier.organization.pk)
                        if known is None or len(carrier.path) < len(known.path):
                            result[carrier.organization.pk] = Carrier(carrier.organization, carrier.path, group)
            self._cache[key] = sorted(result.values(), key=lambda c: c.organization.name)
        return self._cache[key]

    def _members_at(self, group: OrgGroup, day: date) -> list[Organization]:
        key = ("members", group.pk, day)
        if key in self._cache:
            return self._cache[key]
        found = {m.organization.pk: m.organization for m in self.members.get(group.pk, []) if m.active_on(day)}
        for kind in group.member_kinds or []:
            for org in self._by_kind.get(kind, []):
                if (group.scope_id is None or org.province_id == group.scope_id) and org.active_on(day):
                    found.setdefault(org.pk, org)
        self._cache[key] = sorted(found.values(), key=lambda o: o.name)
        return self._cache[key]

    def former_members_carriers(self, group: OrgGroup, on: date) -> list[Carrier]:
        """Who carries, on `on`, the duties of the group's members that no longer exist then
        ("UBND các huyện…" after 01/07/2025: the communes)."""
        former = {m.organization.pk: m.organization for m in self.members.get(group.pk, [])}
        for kind in group.member_kinds or []:
            for org in self._by_kind.get(kind, []):
                if group.scope_id is None or org.province_id == group.scope_id:
                    former.setdefault(org.pk, org)
        found: dict[int, Carrier] = {}
        for org in former.values():
            if not org.active_on(on):
                for carrier in self.carriers(org, on):
                    found.setdefault(carrier.organization.pk, carrier)
        return sorted(found.values(), key=lambda c: c.organization.name)

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
