"""The provincial document as a workbook: the appendix, the figures, and every reporting body's reports.

Sheets: "Phụ lục" (the DOCX appendix, same rows), "Tổng hợp" (tasks by status and every figure
the text quotes), "Theo năm" for the reviews (the traffic-lit matrix), "Chưa báo cáo" (bodies
with reports not delivered), then one sheet per body with accepted reports. Imported text is
data: it goes in cleaned of control characters and never as a formula (reusing the offline
workbook's guards).
"""

from __future__ import annotations

import io
import re

from django.utils import translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from xanh.documents import tables
from xanh.documents.figures import DESCRIPTIONS, percent_value
from xanh.documents.sections import status_word
from xanh.plans.exports import _as_text as keep_as_text
from xanh.reporting.offline.layout import clean_text
from xanh.reporting.progress import STATUS_ORDER

HEADER_FILL = PatternFill("solid", fgColor="DDEBD8")
THEME_FILL = PatternFill("solid", fgColor="F2F2F2")
WRAP = Alignment(wrap_text=True, vertical="top")
BOLD = Font(bold=True)
APPENDIX = "Phụ lục"
SUMMARY = "Tổng hợp"
MATRIX = "Theo năm"
MISSING = "Chưa báo cáo"
APPENDIX_COLUMNS = [("STT", 6), ("Mã nhiệm vụ", 12), ("Nội dung nhiệm vụ", 60), ("Cơ quan chủ trì", 30),
                    ("Tình trạng", 22), ("Báo cáo được chấp nhận", 12), ("Báo cáo phải có", 12), ("Sản phẩm", 60)]
BODY_COLUMNS = [("Mã nhiệm vụ", 12), ("Nội dung nhiệm vụ", 45), ("Tình trạng", 22), ("Tiến độ (%)", 10),
                ("Kết quả thực hiện", 60), ("Sản phẩm", 50), ("Khó khăn, vướng mắc", 40), ("Kiến nghị, đề xuất", 40)]
SHEET_NAME_LIMIT = 31
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
RESERVED_SHEET_NAMES = {"history"}   # Excel keeps "History" for itself


def report_xlsx(content) -> bytes:
    with translation.override("vi"):
        book = Workbook()
        rows = tables.appendix(content)
        appendix_sheet(book.active, rows)
        summary_sheet(book.create_sheet(SUMMARY), content)
        if content.years:
            matrix_sheet(book.create_sheet(MATRIX), content)
        missing_sheet(book.create_sheet(MISSING), content)
        taken = {name.lower() for name in book.sheetnames}
        for organization, reports in reports_by_body(content):
            body_sheet(book.create_sheet(sheet_name(organization.short_name or organization.name, taken)),
                       organization, reports)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()


def sheet_name(wanted: str, taken: set[str]) -> str:
    """A valid, unique sheet name: no []:*?/\\, at most 31 characters, not "History"; `taken` is updated."""
    base = re.sub(r"\s+", " ", _SHEET_FORBIDDEN.sub(" ", clean_text(wanted))).strip().strip("'") or "Đơn vị"
    name, counter = base[:SHEET_NAME_LIMIT].strip(), 1
    while name.lower() in taken or name.lower() in RESERVED_SHEET_NAMES:
        counter += 1
        suffix = f" ({counter})"
        name = base[:SHEET_NAME_LIMIT - len(suffix)].strip() + suffix
    taken.add(name.lower())
    return name


CELL_LIMIT = 32_767   # characters Excel keeps in a cell


def put(sheet, row: int, column: int, value, *, bold=False, fill=None):
    if isinstance(value, str):
        value = clean_text(value)
        if len(value) > CELL_LIMIT:
            value = value[: CELL_LIMIT - 1] + "…"
    cell = sheet.cell(row=row, column=column, value=value)
    keep_as_text(cell)
    cell.alignment = WRAP
    if bold:
        cell.font = BOLD
    if fill is not None:
        cell.fill = fill
    return cell


