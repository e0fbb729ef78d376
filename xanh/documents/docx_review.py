"""The mid-term (2025) and final (2030) review packs as DOCX: the annual report's frame, a different appendix.

The appendix is each task's status year by year, traffic-lit (green, amber, red, grey as
`progress.light` says), with its status now; a legend; the tasks still waiting for central guidance
with the ministry named in the plan and the body carrying its duties today; the tasks counted by
status (the text's figures) and the bodies that have not reported.
"""

from __future__ import annotations

from django.utils import translation

from xanh.core import officedoc as doc
from xanh.documents import tables
from xanh.documents.docx_annual import (
    CELL,
    appendix_heading,
    fill_cell,
    frame,
    missing_section,
    summary_table,
    theme_row,
)

LEAD_WIDTHS = (12, 19)        # STT, Mã nhiệm vụ
YEAR_WIDTH = 13
CURRENT_WIDTH = 30
GUIDANCE_COLUMNS = [("STT", 12), ("Mã nhiệm vụ", 19), ("Nội dung nhiệm vụ", 81), ("Chờ hướng dẫn của", 45),
                    ("Cơ quan đảm nhận chức năng hiện nay", 55), ("Tình trạng hiện nay", 40)]
LEGEND_COLUMNS = [("Màu", 25), ("Ý nghĩa", 130)]
ABBREVIATION_COLUMNS = [("Ký hiệu", 25), ("Tình trạng", 130)]


def review_docx(content) -> bytes:
    with translation.override("vi"):
        document = doc.new_document()
        frame(document, content)
        doc.landscape_section(document)
        appendix_heading(document, content, "Tình trạng thực hiện các nhiệm vụ qua các năm")
        doc.paragraph(document, "1. Tình trạng từng nhiệm vụ qua các năm", 14, bold=True, after=6,
                      keep_with_next=True)
        matrix_table(document, content)
        legend(document)
        doc.paragraph(document, "2. Các nhiệm vụ chờ hướng dẫn của Trung ương", 14, bold=True, before=12, after=6,
                      keep_with_next=True)
        guidance_table(document, content)
        doc.paragraph(document, f"3. Tổng hợp nhiệm vụ theo tình trạng thực hiện (năm {content.cycle.year})", 14,
                      bold=True, before=12, after=6, keep_with_next=True)
        summary_table(document, content)
        missing_section(document, content, "4. Cơ quan, đơn vị chưa gửi đủ báo cáo")
        return doc.to_bytes(document)


def matrix_columns(content) -> list[tuple[str, int]]:
    text_width = (doc.LANDSCAPE_WIDTH - sum(LEAD_WIDTHS) - CURRENT_WIDTH - YEAR_WIDTH * len(content.years))
    return [("STT", LEAD_WIDTHS[0]), ("Mã nhiệm vụ", LEAD_WIDTHS[1]), ("Nội dung nhiệm vụ", max(text_width, 30)),
            *((str(year), YEAR_WIDTH) for year in content.years), ("Tình trạng hiện nay", CURRENT_WIDTH)]


def matrix_table(document, content) -> None:
    columns = matrix_columns(content)
    table = doc.grid_table(document, columns)
    for row in tables.review_matrix(content):
        if isinstance(row, tables.ThemeRow):
            theme_row(table, row)
            continue
        cells = table.add_row().cells
        task = row.task
        fill_cell(cells[0], str(task.number), align=doc.CENTER)
        fill_cell(cells[1], task.ref, align=doc.CENTER)
        fill_cell(cells[2], task.text)
        for table_cell, (_year, status, light) in zip(cells[3:-1], row.years, strict=True):
            fill_cell(table_cell, tables.ABBREVIATIONS.get(status, "") if status else "", size=CELL,
                      align=doc.CENTER)
            if light:
                doc.shade(table_cell, tables.FILLS[light])
        fill_cell(cells[-1], task.label, align=doc.CENTER)
        doc.shade(cells[-1], tables.FILLS[row.current_light])


def legend(document) -> None:
    doc.paragraph(document, "Chú giải:", 13, bold=True, italic=True, before=6, after=3, keep_with_next=True)
    table = doc.grid_table(document, LEGEND_COLUMNS)
    for light, meaning in tables.LIGHT_WORDS.items():
        cells = table.add_row().cells
        fill_cell(cells[0], "")
        doc.shade(cells[0], tables.FILLS[light])
        fill_cell(cells[1], meaning)
    doc.paragraph(document, after=3)
    table = doc.grid_table(document, ABBREVIATION_COLUMNS)
    for abbreviation, meaning in tables.legend():
        cells = table.add_row().cells
        fill_cell(cells[0], abbreviation, align=doc.CENTER)
        fill_cell(cells[1], meaning)
    doc.paragraph(document, "Ô để trống: năm chưa có kỳ báo cáo trên Hệ thống.", 12, italic=True, before=3)


def guidance_table(document, content) -> None:
    rows = tables.guidance(content)
    if not rows:
        doc.paragraph(document, "Không có nhiệm vụ chờ hướng dẫn của Trung ương.", 14, indent=True)
        return
    table = doc.grid_table(document, GUIDANCE_COLUMNS)
    for values in rows:
        for position, (table_cell, value) in enumerate(zip(table.add_row().cells, values, strict=True)):
            fill_cell(table_cell, value, align=doc.CENTER if position in (0, 1) else None)
