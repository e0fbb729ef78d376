"""What a provincial document says, assembled once from the data and the coordinator's edits.

`build_content` is the one place the DOCX, XLSX and PDF builders, the editing page and the CLI
get a document from. It reads through restricted querysets (the system, user None, reads all),
computes the cycle's progress once, fills the figure tokens from it, and uses each section's
edited text where the coordinator wrote one, the generated text otherwise.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.utils import timezone, translation

from xanh.core.officedoc import place_of
from xanh.documents import figures as figures_module
from xanh.documents import sections as generated
from xanh.documents.enums import DocumentKind
from xanh.documents.models import ReportSection
from xanh.reporting.models import Cycle, TaskReport
from xanh.reporting.progress import CycleProgress, cycle_progress, cycle_years, guidance_successors, task_history


def dom_id_of(key: str) -> str:
    """An HTML id that is also a valid CSS selector ("theme:VIII" → "section-theme-VIII")."""
    return "section-" + "".join(c if c.isalnum() else "-" for c in key)


@dataclass
class Section:
    key: str
    title: str
    source: str                 # the text with tokens, as stored or generated
    text: str                   # tokens filled: what the document prints
    edited: bool = False
    stale: bool = False         # edited against data that has changed since
    version: int = 0
    edited_at: object = None
    edited_by: object = None
    generated: str = ""         # what the data alone would say now

    @property
    def dom_id(self) -> str:
        return dom_id_of(self.key)

    @property
    def paragraphs(self) -> list[str]:
        return [line.strip() for line in self.text.splitlines() if line.strip()]


@dataclass
class ReportContent:
    kind: str
    cycle: Cycle
    progress: CycleProgress
    figures: dict[str, str]
    sections: list[Section]
    issuer: str                 # "ỦY BAN NHÂN DÂN TỈNH THANH HÓA"
    issuer_short: str           # "UBND" in the document number
    place: str                  # "Thanh Hóa" before the date
    title: str                  # "BÁO CÁO"
    subject: str                # the line under the title
    recipients: list[str]
    signature: tuple[str, str, str]   # authority, deputy, title ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", …)
    fingerprint: str
    years: list[int] = field(default_factory=list)          # reviews: the years covered
    cycle_years: set = field(default_factory=set)           # reviews: the years that had an annual cycle
    history: dict = field(default_factory=dict)             # reviews: task id → {year: status}
    successors: dict = field(default_factory=dict)          # reviews: ministry id → successor today
    built_at: object = None

    @property
    def plan(self):
        return self.cycle.plan

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    @property
    def body_sections(self) -> list[Section]:
        return [s for s in self.sections if s.key != "recipients"]


def data_fingerprint(cycle: Cycle) -> str:
    """Changes whenever any report of the cycle is saved or moves in its workflow."""
    rows = TaskReport.objects.filter(cycle=cycle).order_by("pk").values_list("pk", "version", "state")
    digest = hashlib.sha256()
    for row in rows:
        digest.update(repr(row).encode())
    return digest.hexdigest()


def kind_for(cycle: Cycle) -> str:
    return {"midterm": DocumentKind.MIDTERM, "final": DocumentKind.FINAL}.get(cycle.kind, DocumentKind.ANNUAL)


def build_content(user, cycle: Cycle, kind: str | None = None) -> ReportContent:
    """The document as it stands now; Vietnamese whatever the interface language."""
    with translation.override("vi"):
        return _build(user, cycle, kind or kind_for(cycle))


def _build(user, cycle: Cycle, kind: str) -> ReportContent:
    progress = cycle_progress(user, cycle)
    values = figures_module.values(progress)
    fingerprint = data_fingerprint(cycle)
    history, years, successors, reported = {}, [], {}, set()
    if kind != DocumentKind.ANNUAL:
        start = cycle.plan.period_start or cycle.year
        years = list(range(start, cycle.year + 1))
        history = task_history(user, cycle.plan, cycle.year)
        reported = cycle_years(user, cycle.plan, cycle.year)
        successors = guidance_successors(progress, cycle.reference_date)
    context = generated.Context(cycle=cycle, kind=kind, progress=progress, history=history, years=years,
                                successors=successors)
    stored = {s.key: s for s in ReportSection.objects.filter(cycle=cycle, kind=kind).select_related("edited_by")}
    sections = []
    for key, title, text in generated.sections(context):
        row = stored.get(key)
        source = row.text if row else text
        sections.append(Section(key=key, title=title, source=source, text=figures_module.fill(source, values),
                                edited=row is not None, stale=bool(row and row.data_fingerprint != fingerprint),
                                version=row.version if row else 0, edited_at=row.edited_at if row else None,
                                edited_by=row.edited_by if row else None, generated=text))
    province = cycle.plan.province
    recipients = next(s for s in sections if s.key == "recipients").paragraphs
    return ReportContent(
        kind=kind, cycle=cycle, progress=progress, figures=values, sections=sections,
        issuer=generated.issuer_of(province), issuer_short="UBND", place=place_of(province),
        title="BÁO CÁO", subject=generated.subject_of(cycle, kind), recipients=recipients,
        signature=("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"), fingerprint=fingerprint,
        years=years, cycle_years=reported, history=history, successors=successors, built_at=timezone.localtime())