def headers(sheet, columns) -> None:
    for column, (title, width) in enumerate(columns, start=1):
        cell = put(sheet, 1, column, title, bold=True, fill=HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"


def appendix_sheet(sheet, rows) -> None:
    sheet.title = APPENDIX
    headers(sheet, APPENDIX_COLUMNS)
    line = 1
    for row in rows:
        line += 1
        if isinstance(row, tables.ThemeRow):
            for column in range(1, len(APPENDIX_COLUMNS) + 1):
                put(sheet, line, column, row.label if column == 3 else None, bold=True, fill=THEME_FILL)
            continue
        item = row.item
        values = [row.number, row.ref, row.text, row.bodies, row.label, item.accepted, item.expected,
                  "\n".join(row.outputs)]
        for column, value in enumerate(values, start=1):
            put(sheet, line, column, value)


def summary_sheet(sheet, content) -> None:
    headers(sheet, [("Tình trạng", 40), ("Số nhiệm vụ", 14), ("Tỷ lệ (%)", 12)])
    counts = content.progress.by_status
    total = content.progress.task_count
    line = 1
    for status in STATUS_ORDER:
        line += 1
        put(sheet, line, 1, status_word(status))
        put(sheet, line, 2, counts[status])
        put(sheet, line, 3, float(percent_value(counts[status], total)))
    line += 1
    put(sheet, line, 1, "Tổng số nhiệm vụ", bold=True)
    put(sheet, line, 2, total, bold=True)
    line += 2
    put(sheet, line, 1, "Số liệu trong báo cáo", bold=True, fill=HEADER_FILL)
    put(sheet, line, 2, "Giá trị", bold=True, fill=HEADER_FILL)
    put(sheet, line, 3, "Mã", bold=True, fill=HEADER_FILL)
    for token, description in DESCRIPTIONS.items():
        line += 1
        put(sheet, line, 1, str(description))
        put(sheet, line, 2, content.figures[token])
        put(sheet, line, 3, "{{" + token + "}}")


def matrix_sheet(sheet, content) -> None:
    columns = [("STT", 6), ("Mã nhiệm vụ", 12), ("Nội dung nhiệm vụ", 50),
               *((str(year), 8) for year in content.years), ("Tình trạng hiện nay", 24)]
    headers(sheet, columns)
    fills = {light: PatternFill("solid", fgColor=color) for light, color in tables.FILLS.items()}
    line = 1
    for row in tables.review_matrix(content):
        line += 1
        if isinstance(row, tables.ThemeRow):
            for column in range(1, len(columns) + 1):
                put(sheet, line, column, row.label if column == 3 else None, bold=True, fill=THEME_FILL)
            continue
        for column, value in enumerate([row.task.number, row.task.ref, row.task.text], start=1):
            put(sheet, line, column, value)
        for column, (_year, status, light) in enumerate(row.years, start=4):
            put(sheet, line, column, tables.ABBREVIATIONS.get(status, "") if status else None,
                fill=fills[light] if light else None)
        put(sheet, line, len(columns), row.task.label, fill=fills[row.current_light])
    line += 2
    for abbreviation, meaning in tables.legend():
        put(sheet, line, 2, abbreviation, bold=True)
        put(sheet, line, 3, meaning)
        line += 1
    for light, meaning in tables.LIGHT_WORDS.items():
        put(sheet, line, 2, None, fill=fills[light])
        put(sheet, line, 3, meaning)
        line += 1


def missing_sheet(sheet, content) -> None:
    headers(sheet, [("STT", 6), ("Cơ quan, đơn vị", 60), ("Báo cáo chưa gửi", 14), ("Báo cáo phải gửi", 14)])
    for line, (organization, missing, expected) in enumerate(content.progress.bodies_missing, start=2):
        for column, value in enumerate([line - 1, organization.name, missing, expected], start=1):
            put(sheet, line, column, value)


def reports_by_body(content) -> list[tuple[object, list]]:
    """Each body with accepted reports, by name, its reports in plan order."""
    found: dict[int, tuple[object, list]] = {}
    for item in content.progress.tasks:
        for report in item.reports:
            found.setdefault(report.organization_id, (report.organization, []))[1].append((item.task, report))
    return sorted(found.values(), key=lambda pair: pair[0].name)


def body_sheet(sheet, organization, reports) -> None:
    headers(sheet, BODY_COLUMNS)
    sheet.freeze_panes = "B2"
    sheet.oddHeader.center.text = clean_text(organization.name).replace("&", "&&")  # "&" starts a header code
    for line, (task, report) in enumerate(reports, start=2):
        outputs = "\n".join(f"- {tables.compact_output(o)}" for o in report.outputs.all())
        values = [task.ref, task.text, status_word(report.status) if report.status else "", report.progress,
                  report.results, outputs, report.difficulties, report.proposals]
        for column, value in enumerate(values, start=1):
            put(sheet, line, column, value)
