"""Load a registry data file (bodies, aliases, groups, successions) through the services.

Loading is idempotent: what exists (by code) is left as the coordinator may have corrected
it; only what is missing is added. The files under organizations/data/registry/ document
their own format.
"""

from pathlib import Path

import yaml
from django.db import transaction
from django.utils.translation import gettext as _

from xanh.core.errors import InputError, Problem
from xanh.core.services import require_coordinator
from xanh.organizations.models import Alias, Organization, OrgGroup, OrgKind, Succession
from xanh.organizations.services.bodies import add_alias, add_succession, create_organization
from xanh.organizations.services.groups import add_group_member, create_group, import_group_members

REGISTRY_DIR = Path(__file__).resolve().parent.parent / "data" / "registry"
CENTRAL_KINDS = {OrgKind.MINISTRY, OrgKind.CENTRAL}


def _source(sources: dict, value) -> str:
    if not value:
        return ""
    return " ".join(str(sources.get(value, value)).split())


@transaction.atomic
def load_registry_file(actor, path: Path) -> dict:
    """Load one data file; a missing key or file names the entry, and nothing is written."""
    require_coordinator(actor)
    try:
        return _load(actor, Path(path))
    except (KeyError, TypeError, AttributeError) as exc:
        raise InputError([Problem(_("The registry file is missing a required field (%(field)s), or an entry "
                                    "is not a mapping.") % {"field": exc}, file=Path(path).name)]) from exc
    except OSError as exc:
        raise InputError([Problem(_("Cannot read a file the registry names: %(error)s") % {"error": exc},
                                  file=Path(path).name)]) from exc


def _alias_list(actor, owner, aliases, sources, default_source) -> int:
    added = 0
    for alias in aliases or []:
        if not Alias.objects.filter(**{_owner_field(owner): owner, "name": alias["name"]}).exists():
            add_alias(actor, owner, alias["name"], alias.get("kind", "variant"),
                      _source(sources, alias.get("source", default_source)))
            added += 1
    return added


def _owner_field(owner) -> str:
    return "organization" if isinstance(owner, Organization) else "group"


def _load(actor, path: Path) -> dict:
    if not path.is_absolute() and not path.exists():
        path = REGISTRY_DIR / path
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise InputError([Problem(_("Cannot read the registry file: %(error)s") % {"error": exc},
                                  file=path.name)]) from exc
    sources = data.get("sources") or {}
    counts = {"organizations": 0, "aliases": 0, "groups": 0, "members": 0, "successions": 0}
    codes = {o.code: o for o in Organization.objects.all()}
    province_code = data.get("province")

    def org(code, where):
        found = codes.get(code)
        if found is None:
            raise InputError([Problem(_("Unknown body code “%(code)s”.") % {"code": code}, file=path.name,
                                      column=where)])
        return found

    for index, item in enumerate(data.get("organizations") or []):
        where = f"organizations[{index}]"
        code = item["code"]
        if code not in codes:
            kind = item["kind"]
            if "province" in item:
                province = org(item["province"], where) if item["province"] else None
            elif kind in CENTRAL_KINDS or kind == OrgKind.PROVINCE or not province_code:
                province = ...
            else:
                province = org(province_code, where)
            codes[code] = create_organization(
                actor, code=code, name=item["name"], kind=kind, short_name=item.get("short_name", ""),
                parent=org(item["parent"], where) if item.get("parent") else None,
                valid_from=item.get("valid_from"), valid_to=item.get("valid_to"),
                confidence=item.get("confidence", "confirmed"), source=_source(sources, item.get("source")),
                note=item.get("note", ""), province=province,
            )
            counts["organizations"] += 1
        counts["aliases"] += _alias_list(actor, codes[code], item.get("aliases"), sources, item.get("source"))

    groups = {g.code: g for g in OrgGroup.objects.all()}
    for index, item in enumerate(data.get("groups") or []):
        where = f"groups[{index}]"
        code = item["code"]
        if code not in groups:
            groups[code] = create_group(
                actor, code=code, name=item["name"], scope=org(item["scope"], where) if item.get("scope") else None,
                member_kinds=item.get("member_kinds") or [], is_open=bool(item.get("is_open")),
                description=item.get("description", ""), confidence=item.get("confidence", "confirmed"),
                source=_source(sources, item.get("source")),
            )
            counts["groups"] += 1
        counts["aliases"] += _alias_list(actor, groups[code], item.get("aliases"), sources, item.get("source"))
        for member in item.get("members") or []:
            if add_group_member(actor, groups[code], org(member["organization"], where), member.get("valid_from"),
                                member.get("valid_to"), _source(sources, member.get("source"))):
                counts["members"] += 1

    for item in data.get("member_files") or []:
        member_file = path.parent / item["file"]
        result = import_group_members(actor, groups[item["group"]], member_file.read_bytes(), member_file.name,
                                      source=_source(sources, item.get("source")))
        counts["members"] += result["added"]
        codes.update({o.code: o for o in Organization.objects.filter(province__code=province_code)})

    for index, item in enumerate(data.get("successions") or []):
        where = f"successions[{index}]"
        predecessor = org(item["from"], where)
        successor = org(item["to"], where) if item.get("to") else None
        successor_group = groups[item["to_group"]] if item.get("to_group") else None
        scope = item.get("scope", "")
        if Succession.objects.filter(predecessor=predecessor, successor=successor, successor_group=successor_group,
                                     effective_date=item["date"], scope=scope).exists():
            continue
        add_succession(actor, predecessor=predecessor, successor=successor, successor_group=successor_group,
                       effective_date=item["date"], legal_basis=item.get("legal_basis", ""), scope=scope,
                       confidence=item.get("confidence", "confirmed"), source=_source(sources, item.get("source")),
                       note=item.get("note", ""), end_predecessor=False)  # the data file dates bodies itself
        counts["successions"] += 1
    return counts
