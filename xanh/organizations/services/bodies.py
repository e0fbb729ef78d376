"""Bodies, their aliases and their successions."""

import re

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from xanh.core import audit
from xanh.core.enums import Confidence
from xanh.core.errors import ServiceError
from xanh.core.services import require_coordinator
from xanh.core.text import fold
from xanh.core.versioning import apply_changes, save_versioned
from xanh.organizations.models import Alias, AliasKind, Organization, OrgGroup, OrgKind, Succession

ORG_FIELDS = ["code", "name", "short_name", "kind", "parent", "valid_from", "valid_to", "confidence", "source", "note"]


def _province_of(org: Organization):
    if org.kind == OrgKind.PROVINCE:
        return org if org.pk else None
    parent = org.parent
    seen = set()
    while parent is not None and parent.pk not in seen:
        if parent.kind == OrgKind.PROVINCE:
            return parent
        seen.add(parent.pk)
        parent = parent.parent
    return None


RESERVED_CODES = {"new", "groups", "members", "aliases", "successions"}
CODE_PATTERN = re.compile(r"^[-a-zA-Z0-9_]{1,40}$")


def check_code(code: str) -> str | None:
    """Why a body's code cannot be used (it appears in addresses), or None."""
    if not CODE_PATTERN.match(code or ""):
        return _("The code “%(code)s” may hold only letters without diacritics, digits and “-” (at most 40).") % {
            "code": code}
    if code in RESERVED_CODES:
        return _("The code %(code)s is reserved; choose another.") % {"code": code}
    return None


def _validate_org(org: Organization):
    problem = check_code(org.code)
    if problem:
        raise ServiceError(problem, field="code")
    if not org.name.strip():
        raise ServiceError(_("A body needs a name."), field="name")
    if org.kind not in OrgKind.values:
        raise ServiceError(_("Unknown kind of body: %(kind)s.") % {"kind": org.kind}, field="kind")
    if org.confidence not in Confidence.values:
        raise ServiceError(_("Unknown confidence mark: %(value)s.") % {"value": org.confidence}, field="confidence")
    if org.valid_from and org.valid_to and org.valid_to <= org.valid_from:
        raise ServiceError(_("The date a body ceased must come after the date it began."), field="valid_to")
    if org.parent_id and org.pk and org.parent_id == org.pk:
        raise ServiceError(_("A body cannot be its own parent."), field="parent")


def _refresh_search(org: Organization):
    org.refresh_search_text(list(org.aliases.values_list("name", flat=True)) if org.pk else [])


@transaction.atomic
def create_organization(actor, *, code: str, name: str, kind: str, short_name: str = "", parent=None,
                        valid_from=None, valid_to=None, confidence: str = Confidence.CONFIRMED,
                        source: str = "", note: str = "", province=...) -> Organization:
    require_coordinator(actor)
    org = Organization(code=code.strip(), name=name.strip(), short_name=short_name.strip(), kind=kind, parent=parent,
                       valid_from=valid_from, valid_to=valid_to, confidence=confidence, source=source, note=note)
    _validate_org(org)
    if Organization.objects.filter(code=org.code).exists():
        raise ServiceError(_("The code %(code)s is already used by another body.") % {"code": org.code}, field="code")
    org.refresh_search_text()
    org.province = _province_of(org) if province is ... else province
    org.save()
    if org.kind == OrgKind.PROVINCE and province is ...:
        org.province = org
        org.save(update_fields=["province"])
    audit.record(actor, "organization.created", org, after=audit.snapshot(org, ORG_FIELDS))
    return org


