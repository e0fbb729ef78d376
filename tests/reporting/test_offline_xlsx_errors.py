"""A filled-in workbook with mistakes: every one is named by sheet, row and column, and nothing is saved."""

import datetime
import io
import zipfile
from unittest import mock

from django.test import override_settings

from tests.reporting.offline import BODY, OfflineTestCase, letter
from xanh.core.enums import Role
from xanh.core.errors import InputError
from xanh.core.services import SYSTEM
from xanh.organizations.services import add_membership
from xanh.reporting import offline
from xanh.reporting.enums import CycleKind
from xanh.reporting.offline.layout import HEADER_ROW, OUTPUT_COLUMNS, OUTPUT_SHEET, REPORT_COLUMNS, REPORT_SHEET
from xanh.reporting.services import notify_bodies, open_cycle, save_report


class WorkbookErrorTestCase(OfflineTestCase):
    def setUp(self):
        self.book = self.download()
        self.before = self.state_of_body()

    def column(self, sheet, key) -> str:
        columns = REPORT_COLUMNS if sheet == REPORT_SHEET else OUTPUT_COLUMNS
        header_row = HEADER_ROW if sheet == REPORT_SHEET else 1
        col = letter(columns, key)
        return f"{col} ({self.book[sheet][f'{col}{header_row}'].value})"

    def refused(self, *expected, persona="nnmt_reporter"):
        """Upload the book; it must be refused with exactly these (sheet, row, key, words) problems."""
        response = self.upload(self.book, persona=persona)
        problems = self.problems(response)
        expected = sorted(expected, key=lambda e: (e[0] != REPORT_SHEET, e[1]))
        self.assertEqual([(p.sheet, p.line, p.column) for p in problems],
                         [(sheet, row, self.column(sheet, key)) for sheet, row, key, _words in expected],
                         [str(p) for p in problems])
        for problem, (_sheet, _row, _key, words) in zip(problems, expected, strict=True):
            self.assertEqual(problem.file, "bao-cao.xlsx")
            for word in words:
                self.assertIn(word, str(problem.message))
        self.assertEqual(self.state_of_body(), self.before)
        return response

    def also_a_good_row(self):
        """A correct change elsewhere in the file, which must not be saved either."""
        self.fill(self.book, "VI.2", status="on_track", progress=50, results="Đúng")


