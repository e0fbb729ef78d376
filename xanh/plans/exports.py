"""The plan as data: JSON (the documented schema, docs/plan-json.md) and the XLSX/CSV
template that the importer reads back (docs/import-template.md)."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from xanh.plans.enums import AssignmentRole
from xanh.plans.queries import plan_contents

SCHEMA_VERSION = 1
TABLE_HEADERS = ["STT", "Nhiệm vụ, hoạt động cụ thể", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện",
                 "Sản phẩm", "Ghi chú"]
META_LABELS = [("number", "Số quyết định"), ("date", "Ngày ban hành"), ("issuer", "Cơ quan ban hành"),
               ("title", "Tên kế hoạch"), ("signer", "Người ký"), ("period", "Giai đoạn")]


def _assignee(a) -> dict:
    return {
        "as_written": a.as_written,
        "organization": a.organization.code if a.organization_id else None,
        "group": a.group.code if a.group_id else None,
        "confidence": round(a.confidence, 2),
    }


def plan_json(plan) -> dict:
    themes, tasks = plan_contents(plan)
    by_role = {}
    for task in tasks:
        for a in task.assignments.all():
            by_role.setdefault((task.pk, a.role), []).append(a)
    return {
        "schema_version": SCHEMA_VERSION,
        "plan": {
            "number": plan.number,
            "date": plan.date.isoformat(),
            "issuer": plan.issuer_name,
            "title": plan.title,
            "signer": plan.signer,
            "province": plan.province.code,
            "period": [plan.period_start, plan.period_end],
            "version": plan.latest_seq,
        },
        "themes": [
            {"code": t.code, "title": t.title, "title_as_written": t.title_as_written,
             "parent": t.parent.code if t.parent_id else None}
            for t in themes
        ],
        "tasks": [
            {
                "ref": t.ref,
                "theme": t.theme.code,
                "number": t.number,
                "text": t.text,
                "lead": [_assignee(a) for a in by_role.get((t.pk, AssignmentRole.LEAD), [])],
                "coordinating": [_assignee(a) for a in by_role.get((t.pk, AssignmentRole.COORDINATING), [])],
                "time_frame": t.time_frame,
                "start_year": t.start_year,
                "end_year": t.end_year,
                "products": [{"kind": p["kind"], "as_written": p["as_written"]} for p in t.products],
                "note": t.note,
                "awaits_guidance_from": t.guidance_from_as_written or None,
                "awaits_guidance_from_organization": t.guidance_from.code if t.guidance_from_id else None,
                "source_line": t.source_line,
            }
            for t in tasks
        ],
    }


def _meta_rows(plan) -> list[tuple[str, str]]:
    values = {"number": plan.number, "date": plan.date.strftime("%d/%m/%Y"), "issuer": plan.issuer_name,
              "title": plan.title, "signer": plan.signer,
              "period": f"{plan.period_start} - {plan.period_end}" if plan.period_start else ""}
    return [(label, values[name]) for name, label in META_LABELS]


def _table_rows(themes, tasks) -> list[list[str]]:
    by_theme: dict[int, list] = {}
    for task in tasks:
        by_theme.setdefault(task.theme_id, []).append(task)
    rows = []
    for theme in themes:
        rows.append([theme.code, theme.title, "", "", "", "", ""])
        for task in by_theme.get(theme.pk, []):
            assignments = list(task.assignments.all())
            lead = "; ".join(a.as_written for a in assignments if a.role == AssignmentRole.LEAD)
            coordinating = "; ".join(a.as_written for a in assignments if a.role == AssignmentRole.COORDINATING)
            rows.append([str(task.number), task.text, lead, coordinating, task.time_frame, task.products_as_written,
                         task.note])
    return rows


def plan_xlsx(plan) -> bytes:
    book = Workbook()
    meta = book.active
    meta.title = "Kế hoạch"
    for label, value in _meta_rows(plan):
        meta.append([label, value])
    meta.column_dimensions["A"].width = 22
    meta.column_dimensions["B"].width = 90
    themes, tasks = plan_contents(plan)
    _write_table(book.create_sheet("Phụ lục"), _table_rows(themes, tasks))
    _resolution_sheet(book.create_sheet("Phân công"), tasks)
    return _save(book)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _as_text(cell) -> None:
    """A value that looks like a formula stays text in Excel (imported text is data, never code)."""
    if isinstance(cell.value, str) and cell.value.startswith("="):
        cell.data_type = "s"


def _csv_safe(value: str) -> str:
    """CSV has no cell types: Excel evaluates a cell starting with = + - @ — an apostrophe stops
    it, and the importer drops it again."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _write_table(sheet, rows):
    sheet.append(TABLE_HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBD8")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in rows:
        sheet.append(row)
        if row[0] and not row[0].isdigit():
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
    for index, width in enumerate([8, 70, 30, 30, 14, 30, 16], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            _as_text(cell)
    sheet.freeze_panes = "A2"


def _resolution_sheet(sheet, tasks):
    """Not read back on import: how each assignee was resolved, for checking in Excel."""
    sheet.append(["Mã nhiệm vụ", "Vai trò", "Ghi theo quyết định", "Mã cơ quan", "Cơ quan", "Mã nhóm", "Nhóm",
                  "Độ tin cậy", "Đã rà soát"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for task in tasks:
        for a in task.assignments.all():
            sheet.append([task.ref, a.get_role_display(), a.as_written,
                          a.organization.code if a.organization_id else "",
                          a.organization.name if a.organization_id else "",
                          a.group.code if a.group_id else "", a.group.name if a.group_id else "",
                          round(a.confidence, 2), "x" if a.reviewed_at else ""])


def _save(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def plan_csv(plan) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    for label, value in _meta_rows(plan):
        writer.writerow([label, _csv_safe(value)])
    writer.writerow([])
    writer.writerow(TABLE_HEADERS)
    writer.writerows([[_csv_safe(v) for v in row] for row in _table_rows(*plan_contents(plan))])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_csv() -> bytes:
    """The empty CSV template: the particulars to fill, a blank line, the table's header."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    writer.writerows([[label, ""] for _name, label in META_LABELS])
    writer.writerow([])
    writer.writerow(TABLE_HEADERS)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_xlsx() -> bytes:
    """An empty template with instructions, to fill in Excel and import."""
    book = Workbook()
    meta = book.active
    meta.title = "Kế hoạch"
    for _name, label in META_LABELS:
        meta.append([label, ""])
    meta.column_dimensions["A"].width = 22
    meta.column_dimensions["B"].width = 90
    _write_table(book.create_sheet("Phụ lục"), [])
    guide = book.create_sheet("Hướng dẫn")
    for line in TEMPLATE_GUIDE:
        guide.append([str(line)])
    guide.column_dimensions["A"].width = 120
    return _save(book)


TEMPLATE_GUIDE = [
    _("How to fill this template (see also docs/import-template.md):"),
    _("Sheet “Kế hoạch”: the decision number, date (dd/mm/yyyy), issuing body, plan title, signer, period."),
    _("Sheet “Phụ lục”: one row per theme (code in STT such as I, II, VIII.1; title in the next column) "
      "followed by its tasks (number in STT)."),
    _("Separate several bodies with “;”. Write them as in the decision; the system resolves them."),
    _("Time frame: “2023 - 2030” or “Năm 2023”. Products: separated by “;”."),
]