@transaction.atomic
def update_organization(actor, org: Organization, expected_version: int, **changes) -> Organization:
    require_coordinator(actor)
    before = audit.snapshot(org, ORG_FIELDS)
    apply_changes(org, changes, ORG_FIELDS)
    _validate_org(org)
    if "code" in changes and Organization.objects.filter(code=org.code).exclude(pk=org.pk).exists():
        raise ServiceError(_("The code %(code)s is already used by another body.") % {"code": org.code}, field="code")
    org.province = _province_of(org) or (org.province if org.kind != OrgKind.PROVINCE else org)
    _refresh_search(org)
    save_versioned(org, expected_version, list(changes) + ["province", "search_text"])
    audit.record(actor, "organization.updated", org, before=before, after=audit.snapshot(org, ORG_FIELDS))
    return org


def _owner_refresh(owner):
    if isinstance(owner, Organization):
        _refresh_search(owner)
    else:
        owner.refresh_search_text(list(owner.aliases.values_list("name", flat=True)))
    type(owner).objects.filter(pk=owner.pk).update(search_text=owner.search_text)


@transaction.atomic
def add_alias(actor, owner, name: str, kind: str = AliasKind.VARIANT, source: str = "") -> Alias:
    """Record another spelling of a body's or group's name."""
    require_coordinator(actor)
    name = " ".join((name or "").split())
    if not fold(name):
        raise ServiceError(_("An alias needs a name."), field="name")
    if kind not in AliasKind.values:
        raise ServiceError(_("Unknown kind of alias: %(kind)s.") % {"kind": kind}, field="kind")
    owner_field = "organization" if isinstance(owner, Organization) else "group"
    existing = Alias.objects.filter(**{owner_field: owner, "folded": fold(name)}).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            alias = Alias.objects.create(**{owner_field: owner}, name=name, kind=kind, source=source)
    except IntegrityError as exc:  # pragma: no cover - guarded by the lookup above
        raise ServiceError(_("This alias already exists.")) from exc
    _owner_refresh(owner)
    audit.record(actor, "alias.added", owner, after={"alias": name, "kind": kind, "source": source})
    return alias


@transaction.atomic
def remove_alias(actor, alias: Alias) -> None:
    require_coordinator(actor)
    owner = alias.organization or alias.group
    snapshot = {"alias": alias.name, "kind": alias.kind, "source": alias.source}
    alias.delete()
    _owner_refresh(owner)
    audit.record(actor, "alias.removed", owner, before=snapshot)


def confirm_alias_from_match(actor, target, as_written: str) -> Alias | None:
    """When the coordinator confirms or corrects a match, the spelling becomes an alias, so the
    next import of the same text resolves it exactly. Case and punctuation never matter; a
    spelling that differs only in its diacritics is kept as a typo, any other as a variant."""
    from xanh.organizations.resolver import exact_key

    known = [target.name, getattr(target, "short_name", "")] + list(target.aliases.values_list("name", flat=True))
    if exact_key(as_written) in {exact_key(n) for n in known if n} or len(as_written) > 255:
        return None  # nothing new to remember (or too long to be a name)
    kind = AliasKind.TYPO if fold(as_written) in {fold(n) for n in known if n} else AliasKind.VARIANT
    return add_alias(actor, target, as_written, kind,
                     source=_("confirmed by the coordinator while reviewing a plan import"))


SUCCESSION_FIELDS = ["predecessor", "successor", "successor_group", "effective_date", "legal_basis", "scope",
                     "confidence", "source", "note"]


def _validate_succession(s: Succession):
    if (s.successor_id is None) == (s.successor_group_id is None):
        raise ServiceError(_("Name exactly one successor: a body or a group of bodies."), field="successor")
    if s.successor_id and s.successor_id == s.predecessor_id:
        raise ServiceError(_("A body cannot succeed itself."), field="successor")
    if s.effective_date is None:
        raise ServiceError(_("A succession needs its effective date."), field="effective_date")
    if s.confidence not in Confidence.values:
        raise ServiceError(_("Unknown confidence mark: %(value)s.") % {"value": s.confidence}, field="confidence")
    duplicate = Succession.objects.filter(predecessor_id=s.predecessor_id, successor_id=s.successor_id,
                                          successor_group_id=s.successor_group_id, effective_date=s.effective_date,
                                          scope=s.scope).exclude(pk=s.pk)
    if duplicate.exists():
        raise ServiceError(_("This succession is already recorded."))
    if s.successor_id and _leads_to(s.successor_id, s.predecessor_id):
        raise ServiceError(_("%(successor)s already succeeds %(predecessor)s through other successions: a body "
                             "cannot be its own successor.") % {"successor": s.successor, "predecessor": s.predecessor},
                           field="successor")


