"""Every write in documents: the coordinator's section edits and the files issued from a document.

Each function checks that the actor is the coordinator, owns its transaction, records an audit
event, and refuses a stale edit (section versions) with a clear message.
"""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from xanh.core import clock
from xanh.core.audit import record
from xanh.core.errors import ServiceError, StaleEdit
from xanh.core.officedoc import plain
from xanh.core.services import require_coordinator
from xanh.core.versioning import save_versioned
from xanh.documents import figures, sections
from xanh.documents.enums import DocumentKind, FileFormat
from xanh.documents.models import ReportFile, ReportSection
from xanh.reporting.models import Cycle

MAX_SECTION_CHARS = 60_000


def _check_kind(kind: str) -> None:
    if kind not in DocumentKind.values:
        raise ServiceError(_("Unknown document kind “%(kind)s”.") % {"kind": kind}, field="kind")


def _clean(text: str) -> str:
    text = plain((text or "").replace("\r\n", "\n").replace("\r", "\n")).strip()
    if not text:
        raise ServiceError(_("The section cannot be empty; reset it to the generated text instead."), field="text")
    if len(text) > MAX_SECTION_CHARS:
        raise ServiceError(_("The section is longer than %(max)s characters.") % {
            "max": figures.vi_number(MAX_SECTION_CHARS)}, field="text")
    unknown = figures.unknown_tokens(text)
    if unknown:
        raise ServiceError(_("Unknown figures: %(tokens)s. The figures you can use are listed beside the text.") % {
            "tokens": ", ".join("{{" + name + "}}" for name in unknown)}, field="text")
    return text


def save_section(actor, cycle: Cycle, kind: str, key: str, text: str, version: int) -> ReportSection:
    """Keep the coordinator's text for one section; `version` is what the form was opened at (0: generated)."""
    from xanh.documents.content import data_fingerprint

    require_coordinator(actor)
    _check_kind(kind)
    titles = sections.keys_for(cycle, kind)
    if key not in titles:
        raise ServiceError(_("This document has no section “%(key)s”.") % {"key": key}, field="key")
    text = _clean(text)
    with transaction.atomic():
        row = ReportSection.objects.select_for_update().filter(cycle=cycle, kind=kind, key=key).first()
        before = row.text if row else None
        if row is None:
            if version:
                raise StaleEdit(_("Someone reset this section to the generated text after you opened it. Reload "
                                  "the page, then make your changes again."))
            row = ReportSection(cycle=cycle, kind=kind, key=key, text=text)
            _stamp(row, actor, data_fingerprint(cycle))
            try:
                with transaction.atomic():
                    row.save()
            except IntegrityError as exc:
                raise StaleEdit(_("Someone else saved this section after you opened it. Reload the page to see "
                                  "their text, then make your changes again.")) from exc
        else:
            if version != row.version:
                raise StaleEdit(_("Someone else saved this section after you opened it. Reload the page to see "
                                  "their text, then make your changes again."))
            row.text = text
            _stamp(row, actor, data_fingerprint(cycle))
            save_versioned(row, version, ["text", "data_fingerprint", "edited_at", "edited_by"])
        record(actor, "documents.section.edit", row, before={"text": before}, after={"text": text},
               reason=titles[key])
    return row


def reset_section(actor, cycle: Cycle, kind: str, key: str, version: int) -> None:
    """Forget the coordinator's text: the section follows the data again."""
    require_coordinator(actor)
    _check_kind(kind)
    with transaction.atomic():
        row = ReportSection.objects.select_for_update().filter(cycle=cycle, kind=kind, key=key).first()
        if row is None:
            return
        if row.version != version:
            raise StaleEdit(_("Someone else saved this section after you opened it. Reload the page first."))
        record(actor, "documents.section.reset", row, before={"text": row.text}, after=None)
        row.delete()


def _stamp(row: ReportSection, actor, fingerprint: str) -> None:
    row.data_fingerprint = fingerprint
    row.edited_at = clock.now()
    row.edited_by = actor if getattr(actor, "is_authenticated", False) else None


def issue_files(actor, cycle: Cycle, kind: str, *, publish: bool, formats=None) -> list[ReportFile]:
    """Build the document in every format available now and keep the files as issued.

    Publishing needs a published cycle (the portal shows nothing of an unpublished one). PDF is
    included when LibreOffice is installed.
    """
    from xanh.documents import builders, pdf

    require_coordinator(actor)
    _check_kind(kind)
    if publish:
        _require_public(cycle)
    if formats is None:
        formats = [FileFormat.DOCX, FileFormat.XLSX] + ([FileFormat.PDF] if pdf.is_available() else [])
    built = [(fmt, builders.build(actor, cycle, kind, fmt)) for fmt in formats]
    files = []
    try:
        with transaction.atomic():
            for fmt, item in built:
                digest = hashlib.sha256(item.data).hexdigest()
                row = ReportFile(cycle=cycle, kind=kind, format=fmt, name=item.name, size=len(item.data),
                                 sha256=digest, is_public=publish, built_at=clock.now(),
                                 built_by=actor if getattr(actor, "is_authenticated", False) else None)
                row.file.save(f"{digest[:32]}.{fmt}", ContentFile(item.data), save=False)
                files.append(row)
                row.save()
                record(actor, "documents.file.issue", row, after={"name": row.name, "sha256": digest,
                                                                   "public": publish})
    except Exception:
        for row in files:  # nothing refers to them any more: no file is left behind on disk
            row.file.storage.delete(row.file.name)
        raise
    return files


def _require_public(cycle: Cycle) -> None:
    if not cycle.plan.is_public:
        raise ServiceError(_("Publish the plan first: the public portal shows only published plans."),
                           field="publish")
    if not cycle.is_public:
        raise ServiceError(_("Publish the cycle first: the public portal shows only published cycles."),
                           field="publish")


def set_file_publication(actor, report_file: ReportFile, public: bool) -> ReportFile:
    require_coordinator(actor)
    if public:
        _require_public(report_file.cycle)
    with transaction.atomic():
        before = report_file.is_public
        ReportFile.objects.filter(pk=report_file.pk).update(is_public=public)
        report_file.is_public = public
        record(actor, "documents.file.publish" if public else "documents.file.unpublish", report_file,
               before={"public": before}, after={"public": public})
    return report_file


__all__ = ["issue_files", "reset_section", "save_section", "set_file_publication"]
