"""Groups of bodies named collectively, and their members."""

from datetime import date
from functools import lru_cache

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from xanh.core import audit
from xanh.core.dates import parse_day
from xanh.core.enums import Confidence
from xanh.core.errors import InputError, ServiceError
from xanh.core.services import require_coordinator
from xanh.core.spreadsheets import read_table
from xanh.core.text import fold
from xanh.core.versioning import apply_changes, save_versioned
from xanh.organizations.models import GroupMember, Organization, OrgGroup, OrgKind
from xanh.organizations.services.bodies import check_code, create_organization

GROUP_FIELDS = ["code", "name", "scope", "member_kinds", "is_open", "description", "confidence", "source"]


def _validate_group(group: OrgGroup):
    if not group.name.strip():
        raise ServiceError(_("A group needs a name."), field="name")
    bad = [k for k in group.member_kinds or [] if k not in OrgKind.values]
    if bad:
        raise ServiceError(_("Unknown kind of body: %(kind)s.") % {"kind": ", ".join(bad)}, field="member_kinds")


def _refresh(group: OrgGroup):
    group.refresh_search_text(list(group.aliases.values_list("name", flat=True)) if group.pk else [])


@transaction.atomic
def create_group(actor, *, code: str, name: str, scope=None, member_kinds=(), is_open=False, description="",
                 confidence=Confidence.CONFIRMED, source="") -> OrgGroup:
    require_coordinator(actor)
    group = OrgGroup(code=code.strip(), name=name.strip(), scope=scope, member_kinds=list(member_kinds),
                     is_open=is_open, description=description, confidence=confidence, source=source)
    _validate_group(group)
    if OrgGroup.objects.filter(code=group.code).exists():
        raise ServiceError(_("The code %(code)s is already used by another group.") % {"code": group.code},
                           field="code")
    _refresh(group)
    group.save()
    audit.record(actor, "group.created", group, after=audit.snapshot(group, GROUP_FIELDS))
    return group


@transaction.atomic
def update_group(actor, group: OrgGroup, expected_version: int, **changes) -> OrgGroup:
    require_coordinator(actor)
    before = audit.snapshot(group, GROUP_FIELDS)
    apply_changes(group, changes, GROUP_FIELDS)
    _validate_group(group)
    _refresh(group)
    save_versioned(group, expected_version, list(changes) + ["search_text"])
    audit.record(actor, "group.updated", group, before=before, after=audit.snapshot(group, GROUP_FIELDS))
    return group


def _add_member(group, org, valid_from, valid_to, source) -> GroupMember | None:
    """A new membership, or None when the body is already a member then (same start, or open)."""
    if valid_from and valid_to and valid_to <= valid_from:
        raise ServiceError(_("The membership must end after it begins."), field="valid_to")
    existing = GroupMember.objects.filter(group=group, organization=org)
    if existing.filter(valid_from=valid_from).exists() or (valid_to is None and existing.filter(
            valid_to__isnull=True).exists()):
        return None
    return GroupMember.objects.create(group=group, organization=org, valid_from=valid_from, valid_to=valid_to,
                                      source=source)


@transaction.atomic
def add_group_member(actor, group: OrgGroup, organization: Organization, valid_from=None, valid_to=None,
                     source: str = "") -> GroupMember | None:
    require_coordinator(actor)
    member = _add_member(group, organization, valid_from, valid_to, source)
    if member is not None:
        audit.record(actor, "group.member_added", group, after={
            "organization": organization.code,
            "valid_from": valid_from.isoformat() if valid_from else None,
            "valid_to": valid_to.isoformat() if valid_to else None,
        })
    return member


@transaction.atomic
def end_group_member(actor, member: GroupMember, valid_to: date) -> GroupMember:
    require_coordinator(actor)
    if member.valid_from and valid_to <= member.valid_from:
        raise ServiceError(_("The membership must end after it begins."), field="valid_to")
    before = {"organization": member.organization.code, "valid_to": member.valid_to and member.valid_to.isoformat()}
    member.valid_to = valid_to
    member.save(update_fields=["valid_to"])
    audit.record(actor, "group.member_ended", member.group, before=before,
                 after={"organization": member.organization.code, "valid_to": valid_to.isoformat()})
    return member


MEMBER_COLUMNS = {
    "code": ["Mã", "Mã đơn vị", "Code"],
    "name": ["Tên", "Tên cơ quan", "Tên đơn vị", "Name"],
    "short_name": ["Tên ngắn", "Tên gọi tắt", "Short name"],
    "kind": ["Loại", "Loại cơ quan", "Kind"],
    "valid_from": ["Hiệu lực từ", "Từ ngày", "Valid from"],
    "valid_to": ["Hiệu lực đến", "Đến ngày", "Valid to"],
    "source": ["Nguồn", "Source"],
    "note": ["Ghi chú", "Note"],
}


@lru_cache(maxsize=1)
def _kind_labels() -> dict[str, str]:
    """Every way a kind may be written in a spreadsheet: its code, its Vietnamese and English names."""
    names = {}
    for language in ("vi", "en"):
        with translation.override(language):
            for value, label in OrgKind.choices:
                names[fold(str(label))] = value
                names[fold(str(label).split(" (")[0])] = value
    names.update({fold(value): value for value in OrgKind.values})
    return names


