"""The body's workbook for a cycle: every expected report pre-filled, to fill in Excel and upload back."""

import io

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from xanh.core.access import is_coordinator
from xanh.core.errors import PermissionDenied
from xanh.plans.enums import ProductKind
from xanh.plans.exports import _as_text as keep_as_text
from xanh.reporting import queries
from xanh.reporting.access import bodies_of
from xanh.reporting.enums import ImplementationStatus, ReportState
from xanh.reporting.models import Output
from xanh.reporting.offline.layout import (
    BLANK_OUTPUT_ROWS,
    GUIDE_SHEET,
    HEADER_ROW,
    NO,
    OUTPUT_COLUMNS,
    OUTPUT_SHEET,
    REPORT_COLUMNS,
    REPORT_SHEET,
    YES,
    clean_text,
    column_index,
    report_id,
)

HEADER_FILL = PatternFill("solid", fgColor="DDEBD8")
READ_ONLY_FILL = PatternFill("solid", fgColor="E7E6E6")
WRAP = Alignment(wrap_text=True, vertical="top")
DATE_FORMAT = "dd/mm/yyyy"
MONEY_FORMAT = "#,##0"


def can_download(user, organization) -> bool:
    """The body's own officers (any role) and the coordinator."""
    return is_coordinator(user) or organization.pk in bodies_of(user)


def body_reports(user, cycle, organization):
    return (queries.reports(user).filter(cycle=cycle, organization=organization)
            .select_related("updated_by")
            .prefetch_related(Prefetch("outputs", queryset=Output.objects.select_related("evidence"))))


def export_body_xlsx(user, cycle, organization) -> bytes:
    if not can_download(user, organization):
        raise PermissionDenied(_("Only the officers of %(body)s and the coordinator may download its reports.") % {
            "body": organization})
    reports = list(body_reports(user, cycle, organization))
    book = Workbook()
    sheet = book.active
    sheet.title = REPORT_SHEET
    outputs = book.create_sheet(OUTPUT_SHEET)
    guide = book.create_sheet(GUIDE_SHEET)
    lists = _guide_sheet(guide)
    last = _report_sheet(sheet, cycle, organization, reports, lists)
    _output_sheet(outputs, reports, lists, last)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def filename(cycle, organization) -> str:
    return f"bao-cao-{organization.code}-{cycle.year}.xlsx"


def _put(sheet, row: int, column: int, value, *, editable=False, wrap=False):
    cell = sheet.cell(row=row, column=column, value=clean_text(value) if isinstance(value, str) else value)
    keep_as_text(cell)
    if editable:
        cell.protection = Protection(locked=False)
    else:
        cell.fill = READ_ONLY_FILL
    if wrap:
        cell.alignment = WRAP
    return cell


def _headers(sheet, row: int, columns) -> None:
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=row, column=index, value=str(column.label))
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = column.width


def _report_sheet(sheet, cycle, organization, reports, lists) -> int:
    """Write the header block and one row per report; the number of the last row written."""
    now = timezone.localtime()
    block = [
        (_("Report of %(body)s") % {"body": organization.name}, ""),
        (_("Plan"), str(cycle.plan)),
        (_("Cycle"), str(cycle)),
        (_("Body"), f"{organization.name} ({organization.code})"),
        (_("Deadline for bodies"), cycle.body_deadline.strftime("%d/%m/%Y")),
        (_("Downloaded"), now.strftime("%d/%m/%Y %H:%M")),
        (_("Fill the white cells; grey cells are read-only. Outputs go on sheet “Sản phẩm”. "
           "Upload the file back on the body's page."), ""),
    ]
    for row, (label, value) in enumerate(block, start=1):
        _put(sheet, row, 2, label)
        _put(sheet, row, 3, value)
        sheet.cell(row=row, column=2).font = Font(bold=True)
    sheet.cell(row=1, column=2).font = Font(bold=True, size=13)
    _headers(sheet, HEADER_ROW, REPORT_COLUMNS)
    row = HEADER_ROW
    for report in reports:
        row += 1
        editable = report.is_editable
        state = report.get_state_display()
        if report.state == ReportState.RETURNED and report.return_reason:
            state = f"{state}: {report.return_reason}"
        values = {
            "id": report_id(report), "task": report.task.ref, "text": report.task.text,
            "time_frame": report.task.time_frame, "products": report.task.products_as_written, "state": state,
            "status": str(ImplementationStatus(report.status).label) if report.status else None,
            "progress": report.progress, "results": report.results, "difficulties": report.difficulties,
            "proposals": report.proposals,
            "budget_used": int(report.budget_used) if report.budget_used is not None else None,
            "is_estimate": str(YES if report.is_estimate else NO),
        }
        for index, column in enumerate(REPORT_COLUMNS, start=1):
            cell = _put(sheet, row, index, values[column.key], editable=editable and column.editable, wrap=True)
            if column.key == "budget_used":
                cell.number_format = MONEY_FORMAT
    last = row
    sheet.column_dimensions["A"].hidden = True
    if last > HEADER_ROW:
        _validate(sheet, REPORT_COLUMNS, "status", HEADER_ROW + 1, last,
                  DataValidation(type="list", formula1=lists["status"], allow_blank=True))
        _validate(sheet, REPORT_COLUMNS, "progress", HEADER_ROW + 1, last,
                  DataValidation(type="whole", operator="between", formula1="0", formula2="100", allow_blank=True))
        _validate(sheet, REPORT_COLUMNS, "budget_used", HEADER_ROW + 1, last,
                  DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True))
        _validate(sheet, REPORT_COLUMNS, "is_estimate", HEADER_ROW + 1, last,
                  DataValidation(type="list", formula1=f'"{YES},{NO}"', allow_blank=True))
        sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(REPORT_COLUMNS))}{last}"
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=column_index(REPORT_COLUMNS, "text"))
    # locked cells cannot be typed over; columns and rows can still be resized, rows filtered
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.protection.autoFilter = False
    sheet.protection.sort = False
    _print_setup(sheet)
    return last


