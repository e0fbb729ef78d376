"""The one entry point that turns a cycle into a provincial document file: the UI and the CLI call `build`.

It checks who asks (the coordinator and leadership; user None is the system: the CLI, jobs),
assembles the content once (`content.build_content`) and hands it to the renderer of the format.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from xanh.core.errors import PermissionDenied, ServiceError
from xanh.documents.content import ReportContent, build_content, kind_for
from xanh.documents.enums import DocumentKind, FileFormat
from xanh.reporting.access import sees_all_delivered

CONTENT_TYPES = {
    FileFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileFormat.PDF: "application/pdf",
}
STEMS = {DocumentKind.ANNUAL: "bao-cao-tang-truong-xanh", DocumentKind.MIDTERM: "danh-gia-giua-ky",
         DocumentKind.FINAL: "tong-ket"}


@dataclass
class Built:
    name: str
    content_type: str
    data: bytes
    content: ReportContent | None = None


def may_build(user) -> bool:
    return user is None or sees_all_delivered(user)


def file_name(cycle, kind: str, fmt: str) -> str:
    return f"{STEMS[kind]}-{cycle.year}.{fmt}"


def build(user, cycle, kind: str | None, fmt: str) -> Built:
    """The document `kind` of `cycle` (its natural kind when None) as DOCX, XLSX or PDF."""
    if not may_build(user):
        raise PermissionDenied(_("Only the coordinator and the provincial leadership may build the provincial "
                                 "report."))
    kind = kind or kind_for(cycle)
    if kind not in DocumentKind.values:
        raise ServiceError(_("Unknown document kind “%(kind)s”.") % {"kind": kind}, field="kind")
    if fmt not in FileFormat.values:
        raise ServiceError(_("Unknown file format “%(format)s”: choose docx, xlsx or pdf.") % {"format": fmt},
                           field="format")
    if fmt == FileFormat.PDF:
        from xanh.documents import pdf

        pdf.require()  # say so before spending time on the content
    content = build_content(user, cycle, kind)
    return Built(name=file_name(cycle, kind, fmt), content_type=CONTENT_TYPES[fmt], data=render(content, fmt),
                 content=content)


def render(content: ReportContent, fmt: str) -> bytes:
    if fmt == FileFormat.XLSX:
        from xanh.documents.xlsx import report_xlsx

        return report_xlsx(content)
    data = docx_of(content)
    if fmt == FileFormat.PDF:
        from xanh.documents.pdf import docx_to_pdf

        return docx_to_pdf(data)
    return data


def docx_of(content: ReportContent) -> bytes:
    if content.kind == DocumentKind.ANNUAL:
        from xanh.documents.docx_annual import annual_docx

        return annual_docx(content)
    from xanh.documents.docx_review import review_docx

    return review_docx(content)