class ReportSheetErrorTests(WorkbookErrorTestCase):
    def test_it_refuses_a_status_not_in_the_list(self):
        self.also_a_good_row()
        row = self.fill(self.book, "I.1", status="Đang làm dở")
        self.refused((REPORT_SHEET, row, "status", ["Đang làm dở"]))

    def test_it_refuses_progress_outside_0_to_100_or_not_a_whole_number(self):
        self.also_a_good_row()
        first = self.fill(self.book, "I.1", progress=150)
        second = self.fill(self.book, "V.6", progress="một nửa")
        third = self.fill(self.book, "II.7", progress=12.5)
        self.refused((REPORT_SHEET, first, "progress", ["150"]), (REPORT_SHEET, second, "progress", ["một nửa"]),
                     (REPORT_SHEET, third, "progress", ["12.5"]))

    def test_it_refuses_a_budget_that_is_not_a_whole_non_negative_amount(self):
        self.also_a_good_row()
        rows = [self.fill(self.book, ref, budget_used=value) for ref, value in (
            ("I.1", -5), ("V.6", "1,5"), ("II.7", "12.34.5"), ("II.4", 1234.5), ("II.5", "1.234,567"))]
        self.refused(*[(REPORT_SHEET, row, "budget_used", ["VND"]) for row in rows])

    def test_it_accepts_the_ways_officers_write_an_amount(self):
        for ref, value in (("I.1", "1.234.567"), ("V.6", "1234567"), ("II.7", 1234567), ("II.4", "1 234 567 đ"),
                           ("II.5", 1234567.0)):
            self.fill(self.book, ref, budget_used=value)
        self.assertEqual(self.upload(self.book).status_code, 302)
        self.assertEqual({self.report(ref, BODY).budget_used for ref in ("I.1", "V.6", "II.7", "II.4", "II.5")},
                         {1234567})

    def test_it_refuses_an_estimate_flag_other_than_yes_or_no(self):
        row = self.fill(self.book, "I.1", is_estimate="Có lẽ")
        self.refused((REPORT_SHEET, row, "is_estimate", ["Có lẽ", "Có", "Không"]))

    def test_it_refuses_an_unknown_report_id(self):
        self.also_a_good_row()
        row = self.fill(self.book, "I.1", id="999999:1", progress=10)
        self.refused((REPORT_SHEET, row, "id", ["999999:1"]))

    def test_it_refuses_a_row_added_without_a_report_id(self):
        sheet = self.book[REPORT_SHEET]
        row = sheet.max_row + 1
        sheet[f"{letter(REPORT_COLUMNS, 'results')}{row}"] = "Một nhiệm vụ mới"
        self.refused((REPORT_SHEET, row, "id", []))

    def test_it_refuses_the_same_report_twice(self):
        first = self.row_of(self.book, "I.1")
        second = self.fill(self.book, "V.6", id=self.book[REPORT_SHEET][f"A{first}"].value)
        self.refused((REPORT_SHEET, second, "id", [str(first)]))

    def test_it_refuses_a_report_of_another_cycle_naming_it(self):
        adhoc = open_cycle(SYSTEM, self.plan, year=2026, kind=CycleKind.ADHOC, title="Báo cáo đột xuất")
        adhoc = notify_bodies(SYSTEM, adhoc, adhoc.version)
        other = adhoc.reports.filter(organization__code=BODY).first()
        self.before = self.state_of_body()
        row = self.fill(self.book, "I.1", id=f"{other.pk}:{other.version}")
        self.refused((REPORT_SHEET, row, "id", [str(other.pk), "Báo cáo đột xuất"]))

    def test_it_refuses_a_report_of_another_body_without_revealing_it_to_an_outsider(self):
        foreign = self.report("I.1", "th-syt")
        row = self.fill(self.book, "I.1", id=f"{foreign.pk}:{foreign.version}")
        response = self.refused((REPORT_SHEET, row, "id", [str(foreign.pk)]))
        self.assertNotIn("Sở Y tế", str(response.context["problems"][0].message))

    def test_it_names_the_other_body_to_an_officer_of_both(self):
        add_membership(SYSTEM, self.nnmt_reporter, self.org("th-syt"), Role.REPORTER)
        self.before = self.state_of_body()
        foreign = self.report("I.1", "th-syt")
        row = self.fill(self.book, "I.1", id=f"{foreign.pk}:{foreign.version}")
        self.refused((REPORT_SHEET, row, "id", [str(foreign.pk), "Sở Y tế"]))

    def test_it_refuses_a_row_changed_in_xanh_since_the_download(self):
        report = self.report("I.1", BODY)
        save_report(self.nnmt_approver, report, report.version, {"results": "Viết trên web"})
        self.before = self.state_of_body()
        self.also_a_good_row()
        row = self.fill(self.book, "I.1", progress=30)
        self.refused((REPORT_SHEET, row, "id", ["I.1", "nnmt_approver"]))
        self.assertEqual(self.fresh(report).results, "Viết trên web")

    def test_it_refuses_a_sheet_whose_editable_column_was_deleted(self):
        sheet = self.book[REPORT_SHEET]
        sheet[f"{letter(REPORT_COLUMNS, 'results')}{HEADER_ROW}"] = "Ghi chú riêng"
        response = self.upload(self.book)
        problem = self.only_problem(response)
        self.assertEqual((problem.sheet, problem.line), (REPORT_SHEET, HEADER_ROW))
        self.assertIn("Kết quả thực hiện", str(problem.message))

    def test_it_lists_every_problem_of_the_file_on_the_page(self):
        status_row = self.fill(self.book, "I.1", status="Đang làm dở")
        progress_row = self.fill(self.book, "V.6", progress=101)
        date_row = self.add_output(self.book, task="I.1", kind="Kế hoạch", number="1/KH", date="32/13/2026")
        response = self.refused((REPORT_SHEET, status_row, "status", []), (REPORT_SHEET, progress_row, "progress", []),
                                (OUTPUT_SHEET, date_row, "date", ["32/13/2026"]))
        page = response.content.decode()
        self.assertIn(self.column(REPORT_SHEET, "status"), page)
        self.assertIn(self.column(OUTPUT_SHEET, "date"), page)
        self.assertIn(f'<td class="num">{date_row}</td>', page)
        self.assertIn("Đang làm dở", page)


