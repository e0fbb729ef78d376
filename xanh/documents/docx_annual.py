"""The annual provincial report as an editable DOCX, in the layout of Decree 30/2020/NĐ-CP.

Only renders a `ReportContent`: the header block, number and place-date, "BÁO CÁO" and its
subject, the sections in order (the coordinator's edits included, figures filled), "Nơi nhận" and
the signature block; then, on landscape pages, the appendix: every task with its status, the
tasks counted by status (the same figures the text quotes) and the bodies that have not reported.
The frame (everything but the appendix) is shared with the review packs.
"""

from __future__ import annotations

from django.utils import translation

from xanh.core import officedoc as doc
from xanh.documents import tables
from xanh.documents.sections import lower_first

CELL = 12                # pt, table text
SMALL = 11               # pt, listed outputs
THEME_FILL = "F2F2F2"
APPENDIX_WIDTHS = [12, 19, 70, 38, 28, 20, 65]           # mm, = officedoc.LANDSCAPE_WIDTH
SUMMARY_COLUMNS = [("STT", 12), ("Tình trạng", 100), ("Số nhiệm vụ", 30), ("Tỷ lệ (%)", 30)]
MISSING_COLUMNS = [("STT", 12), ("Cơ quan, đơn vị", 150), ("Báo cáo chưa gửi", 40), ("Báo cáo phải gửi", 40)]


def annual_docx(content) -> bytes:
    with translation.override("vi"):
        document = doc.new_document()
        frame(document, content)
        doc.landscape_section(document)
        appendix_heading(document, content, "Tình hình thực hiện các nhiệm vụ")
        doc.paragraph(document, "1. Tình hình thực hiện từng nhiệm vụ", 14, bold=True, after=6, keep_with_next=True)
        task_table(document, tables.appendix(content))
        doc.paragraph(document, "2. Tổng hợp nhiệm vụ theo tình trạng thực hiện", 14, bold=True, before=12,
                      after=6, keep_with_next=True)
        summary_table(document, content)
        missing_section(document, content, "3. Cơ quan, đơn vị chưa gửi đủ báo cáo")
        return doc.to_bytes(document)


# ---- the frame, shared with the review packs


def frame(document, content) -> None:
    """Everything before the appendix: header, title, opening, the sections, recipients and signature."""
    doc.page_numbers(document.sections[0])
    issuer = content.issuer.replace("ỦY BAN NHÂN DÂN ", "ỦY BAN NHÂN DÂN\n", 1)
    doc.header_block(document, issuer=issuer, number=doc.number_line("BC", content.issuer_short),
                     place_date=doc.place_date_line(content.place, issue_year(content)))
    doc.title_block(document, content.title, content.subject)
    doc.paragraph(document, f"{content.plan.province.name} báo cáo {lower_first(content.subject)} như sau:", 14,
                  align=doc.JUSTIFY, indent=True, after=6)
    for section in content.body_sections:
        doc.paragraph(document, section.title, 14, bold=True, align=doc.JUSTIFY, before=6, after=6,
                      keep_with_next=True)
        for text in section.paragraphs:
            doc.paragraph(document, text, 14, align=doc.JUSTIFY, indent=True, after=6)
    doc.paragraph(document, f"Trên đây là báo cáo {lower_first(content.subject)} của {content.plan.province.name}./.",
                  14, align=doc.JUSTIFY, indent=True, after=12, keep_with_next=True)
    doc.closing_block(document, content.recipients, content.signature)


def issue_year(content) -> int:
    """The year the document is signed in: the province's deadline falls in it."""
    deadline = getattr(content.cycle, "province_deadline", None)
    return deadline.year if deadline else content.cycle.year


def appendix_heading(document, content, title: str) -> None:
    doc.paragraph(document, "PHỤ LỤC", 14, bold=True, align=doc.CENTER)
    doc.paragraph(document, title.upper(), 14, bold=True, align=doc.CENTER)
    doc.paragraph(document, f"(Kèm theo Báo cáo số{' ' * 6}/BC-{content.issuer_short} ngày{' ' * 6}tháng{' ' * 6}"
                            f"năm {issue_year(content)} của {content.plan.province.name})", 13, italic=True,
                  align=doc.CENTER, after=12)


def theme_row(table, row: tables.ThemeRow) -> None:
    cells = table.add_row().cells
    merged = cells[0].merge(cells[-1])
    for extra in merged.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    fill_cell(merged, row.label, bold=True)
    doc.shade(merged, THEME_FILL)


def fill_cell(table_cell, text: str, *, size=CELL, align=None, bold=False) -> None:
    """A cell holding `text`, one paragraph per line (python-docx's new cell has one empty paragraph)."""
    lines = text.split("\n") if text else [""]
    first = doc.format_paragraph(table_cell.paragraphs[0], align=align)
    if lines[0]:
        doc.add_run(first, lines[0], size, bold=bold)
    for line in lines[1:]:
        doc.paragraph(table_cell, line, size, bold=bold, align=align)


def task_table(document, rows) -> None:
    columns = list(zip(tables.ANNUAL_COLUMNS, APPENDIX_WIDTHS, strict=True))
    table = doc.grid_table(document, columns)
    centred = {0, 1, 4, 5}
    for row in rows:
        if isinstance(row, tables.ThemeRow):
            theme_row(table, row)
            continue
        for position, (table_cell, value) in enumerate(zip(table.add_row().cells, row.values(), strict=True)):
            fill_cell(table_cell, value, size=SMALL if position == 6 else CELL,
                      align=doc.CENTER if position in centred else None)


def summary_table(document, content) -> None:
    table = doc.grid_table(document, SUMMARY_COLUMNS)
    summary = tables.status_summary(content)
    for number, (label, count, share) in enumerate(summary, start=1):
        total = number == len(summary)
        values = ["" if total else str(number), label, count, share]
        for position, (table_cell, value) in enumerate(zip(table.add_row().cells, values, strict=True)):
            fill_cell(table_cell, value, bold=total, align=None if position == 1 else doc.CENTER)


def missing_section(document, content, title: str) -> None:
    doc.paragraph(document, title, 14, bold=True, before=12, after=6, keep_with_next=True)
    rows = tables.missing_bodies(content)
    if not rows:
        doc.paragraph(document, "Tất cả các cơ quan, đơn vị đã gửi đủ báo cáo.", 14, indent=True)
        return
    table = doc.grid_table(document, MISSING_COLUMNS)
    for values in rows:
        for position, (table_cell, value) in enumerate(zip(table.add_row().cells, values, strict=True)):
            fill_cell(table_cell, value, align=None if position == 1 else doc.CENTER)
