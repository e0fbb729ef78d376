"""Documents API: a cycle's provincial report or review pack as data, and its files.

For coordinators and leadership (others 403, anonymous 401). The JSON is what the DOCX says: the
figures, each section's text with figures filled in, and every task's consolidated status.
"""

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from xanh.core.errors import ServiceError
from xanh.documents import builders
from xanh.documents.content import build_content
from xanh.documents.enums import DocumentKind, FileFormat
from xanh.reporting import queries
from xanh.reporting.access import sees_all_delivered
from xanh.reporting.api import REFUSALS, SignedIn
from xanh.reporting.models import Cycle

router = Router(tags=["documents"], auth=SignedIn())


class SectionOut(Schema):
    key: str = Field(..., description="Stable key: direction, overview, theme:<code>, difficulties, next_year, "
                                      "proposals, recipients (annual); overview, delivered, behind, guidance, "
                                      "proposals, recipients (reviews).")
    title: str
    text: str = Field(..., description="What the document prints: figure tokens filled in.")
    edited: bool = Field(..., description="True when the coordinator's text replaces the generated one.")
    stale: bool = Field(..., description="Edited against reports that have changed since.")


class TaskStatusOut(Schema):
    ref: str
    theme: str
    status: str = Field(..., description="Consolidated status code, or no_report.")
    status_label: str
    expected: int
    accepted: int


class DocumentOut(Schema):
    cycle: int
    kind: str
    subject: str
    figures: dict[str, str] = Field(..., description="Every figure token and its formatted (Vietnamese) value.")
    sections: list[SectionOut]
    tasks: list[TaskStatusOut]


def _cycle(request, cycle_id: int, kind: str) -> Cycle:
    if not sees_all_delivered(request.auth):
        raise HttpError(403, _("Only the coordinator and leadership read the provincial report."))
    if kind not in DocumentKind.values:
        raise Http404
    try:
        return queries.get_cycle(request.auth, cycle_id)
    except Cycle.DoesNotExist as exc:
        raise Http404 from exc


@router.get("/cycles/{cycle_id}/documents/{kind}", response={200: DocumentOut, **REFUSALS},
            summary="A provincial document as data")
def document(request, cycle_id: int, kind: str):
    cycle = _cycle(request, cycle_id, kind)
    content = build_content(request.auth, cycle, kind)
    return {"cycle": cycle.pk, "kind": kind, "subject": content.subject, "figures": content.figures,
            "sections": [{"key": s.key, "title": s.title, "text": s.text, "edited": s.edited, "stale": s.stale}
                         for s in content.sections],
            "tasks": [{"ref": t.task.ref, "theme": t.task.theme.code, "status": t.status, "status_label": t.label,
                       "expected": t.expected, "accepted": t.accepted} for t in content.progress.tasks]}


class FileQuery(Schema):
    format: FileFormat = Field(FileFormat.DOCX, description="docx, xlsx or pdf (pdf needs LibreOffice).")


@router.get("/cycles/{cycle_id}/documents/{kind}/file", response={200: None, **REFUSALS},
            summary="A provincial document as a DOCX, XLSX or PDF file")
def document_file(request, cycle_id: int, kind: str, query: Query[FileQuery]):
    cycle = _cycle(request, cycle_id, kind)
    try:
        built = builders.build(request.auth, cycle, kind, query.format)
    except ServiceError as exc:
        raise HttpError(400, str(exc.message)) from exc
    response = HttpResponse(built.data, content_type=built.content_type)
    response["Content-Disposition"] = f'attachment; filename="{built.name}"'
    return response
