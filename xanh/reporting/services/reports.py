"""Writing a task report: its fields, its outputs (with evidence files), carrying last year forward."""

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from xanh.core import clock
from xanh.core.audit import record, snapshot
from xanh.core.errors import PermissionDenied, ServiceError
from xanh.core.services import SYSTEM
from xanh.core.versioning import apply_changes, save_versioned
from xanh.plans.enums import ProductKind
from xanh.reporting.access import can_write_for
from xanh.reporting.enums import ImplementationStatus, ReportState
from xanh.reporting.evidence import build_evidence
from xanh.reporting.models import Output, TaskReport

FIELDS = ["status", "progress", "results", "difficulties", "proposals", "budget_used", "is_estimate"]
DONE = (ImplementationStatus.DONE_ON_TIME, ImplementationStatus.DONE_LATE)
PUBLIC_LINK = URLValidator(schemes=["http", "https"])  # the portal renders it as a link: no javascript:, data:


@dataclass
class OutputInput:
    """One output as a form, the API or a spreadsheet gives it."""

    kind: str
    number: str = ""
    date: datetime.date | None = None
    issuer: str = ""
    title: str = ""
    evidence_id: int | None = None       # keep a file already attached to this report
    url: str = ""                        # link to the public document
    upload: tuple | None = None          # (name, bytes) of a new file


def require_writer(actor, report: TaskReport) -> None:
    if actor is SYSTEM:
        return
    if not can_write_for(actor, report.organization_id):
        raise PermissionDenied(_("Only the officers of %(body)s may write its reports.") % {
            "body": report.organization})


def require_editable(report: TaskReport) -> None:
    if report.cycle.state != "open":
        raise ServiceError(_("This cycle is not open for reporting."))
    if report.state not in (ReportState.DRAFT, ReportState.RETURNED):
        raise ServiceError(_("This report is “%(state)s” and can no longer be edited.") % {
            "state": report.get_state_display()})


def clean_fields(changes: dict) -> dict:
    """Check each value; a wrong one is refused with the field it belongs to."""
    cleaned = dict(changes)
    if "status" in cleaned:
        if cleaned["status"] not in ("", *ImplementationStatus.values):
            raise ServiceError(_("Unknown implementation status: %(value)s.") % {"value": cleaned["status"]},
                               field="status")
    if cleaned.get("progress") not in (None, ""):
        try:
            progress = int(cleaned["progress"])
        except (TypeError, ValueError) as exc:
            raise ServiceError(_("Progress must be a whole number from 0 to 100."), field="progress") from exc
        if not 0 <= progress <= 100:
            raise ServiceError(_("Progress must be a whole number from 0 to 100."), field="progress")
        cleaned["progress"] = progress
    elif "progress" in cleaned:
        cleaned["progress"] = None
    if cleaned.get("budget_used") not in (None, ""):
        try:
            budget = Decimal(str(cleaned["budget_used"]))
        except InvalidOperation as exc:
            raise ServiceError(_("The budget used must be an amount in VND."), field="budget_used") from exc
        if budget < 0 or budget != budget.to_integral_value() or budget >= Decimal(10) ** 18:
            raise ServiceError(_("The budget used must be a whole, non-negative amount in VND."),
                               field="budget_used")
        cleaned["budget_used"] = budget
    elif "budget_used" in cleaned:
        cleaned["budget_used"] = None
    if cleaned.get("status") in DONE and cleaned.get("progress") is None:
        cleaned["progress"] = 100
    return cleaned


@transaction.atomic
def save_report(actor, report: TaskReport, expected_version: int, changes: dict,
                outputs: list[OutputInput] | None = None) -> TaskReport:
    """Save a draft (or a returned report being fixed). `outputs`, when given, replaces the list."""
    report = TaskReport.objects.select_for_update().select_related("cycle", "organization").get(pk=report.pk)
    require_writer(actor, report)
    require_editable(report)
    before = {**snapshot(report, FIELDS), "outputs": _outputs_summary(report)}
    apply_changes(report, clean_fields(changes), FIELDS)
    report.updated_at = clock.now()
    report.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    save_versioned(report, expected_version, [*FIELDS, "updated_at", "updated_by"])
    if outputs is not None:
        replace_outputs(actor, report, outputs)
    after = {**snapshot(report, FIELDS), "outputs": _outputs_summary(report)}
    changed = {k: v for k, v in after.items() if before.get(k) != v}
    if changed:
        record(actor, "report.save", report, before={k: before.get(k) for k in changed}, after=changed)
    return report


