"""Read API for bodies and groups (restricted querysets, as the pages)."""

from datetime import date

from django.http import Http404
from ninja import Field, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from xanh.organizations import queries
from xanh.organizations.models import Organization, OrgGroup
from xanh.organizations.registry import Registry

router = Router(tags=["organizations"])


class AliasOut(Schema):
    name: str
    kind: str


class SuccessionOut(Schema):
    predecessor: str = Field(..., alias="predecessor.code")
    successor: str | None = None
    successor_group: str | None = None
    effective_date: date
    legal_basis: str
    scope: str
    confidence: str

    @staticmethod
    def resolve_successor(obj):
        return obj.successor.code if obj.successor_id else None

    @staticmethod
    def resolve_successor_group(obj):
        return obj.successor_group.code if obj.successor_group_id else None


class OrganizationOut(Schema):
    code: str
    name: str
    short_name: str
    kind: str
    parent: str | None = None
    valid_from: date | None
    valid_to: date | None
    confidence: str

    @staticmethod
    def resolve_parent(obj):
        return obj.parent.code if obj.parent_id else None


class OrganizationDetailOut(OrganizationOut):
    source: str
    note: str
    aliases: list[AliasOut]
    predecessors: list[SuccessionOut]
    successors: list[SuccessionOut]

    @staticmethod
    def resolve_aliases(obj):
        return list(obj.aliases.all())

    @staticmethod
    def resolve_predecessors(obj):
        return list(obj.successions_in.all())

    @staticmethod
    def resolve_successors(obj):
        return list(obj.successions_out.all())


class GroupOut(Schema):
    code: str
    name: str
    scope: str | None = None
    member_kinds: list[str]
    is_open: bool
    description: str

    @staticmethod
    def resolve_scope(obj):
        return obj.scope.code if obj.scope_id else None


class CarrierOut(Schema):
    organization: str
    name: str
    via: list[str]
    scopes: list[str]


class GroupDetailOut(GroupOut):
    on: date
    members: list[CarrierOut]


def carrier_out(carrier) -> dict:
    return {"organization": carrier.organization.code, "name": carrier.organization.name,
            "via": [f"{s.predecessor.code}>{(s.successor or s.successor_group).code}@{s.effective_date.isoformat()}"
                    for s in carrier.path],
            "scopes": carrier.scopes}


@router.get("/organizations", response=list[OrganizationOut])
@paginate(LimitOffsetPagination)
def list_organizations(request, q: str = "", kind: str = "", active_on: date | None = None):
    """Bodies, searchable without diacritics ("nong nghiep"), by kind, and those existing on a date."""
    return queries.organizations(request.auth, q=q, kind=kind, active_on=active_on).order_by("name")


@router.get("/organizations/{code}", response=OrganizationDetailOut)
def get_organization(request, code: str):
    try:
        return queries.organization(request.auth, code)
    except Organization.DoesNotExist as exc:
        raise Http404 from exc


@router.get("/groups", response=list[GroupOut])
def list_groups(request, q: str = ""):
    return list(queries.groups(request.auth, q=q))


@router.get("/groups/{code}", response=GroupDetailOut)
def get_group(request, code: str, on: date | None = None):
    """A group and its members on a date (default today)."""
    try:
        group = queries.group(request.auth, code)
    except OrgGroup.DoesNotExist as exc:
        raise Http404 from exc
    on = on or date.today()
    members = Registry.load(group.scope).members_on(group, on)
    out = GroupOut.from_orm(group).dict()
    return {**out, "on": on, "members": [carrier_out(c) for c in members]}