def _leads_to(start: int, target: int) -> bool:
    """Whether successions lead from body `start` to body `target` (a cycle, if added)."""
    seen, frontier = set(), {start}
    while frontier:
        if target in frontier:
            return True
        seen |= frontier
        frontier = set(Succession.objects.filter(predecessor__in=frontier, successor__isnull=False)
                       .values_list("successor", flat=True)) - seen
    return False


@transaction.atomic
def add_succession(actor, *, predecessor: Organization, effective_date, successor: Organization | None = None,
                   successor_group: OrgGroup | None = None, legal_basis: str = "", scope: str = "",
                   confidence: str = Confidence.CONFIRMED, source: str = "", note: str = "",
                   end_predecessor: bool | None = None) -> Succession:
    """Record that from `effective_date` the predecessor's duties (or those in `scope`) pass on.
    `end_predecessor`: True ends the predecessor that day (a split is recorded as several scoped
    successions that each end it), False leaves it, None ends it when every duty passes."""
    require_coordinator(actor)
    s = Succession(predecessor=predecessor, successor=successor, successor_group=successor_group,
                   effective_date=effective_date, legal_basis=legal_basis.strip(), scope=scope.strip(),
                   confidence=confidence, source=source, note=note)
    _validate_succession(s)
    s.save()
    audit.record(actor, "succession.added", s, after=audit.snapshot(s, SUCCESSION_FIELDS))
    if end_predecessor is None:
        end_predecessor = not s.scope
    if end_predecessor and predecessor.valid_to is None:
        update_organization(actor, predecessor, predecessor.version, valid_to=effective_date)
    return s


@transaction.atomic
def update_succession(actor, succession: Succession, expected_version: int, **changes) -> Succession:
    require_coordinator(actor)
    before = audit.snapshot(succession, SUCCESSION_FIELDS)
    old_predecessor, old_date = succession.predecessor, succession.effective_date
    had_ended_it = old_predecessor.valid_to == old_date
    apply_changes(succession, changes, SUCCESSION_FIELDS)
    _validate_succession(succession)
    save_versioned(succession, expected_version, list(changes))
    same_body = old_predecessor.pk == succession.predecessor_id
    if had_ended_it and (not same_body or old_date != succession.effective_date):
        # this succession had ended its predecessor: the end date follows the correction
        old_predecessor.refresh_from_db()
        new_end = succession.effective_date if same_body else None
        update_organization(actor, old_predecessor, old_predecessor.version, valid_to=new_end)
    audit.record(actor, "succession.updated", succession, before=before,
                 after=audit.snapshot(succession, SUCCESSION_FIELDS))
    return succession


@transaction.atomic
def delete_succession(actor, succession: Succession, reason: str) -> None:
    """Remove a succession entered by mistake; the audit log keeps what it said."""
    require_coordinator(actor)
    if not reason.strip():
        raise ServiceError(_("Say why this succession is removed."), field="reason")
    before = audit.snapshot(succession, SUCCESSION_FIELDS)
    predecessor = succession.predecessor
    audit.record(actor, "succession.deleted", predecessor, before=before, reason=reason)
    succession.delete()
    others = Succession.objects.filter(predecessor=predecessor, effective_date=succession.effective_date)
    if predecessor.valid_to == succession.effective_date and not others.exists():
        # the mistaken succession had ended the body: it exists again
        update_organization(actor, predecessor, predecessor.version, valid_to=None)