def _output_sheet(sheet, reports, lists, last_report_row: int) -> None:
    _headers(sheet, 1, OUTPUT_COLUMNS)
    row = 1
    for report in reports:
        for output in report.outputs.all():
            row += 1
            values = {"report": report.pk, "task": report.task.ref, "kind": str(output.get_kind_display()),
                      "number": output.number, "date": output.date, "issuer": output.issuer,
                      "title": output.title, "url": output.url,
                      "file": output.evidence.original_name if output.evidence_id else ""}
            for index, column in enumerate(OUTPUT_COLUMNS, start=1):
                _put(sheet, row, index, values[column.key], editable=column.editable, wrap=column.key == "title")
    last = row + BLANK_OUTPUT_ROWS
    number_col = get_column_letter(column_index(OUTPUT_COLUMNS, "number"))
    date_col = get_column_letter(column_index(OUTPUT_COLUMNS, "date"))
    for r in range(2, last + 1):
        # text, so that Excel keeps "12/2024" as typed instead of turning it into a date
        sheet[f"{number_col}{r}"].number_format = "@"
        sheet[f"{date_col}{r}"].number_format = DATE_FORMAT
    _validate(sheet, OUTPUT_COLUMNS, "kind", 2, last,
              DataValidation(type="list", formula1=lists["kind"], allow_blank=True))
    _validate(sheet, OUTPUT_COLUMNS, "date", 2, last, DataValidation(type="date", operator="greaterThan",
                                                                        formula1="1", allow_blank=True))
    if last_report_row > HEADER_ROW:
        task_col = get_column_letter(column_index(REPORT_COLUMNS, "task"))
        _validate(sheet, OUTPUT_COLUMNS, "task", 2, last, DataValidation(
            type="list", allow_blank=True,
            formula1=f"'{REPORT_SHEET}'!${task_col}${HEADER_ROW + 1}:${task_col}${last_report_row}"))
    sheet.freeze_panes = "C2"
    _print_setup(sheet)


def _guide_sheet(sheet) -> dict[str, str]:
    """Instructions, and the lists the drop-downs offer (a range: labels may contain commas)."""
    lines = [
        _("How to report offline"),
        _("1. Sheet “Báo cáo” has one row per task your body reports on in this cycle. Fill the white cells: "
          "implementation status (from the list), progress (0 to 100), results, difficulties, proposals, "
          "budget used in VND (a whole number, e.g. 1.234.567), and whether the figures are estimates."),
        _("2. Grey cells are read-only. A row whose cells are all grey is no longer editable (submitted, approved "
          "or accepted): it is shown for reference and ignored on upload."),
        _("3. Sheet “Sản phẩm” lists the documents delivered, one per row: the task (or report ID), the kind "
          "(from the list), the number such as 123/KH-UBND, the date (dd/mm/yyyy), the issuer and the title. "
          "Add a row for a new document; clear or delete a row to remove one. A file attached in xanh is kept "
          "while the kind and number stay the same."),
        _("4. Do not change column A of sheet “Báo cáo” (hidden): it ties each row to its report and to the "
          "moment you downloaded the file. If someone changes a report in xanh in the meantime, the upload "
          "is refused for that row: download the file again."),
        _("5. Upload the file on the body's page. Every problem is listed with its sheet, row and column, "
          "and nothing is saved until the whole file is correct. Rows you did not change are not saved again."),
        _("6. Uploading saves drafts only; submit the reports in xanh when they are ready."),
    ]
    for row, line in enumerate(lines, start=1):
        cell = sheet.cell(row=row, column=1, value=str(line))
        cell.alignment = WRAP
    sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
    sheet.column_dimensions["A"].width = 100
    lists = {}
    for column, key, title, labels in (
        (3, "status", _("Implementation status"), ImplementationStatus.labels),
        (4, "kind", _("Kind of document"), ProductKind.labels),
    ):
        header = sheet.cell(row=1, column=column, value=title)
        header.font = Font(bold=True)
        header.fill = HEADER_FILL
        for row, label in enumerate(labels, start=2):
            keep_as_text(sheet.cell(row=row, column=column, value=str(label)))
        letter = get_column_letter(column)
        sheet.column_dimensions[letter].width = 36
        lists[key] = f"'{GUIDE_SHEET}'!${letter}$2:${letter}${len(labels) + 1}"
    return lists


def _validate(sheet, columns, key: str, first: int, last: int, validation: DataValidation) -> None:
    letter = get_column_letter(column_index(columns, key))
    validation.showErrorMessage = True
    validation.errorTitle = _("Value not accepted")
    validation.error = _("Choose or type a value as the column asks (see sheet “Hướng dẫn”).")
    sheet.add_data_validation(validation)
    validation.add(f"{letter}{first}:{letter}{last}")


def _print_setup(sheet) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