def _kind_from(text: str) -> str | None:
    if not text:
        return None
    key = fold(text)
    known = _kind_labels()
    if key in known:
        return known[key]
    aliases = {"xa": OrgKind.COMMUNE_PC, "phuong": OrgKind.COMMUNE_PC, "ubnd cap xa": OrgKind.COMMUNE_PC,
               "so": OrgKind.DEPARTMENT, "ban": OrgKind.BOARD, "huyen": OrgKind.DISTRICT_PC,
               "ubnd cap huyen": OrgKind.DISTRICT_PC, "doanh nghiep": OrgKind.ENTERPRISE}
    return aliases.get(key)


@transaction.atomic
def import_group_members(actor, group: OrgGroup, data: bytes, filename: str, *, default_kind=None,
                         default_valid_from=None, source: str = "") -> dict:
    """Add the bodies listed in a spreadsheet to a group, creating bodies that do not exist yet.

    Everything is checked before anything is written; a single bad row refuses the file.
    Returns counts: created bodies, added memberships, rows already present."""
    require_coordinator(actor)
    table = read_table(data, filename, MEMBER_COLUMNS, required={"name"})
    problems, planned = [], []
    by_code = {o.code: o for o in Organization.objects.filter(province=group.scope)} if group.scope else {}
    wanted = [r.cells.get("code", "").strip() or _code_for(group, r.cells.get("name", "")) for r in table.rows]
    by_code.update({o.code: o for o in Organization.objects.filter(code__in=wanted)})
    seen_codes = set()
    fallback_kind = default_kind or (group.member_kinds[0] if group.member_kinds else None)
    kinds_help = ", ".join(f"{value} ({label})" for value, label in OrgKind.choices)
    for row in table.rows:
        cells = row.cells
        found = []
        name = " ".join(cells.get("name", "").split())
        if not name:
            found.append(table.problem(_("The name is empty."), row, "name"))
        kind = _kind_from(cells.get("kind", "")) or fallback_kind
        if cells.get("kind") and _kind_from(cells["kind"]) is None:
            found.append(table.problem(_("Unknown kind “%(kind)s”; use one of: %(kinds)s.") % {
                "kind": cells["kind"], "kinds": kinds_help}, row, "kind"))
        elif kind is None:
            found.append(table.problem(_("Say the kind of body (column “Loại”)."), row, "kind"))
        dates = {}
        for column in ("valid_from", "valid_to"):
            text = cells.get(column, "")
            try:
                dates[column] = parse_day(text) if text else None
            except ValueError:
                found.append(table.problem(
                    _("“%(value)s” is not a date; write dd/mm/yyyy.") % {"value": text}, row, column))
        valid_from = dates.get("valid_from") or default_valid_from
        if valid_from and dates.get("valid_to") and dates["valid_to"] <= valid_from:
            found.append(table.problem(_("The end date must come after the start date."), row, "valid_to"))
        if found:
            problems.extend(found)
            continue
        code = cells.get("code", "").strip() or _code_for(group, name)
        bad_code = check_code(code)
        if bad_code:
            problems.append(table.problem(bad_code, row, "code"))
            continue
        if code in seen_codes:
            problems.append(table.problem(_("The code %(code)s appears twice in the file.") % {"code": code},
                                          row, "code"))
            continue
        seen_codes.add(code)
        existing = by_code.get(code)
        if existing is not None and fold(existing.name) != fold(name):
            problems.append(table.problem(
                _("The code %(code)s belongs to “%(existing)s”, not “%(name)s”.") % {
                    "code": code, "existing": existing.name, "name": name}, row, "code"))
            continue
        planned.append((row, code, name, kind, valid_from, dates["valid_to"], existing))
    if problems:
        raise InputError(problems)
    if not planned:
        raise InputError([table.problem(_("The table has a header but no rows."))])
    created = added = unchanged = 0
    parent = group.scope
    for row, code, name, kind, valid_from, valid_to, existing in planned:
        org = existing
        if org is None:

            org = create_organization(
                actor, code=code, name=name, kind=kind, short_name=row.cells.get("short_name", ""), parent=parent,
                valid_from=valid_from, valid_to=valid_to,
                confidence=Confidence.SECONDARY if row.cells.get("source") or source else Confidence.UNCONFIRMED,
                source=row.cells.get("source", "") or source, note=row.cells.get("note", ""),
            )
            created += 1
        explicit_needed = not (group.member_kinds and org.kind in group.member_kinds)
        if explicit_needed:
            if _add_member(group, org, valid_from, valid_to, row.cells.get("source", "") or source):
                added += 1
            else:
                unchanged += 1
        elif existing is not None:
            unchanged += 1
        else:
            added += 1
    audit.record(actor, "group.members_imported", group,
                 after={"file": filename, "created": created, "added": added, "unchanged": unchanged})
    return {"created": created, "added": added, "unchanged": unchanged, "ignored_columns": table.ignored_columns}


def _code_for(group: OrgGroup, name: str) -> str:
    prefix = (group.scope.code.split("-")[0] + "-") if group.scope else ""
    return (prefix + "-".join(fold(name).split()))[:40].strip("-")
