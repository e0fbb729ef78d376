"""Importing a plan: read, analyse, then create it or merge an amended version into it.

Validation happens before any write and the writes run in one transaction, so a bad file
changes nothing. Re-importing the same content changes nothing either. An amended file is
merged three ways: a field changes only where the new source differs from the previous
source, so the coordinator's corrections (a fixed theme title, a reviewed assignment)
survive unless the decision itself changed that very thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from xanh.core import audit
from xanh.core.errors import InputError, Problem
from xanh.core.services import require_coordinator
from xanh.core.text import fold
from xanh.organizations.models import Organization, OrgKind
from xanh.organizations.resolver import NameResolver
from xanh.plans.enums import AssignmentRole, PlanState
from xanh.plans.importers import AnalysedPlan, analyse, read_plan_source
from xanh.plans.importers.source import SourceMeta
from xanh.plans.models import Finding, Plan, PlanVersion, Task, Theme
from xanh.plans.services import writes

META_FIELDS = ("number", "date", "issuer", "title", "signer")
TASK_FIELDS = ("text", "lead", "coordinating", "time_frame", "products", "note")


@dataclass
class ImportOutcome:
    plan: Plan | None
    version: PlanVersion | None
    created: bool
    changes: list[dict] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    analysed: AnalysedPlan | None = None
    dry_run: bool = False

    @property
    def unchanged(self) -> bool:
        return not self.created and self.version is None


class _DryRun(Exception):
    def __init__(self, outcome):
        self.outcome = outcome


def _apply_overrides(meta: SourceMeta, overrides: dict | None) -> None:
    for name, value in (overrides or {}).items():
        if value in (None, ""):
            continue
        setattr(meta, name, value)
    if meta.period_start is None:
        import re

        match = re.search(r"(\d{4})\s*[-–—]\s*(\d{4})", meta.title or "")
        if match:
            meta.period_start, meta.period_end = int(match[1]), int(match[2])


def _validate_meta(meta: SourceMeta, file_name: str) -> None:
    labels = {"number": _("decision number (Số: …/QĐ-…)"), "date": _("decision date (ngày … tháng … năm …)"),
              "issuer": _("issuing body"), "title": _("plan title")}
    if len(meta.number or "") > 64:
        raise InputError([Problem(_("The decision number is too long (more than 64 characters): %(number)s…")
                                  % {"number": meta.number[:40]}, file=file_name)])
    missing = [labels[name] for name in labels if not getattr(meta, name)]
    if missing:
        raise InputError([Problem(
            _("The file does not give the plan's %(fields)s; add them to the file or fill them in the import "
              "form (or the command's options).") % {"fields": ", ".join(missing)}, file=file_name)])


def _province(meta: SourceMeta, file_name: str) -> Organization:
    provinces = list(Organization.objects.filter(kind=OrgKind.PROVINCE))
    resolver = NameResolver(provinces, [], [], on=meta.date)
    match = resolver.resolve_one(meta.issuer)
    if match.organization is None or match.confidence < 0.9:
        raise InputError([Problem(
            _("The issuer “%(issuer)s” is not a province in the registry of bodies; add it there first.")
            % {"issuer": meta.issuer}, file=file_name)])
    return match.organization


def _find_plan(province: Organization, meta: SourceMeta) -> Plan | None:
    """The plan this file is a version of: the same decision (number and year: numbers restart
    every year), or an amending decision of the same title."""
    for plan in Plan.objects.filter(province=province):
        same_decision = plan.number == meta.number and plan.date.year == meta.date.year
        if same_decision or fold(plan.title) == fold(meta.title):
            return plan
    return None


def import_plan(actor, data: bytes, file_name: str, *, overrides: dict | None = None, plan: Plan | None = None,
                dry_run: bool = False, activate: bool = False) -> ImportOutcome:
    require_coordinator(actor)
    if len(data) > settings.XANH_MAX_UPLOAD_BYTES:
        raise InputError([Problem(_("The file is larger than %(mb)d MB.") % {
            "mb": settings.XANH_MAX_UPLOAD_BYTES // (1024 * 1024)}, file=file_name)])
    source = read_plan_source(data, file_name)
    _apply_overrides(source.meta, overrides)
    _validate_meta(source.meta, file_name)
    province = plan.province if plan is not None else _province(source.meta, file_name)
    analysed = analyse(source, NameResolver.for_province(province, source.meta.date))
    try:
        with transaction.atomic():
            target = plan or _find_plan(province, source.meta)
            if target is None:
                outcome = _create(actor, province, analysed, activate)
            else:
                outcome = _merge(actor, Plan.objects.select_for_update().get(pk=target.pk), analysed)
            outcome.analysed = analysed
            if dry_run:
                outcome.dry_run = True
                raise _DryRun(outcome)
    except _DryRun as rollback:
        return rollback.outcome
    return outcome


def _version(actor, plan: Plan, analysed: AnalysedPlan, seq: int, changes: list[dict]) -> PlanVersion:
    source = analysed.source
    return PlanVersion.objects.create(
        plan=plan, seq=seq, number=analysed.meta.number, date=analysed.meta.date, title=analysed.meta.title,
        source_name=source.file_name[:255], source_format=source.format, source_sha256=source.sha256,
        source_file=source.data, raw_text=source.raw_text, snapshot=analysed.snapshot(), changes=changes,
        imported_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


def _create(actor, province: Organization, analysed: AnalysedPlan, activate: bool) -> ImportOutcome:
    meta = analysed.meta
    plan = Plan.objects.create(
        province=province, issuer_name=meta.issuer, number=meta.number, date=meta.date, title=meta.title,
        signer=meta.signer, period_start=meta.period_start, period_end=meta.period_end, latest_seq=1,
        state=PlanState.ACTIVE if activate else PlanState.DRAFT,
    )
    themes: dict[str, Theme] = {}
    for theme in analysed.themes:
        themes[theme.code] = writes.create_theme(plan, theme, themes)
    tasks = {t.ref: writes.create_task(plan, themes[t.theme_code], t, 1) for t in analysed.tasks}
    version = _version(actor, plan, analysed, 1, [])
    findings = writes.add_findings(plan, 1, analysed, themes, tasks)
    audit.record(actor, "plan.imported", plan, after={
        "file": analysed.source.file_name, "sha256": analysed.source.sha256, "themes": len(themes),
        "tasks": len(tasks), "findings": len(findings)})
    return ImportOutcome(plan, version, True, [], findings)


def _merge(actor, plan: Plan, analysed: AnalysedPlan) -> ImportOutcome:
    latest = plan.versions.order_by("-seq").first()
    previous = latest.snapshot if latest else {"plan": {}, "themes": [], "tasks": []}
    new = analysed.snapshot()
    seq = plan.latest_seq + 1
    changes: list[dict] = []

    # The plan keeps the particulars of the decision that issued it; an amending decision's
    # number, date or title is a change recorded in the new version (PlanVersion keeps them).
    for name in META_FIELDS:
        old_src, new_src = previous["plan"].get(name), new["plan"].get(name)
        if old_src != new_src:
            changes.append({"op": "changed", "kind": "plan", "ref": "", "field": name, "before": old_src,
                            "after": new_src})

    # themes
    themes = {t.code: t for t in plan.themes.all()}
    old_themes = {t["code"]: t for t in previous["themes"]}
    for theme in analysed.themes:
        row = themes.get(theme.code)
        if row is None:
            themes[theme.code] = writes.create_theme(plan, theme, themes)
            changes.append({"op": "added", "kind": "theme", "ref": theme.code, "after": theme.title_as_written})
            continue
        old = old_themes.get(theme.code, {})
        fields = []
        if row.removed_in is not None:
            row.removed_in = None
            fields.append("removed_in")
            changes.append({"op": "added", "kind": "theme", "ref": theme.code, "after": theme.title_as_written})
        new_title = theme.title_as_written
        if old.get("title") != new_title and new_title not in (row.title, row.title_as_written):
            # the decision itself changed the title: it replaces the coordinator's correction too
            changes.append({"op": "changed", "kind": "theme", "ref": theme.code, "field": "title",
                            "before": row.title, "after": new_title})
            row.title = row.title_as_written = new_title
            row.version += 1
            fields += ["title", "title_as_written", "version"]
        if row.order != theme.order or row.source_line != theme.line:
            row.order, row.source_line = theme.order, theme.line
            fields += ["order", "source_line"]
        if fields:
            row.save(update_fields=fields)
    present = {t.code for t in analysed.themes}
    for code, row in themes.items():
        if code not in present and row.removed_in is None and code in old_themes:
            row.removed_in = seq
            row.save(update_fields=["removed_in"])
            changes.append({"op": "removed", "kind": "theme", "ref": code, "before": row.title})

    # tasks
    tasks = {t.ref: t for t in plan.tasks.select_related("theme")}
    old_tasks = {t["ref"]: t for t in previous["tasks"]}
    new_tasks = {t["ref"]: t for t in new["tasks"]}
    touched: list[tuple[Task, object]] = []
    for analysed_task in analysed.tasks:
        ref = analysed_task.ref
        row = tasks.get(ref)
        if row is None:
            tasks[ref] = writes.create_task(plan, themes[analysed_task.theme_code], analysed_task, seq)
            changes.append({"op": "added", "kind": "task", "ref": ref, "after": analysed_task.text[:200]})
            continue
        old, fresh = old_tasks.get(ref, {}), new_tasks[ref]
        task_changes = [name for name in TASK_FIELDS if old.get(name) != fresh.get(name)]
        came_back = row.removed_in is not None
        if came_back:
            task_changes = list(TASK_FIELDS)
            changes.append({"op": "added", "kind": "task", "ref": ref, "after": analysed_task.text[:200]})
            row.removed_in = None
        effective = _apply_task(row, analysed_task, task_changes, old)
        for name, before, after in effective:
            changes.append({"op": "changed", "kind": "task", "ref": ref, "field": name, "before": before,
                            "after": after})
        if came_back or effective or row.source_line != analysed_task.source.line:
            touched.append((row, analysed_task))
    for ref, row in tasks.items():
        if ref not in new_tasks and row.removed_in is None and ref in old_tasks:
            row.removed_in = seq
            Task.objects.filter(pk=row.pk).update(removed_in=seq, version=F("version") + 1)
            changes.append({"op": "removed", "kind": "task", "ref": ref, "before": row.text[:200]})

    if not changes:
        return ImportOutcome(plan, None, False, [], [])
    for row, analysed_task in touched:
        row.source_line, row.source_ref = analysed_task.source.line, analysed_task.source.ref
        row.source_row = analysed_task.source.raw
        row.theme = themes[analysed_task.theme_code]
        row.version += 1  # forms opened on the old content must not overwrite the new one
        row.save()
    writes.refresh_search_texts(row.pk for row, _task in touched)
    plan.latest_seq = seq
    plan.save()
    version = _version(actor, plan, analysed, seq, changes)
    findings = writes.add_findings(plan, seq, analysed, themes, tasks)
    audit.record(actor, "plan.amended", plan, after={
        "file": analysed.source.file_name, "sha256": analysed.source.sha256, "version": seq,
        "changes": len(changes), "findings": len(findings)})
    return ImportOutcome(plan, version, False, changes, findings)


def _apply_task(row: Task, analysed, names: list[str], old: dict) -> list[tuple[str, object, object]]:
    """Apply the fields whose source changed; return (field, before, after) for real changes."""
    effective = []
    fields = writes.task_fields(analysed)
    if "text" in names and row.text != analysed.text:
        effective.append(("text", row.text, analysed.text))
        for name in ("text", "text_as_written", "awaits_guidance", "guidance_from_as_written", "guidance_from",
                     "guidance_clause"):
            setattr(row, name, fields[name])
        writes.write_candidates(row, analysed)
    for name, role, matches in (("lead", AssignmentRole.LEAD, analysed.leads),
                                ("coordinating", AssignmentRole.COORDINATING, analysed.coordinating)):
        if name not in names:
            continue
        current = list(row.assignments.filter(role=role).order_by("position"))
        written = [m.as_written for m in matches]
        if [a.as_written for a in current] != written:
            effective.append((name, [a.as_written for a in current], written))
            keep = {a.as_written: a for a in current if a.reviewed_at is not None}
            writes.write_assignments(row, role, matches, keep)
    if "time_frame" in names and row.time_frame != analysed.time_frame:
        effective.append(("time_frame", row.time_frame, analysed.time_frame))
        row.time_frame, row.start_year, row.end_year = analysed.time_frame, analysed.start_year, analysed.end_year
    if "products" in names and row.products_as_written != analysed.products_as_written:
        effective.append(("products", row.products_as_written, analysed.products_as_written))
        row.products, row.products_as_written = fields["products"], fields["products_as_written"]
    if "note" in names and row.note != analysed.note:
        effective.append(("note", row.note, analysed.note))
        row.note = analysed.note
    return effective