def replace_outputs(actor, report: TaskReport, outputs: list[OutputInput]) -> None:
    kept_files = {e.pk: e for e in _evidence_of(report)}
    rows = []
    for position, item in enumerate(outputs, start=1):
        if item.kind not in ProductKind.values:
            raise ServiceError(_("Output %(n)d: unknown kind “%(kind)s”.") % {"n": position, "kind": item.kind},
                               field="outputs")
        if not (item.number or item.title):
            raise ServiceError(_("Output %(n)d: give the document's number or a title.") % {"n": position},
                               field="outputs")
        url = _public_link(item.url, position)
        evidence = None
        if item.upload is not None:
            name, data = item.upload
            evidence = build_evidence(actor, name, data)
            evidence.save()
        elif item.evidence_id is not None:
            evidence = kept_files.get(int(item.evidence_id))
            if evidence is None:
                raise ServiceError(_("Output %(n)d: the attached file belongs to another report.") % {"n": position},
                                   field="outputs")
        rows.append(Output(report=report, position=position, kind=item.kind, number=item.number.strip(),
                           date=item.date, issuer=item.issuer.strip(), title=item.title.strip(),
                           evidence=evidence, url=url))
    report.outputs.all().delete()
    Output.objects.bulk_create(rows)


def _public_link(url: str, position: int) -> str:
    url = (url or "").strip()
    if not url:
        return ""
    try:
        if len(url) > Output._meta.get_field("url").max_length:
            raise ValidationError("too long")
        PUBLIC_LINK(url)
    except ValidationError as exc:
        raise ServiceError(_("Output %(n)d: the link must be a web address starting with http:// or https://.")
                           % {"n": position}, field="outputs") from exc
    return url


def _evidence_of(report):
    from xanh.reporting.models import Evidence

    return Evidence.objects.filter(outputs__report=report).distinct()


def _outputs_summary(report) -> list[str]:
    return [f"{o.kind} {o.number} {o.date.isoformat() if o.date else ''} {o.issuer} {o.title}".strip()
            + (f" [{o.evidence.original_name}]" if o.evidence_id else "") + (f" <{o.url}>" if o.url else "")
            for o in report.outputs.select_related("evidence")]


def previous_report(report: TaskReport) -> TaskReport | None:
    """The same task's report in the plan's previous annual cycle, by this body or a body it directly
    succeeded (Sở Nông nghiệp và Môi trường in 2026 sees what Sở Tài nguyên và Môi trường wrote)."""
    by_body = Q(organization_id=report.organization_id) | Q(
        organization__successions_out__successor_id=report.organization_id)
    return (TaskReport.objects.filter(by_body, task=report.task, cycle__plan=report.cycle.plan, cycle__kind="annual",
                                      cycle__year__lt=report.cycle.year)
            .exclude(pk=report.pk).select_related("cycle", "organization")
            .order_by("-cycle__year", "-updated_at").first())


@transaction.atomic
def carry_forward(actor, report: TaskReport, expected_version: int, source: TaskReport) -> TaskReport:
    """Start this year's draft from last year's report: the narrative fields and the outputs."""
    if source.task_id != report.task_id or source.cycle.year >= report.cycle.year:
        raise ServiceError(_("Only an earlier report on the same task can be carried forward."))
    changes = {name: getattr(source, name) for name in ("status", "progress", "results", "difficulties",
                                                        "proposals")}
    outputs = [OutputInput(kind=o.kind, number=o.number, date=o.date, issuer=o.issuer, title=o.title, url=o.url)
               for o in source.outputs.all()]
    report = save_report(actor, report, expected_version, changes, outputs)
    TaskReport.objects.filter(pk=report.pk).update(carried_from=source)
    report.carried_from = source
    record(actor, "report.carry_forward", report, after={"from": source.pk, "cycle": str(source.cycle)})
    return report