class OutputSheetErrorTests(WorkbookErrorTestCase):
    def test_it_refuses_a_date_that_is_not_a_date(self):
        self.also_a_good_row()
        row = self.add_output(self.book, task="I.1", kind="Kế hoạch", number="1/KH", date="31/02/2026")
        self.refused((OUTPUT_SHEET, row, "date", ["31/02/2026", "dd/mm/yyyy"]))

    def test_it_accepts_a_date_typed_as_text_or_entered_as_a_date(self):
        self.add_output(self.book, task="I.1", kind="Kế hoạch", number="1/KH", date="05/06/2026")
        self.add_output(self.book, task="I.1", kind="Kế hoạch", number="2/KH", date=datetime.date(2026, 6, 7))
        self.assertEqual(self.upload(self.book).status_code, 302)
        self.assertEqual([o.date for o in self.report("I.1", BODY).outputs.all()],
                         [datetime.date(2026, 6, 5), datetime.date(2026, 6, 7)])

    def test_it_refuses_an_unknown_kind_of_document(self):
        row = self.add_output(self.book, task="I.1", kind="Thông báo", number="5/TB")
        self.refused((OUTPUT_SHEET, row, "kind", ["Thông báo"]))

    def test_it_refuses_a_document_without_a_kind(self):
        row = self.add_output(self.book, task="I.1", number="5/TB")
        self.refused((OUTPUT_SHEET, row, "kind", []))

    def test_it_refuses_a_document_without_number_or_title(self):
        row = self.add_output(self.book, task="I.1", kind="Kế hoạch", issuer="UBND tỉnh")
        self.refused((OUTPUT_SHEET, row, "number", []))

    def test_it_refuses_a_number_too_long_for_a_document_number(self):
        row = self.add_output(self.book, task="I.1", kind="Kế hoạch", number="1" * 61)
        self.refused((OUTPUT_SHEET, row, "number", ["60", "61"]))

    def test_it_refuses_a_document_for_a_task_not_in_the_file(self):
        row = self.add_output(self.book, task="IX.99", kind="Kế hoạch", number="1/KH")
        self.refused((OUTPUT_SHEET, row, "task", ["IX.99"]))

    def test_it_refuses_a_document_whose_report_id_and_task_disagree(self):
        i1 = self.report("I.1", BODY)
        row = self.add_output(self.book, report=i1.pk, task="V.6", kind="Kế hoạch", number="1/KH")
        self.refused((OUTPUT_SHEET, row, "task", ["I.1", "V.6"]))

    def test_it_refuses_a_document_of_another_bodys_report(self):
        foreign = self.report("I.1", "th-syt")
        row = self.add_output(self.book, report=foreign.pk, kind="Kế hoạch", number="1/KH")
        self.refused((OUTPUT_SHEET, row, "report", [str(foreign.pk)]))


class FileErrorTests(OfflineTestCase):
    def setUp(self):
        self.before = self.state_of_body()

    def refused_file(self, data, *words, name="bao-cao.xlsx"):
        problem = self.only_problem(self.upload(data, name=name))
        self.assertEqual(problem.file, name)
        for word in words:
            self.assertIn(word, str(problem.message))
        self.assertEqual(self.state_of_body(), self.before)
        return problem

    def test_it_refuses_a_file_that_is_not_a_workbook(self):
        self.refused_file("STT;Nhiệm vụ\n1;Tuyên truyền\n".encode(), "XLSX", name="bao-cao.csv")
        self.refused_file(b"%PDF-1.4\n%%EOF\n", "XLSX", name="bao-cao.pdf")

    def test_it_names_the_old_excel_format(self):
        self.refused_file(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, ".xls", ".xlsx", name="bao-cao.xls")

    def test_it_refuses_a_word_document_and_a_damaged_workbook(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("word/document.xml", "<w:document/>")
        self.refused_file(buffer.getvalue(), "XLSX")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("xl/workbook.xml", "not xml at all")
        self.refused_file(buffer.getvalue(), "bị hỏng")

    def test_it_refuses_a_workbook_without_the_report_sheets(self):
        book = self.download()
        book[OUTPUT_SHEET].title = "Products"
        self.refused_file(self.save(book), OUTPUT_SHEET)

    def test_it_refuses_a_workbook_that_unpacks_too_large(self):
        data = self.save(self.download())
        with mock.patch("xanh.core.spreadsheets.MAX_UNZIPPED_BYTES", 1000):
            self.refused_file(data, "MB")

    @override_settings(XANH_MAX_UPLOAD_BYTES=4096)
    def test_it_refuses_an_oversized_file_before_reading_it(self):
        data = self.save(self.download())
        self.assertGreater(len(data), 4096)
        response = self.upload(data)
        self.assertEqual(response.status_code, 400)
        self.assertFalse(response.context["problems"])
        self.assertEqual(len(response.context["form"].errors["file"]), 1)
        self.assertEqual(self.state_of_body(), self.before)
        with self.assertRaises(InputError) as caught:
            offline.import_body_xlsx(self.nnmt_reporter, self.cycle, self.org(BODY), "bao-cao.xlsx", data)
        self.assertEqual(caught.exception.problems[0].file, "bao-cao.xlsx")
        self.assertEqual(self.state_of_body(), self.before)
