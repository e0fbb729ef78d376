"""Helpers for the offline workbook tests: download as a persona, edit with openpyxl, upload back."""

import io

from openpyxl import load_workbook

from tests.reporting.cycles import CycleTestCase
from xanh.core.models import AuditEvent
from xanh.reporting.models import TaskReport
from xanh.reporting.offline.layout import (
    HEADER_ROW,
    OUTPUT_COLUMNS,
    OUTPUT_SHEET,
    REPORT_COLUMNS,
    REPORT_SHEET,
    column_index,
)

BODY = "th-snnmt"


def letter(columns, key) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(column_index(columns, key))


class OfflineTestCase(CycleTestCase):
    def url(self, code=BODY, cycle=None) -> str:
        return f"/reporting/cycles/{(cycle or self.cycle).pk}/bodies/{code}/xlsx"

    def download(self, persona="nnmt_reporter", code=BODY):
        response = self.signed_in(persona).get(self.url(code))
        self.assertEqual(response.status_code, 200, response.content[:300])
        return load_workbook(io.BytesIO(response.content))

    def upload(self, book, persona="nnmt_reporter", code=BODY, name="bao-cao.xlsx"):
        data = book if isinstance(book, bytes) else self.save(book)
        upload = io.BytesIO(data)
        upload.name = name
        return self.signed_in(persona).post(self.url(code), {"file": upload})

    def save(self, book) -> bytes:
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    def row_of(self, book, ref) -> int:
        sheet = book[REPORT_SHEET]
        task_col = column_index(REPORT_COLUMNS, "task")
        for row in range(HEADER_ROW + 1, sheet.max_row + 1):
            if sheet.cell(row=row, column=task_col).value == ref:
                return row
        raise AssertionError(f"no row for task {ref}")

    def fill(self, book, ref, **values) -> int:
        row = self.row_of(book, ref)
        for key, value in values.items():
            book[REPORT_SHEET][f"{letter(REPORT_COLUMNS, key)}{row}"] = value
        return row

    def add_output(self, book, **values) -> int:
        sheet = book[OUTPUT_SHEET]
        row = 2
        while any(sheet.cell(row=row, column=c).value not in (None, "") for c in range(1, 8)):
            row += 1
        for key, value in values.items():
            sheet[f"{letter(OUTPUT_COLUMNS, key)}{row}"] = value
        return row

    def submitted(self, ref, code=BODY, persona="nnmt_reporter") -> TaskReport:
        """A report filled in and submitted through the services: no longer editable."""
        from xanh.reporting.services import save_report, submit

        user = self.users[persona]
        report = self.report(ref, code)
        report = save_report(user, report, report.version, {"status": "on_track", "results": "Đã triển khai."})
        return submit(user, report, report.version)

    def problems(self, response) -> list:
        self.assertEqual(response.status_code, 400)
        return list(response.context["problems"])

    def only_problem(self, response):
        problems = self.problems(response)
        self.assertEqual(len(problems), 1, [str(p) for p in problems])
        return problems[0]

    def state_of_body(self, code=BODY) -> tuple:
        """Everything an upload could change: report versions and the audit log's length."""
        versions = sorted(TaskReport.objects.filter(organization__code=code).values_list("pk", "version"))
        return versions, AuditEvent.objects.count()
