"""Use case: the coordinator downloads the provincial report as a workbook: the appendix, the figures, each body."""

import io
import re

from django.test import SimpleTestCase
from openpyxl import load_workbook

from tests.documents.reports import FORMULA, ReportsTestCase
from xanh.documents.builders import build
from xanh.documents.xlsx import sheet_name
from xanh.reporting.models import Cycle, TaskReport

LABELS = {"done_on_time": "Đã hoàn thành đúng hạn", "done_late": "Đã hoàn thành nhưng quá hạn",
          "recurring": "Thực hiện thường xuyên", "on_track": "Đang triển khai đúng tiến độ",
          "behind": "Chậm tiến độ", "not_started": "Chưa triển khai",
          "awaiting_guidance": "Chờ hướng dẫn của Trung ương", "no_report": "Chưa có báo cáo"}
INVALID = re.compile(r"[\[\]:*?/\\]")


class ReportWorkbookTest(ReportsTestCase):
    def book(self, kind=None):
        cycle = Cycle.objects.select_related("plan").get(pk=self.cycle.pk)
        built = build(self.coordinator, cycle, kind, "xlsx")
        self.assertTrue(built.name.endswith("-2026.xlsx"))
        self.assertEqual(built.content_type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        return load_workbook(io.BytesIO(built.data))

    def test_the_appendix_sheet_has_a_row_per_task_and_the_summary_the_databases_counts(self):
        book = self.book()
        self.assertEqual(book.sheetnames[:3], ["Phụ lục", "Tổng hợp", "Chưa báo cáo"])
        appendix = book["Phụ lục"]
        self.assertEqual(appendix.freeze_panes, "A2")
        self.assertEqual(appendix["C1"].value, "Nội dung nhiệm vụ")
        tasks = [row for row in appendix.iter_rows(min_row=2, values_only=True) if isinstance(row[0], int)]
        refs = list(self.plan.tasks.filter(reports__cycle=self.cycle).distinct()
                    .order_by("theme__order", "number").values_list("ref", flat=True))
        self.assertEqual([row[1] for row in tasks], refs)
        counts = self.db_counts()
        for status, label in LABELS.items():
            self.assertEqual(sum(1 for row in tasks if row[4] == label), counts[status], status)
        summary = {row[0]: row[1] for row in book["Tổng hợp"].iter_rows(min_row=2, max_row=10, values_only=True)}
        self.assertEqual(summary, {**{LABELS[s]: counts[s] for s in LABELS}, "Tổng số nhiệm vụ": counts["total"]})
        tokens = {row[2]: row[1] for row in book["Tổng hợp"].iter_rows(min_row=12, values_only=True) if row[2]}
        self.assertEqual(tokens["{{tong_nhiem_vu}}"], str(counts["total"]))
        self.assertEqual(tokens["{{cho_huong_dan}}"], str(counts["awaiting_guidance"]))
        v6 = next(row for row in tasks if row[1] == "V.6")
        self.assertEqual(v6[5:7], (1, TaskReport.objects.filter(cycle=self.cycle, task__ref="V.6").count()))

    def test_each_body_that_reported_has_its_own_sheet_with_its_accepted_reports(self):
        book = self.book()
        bodies = set(self.accepted().values_list("organization__short_name", flat=True))
        body_sheets = book.sheetnames[3:]
        self.assertEqual(len(body_sheets), len(bodies))
        self.assertEqual(len({name.lower() for name in book.sheetnames}), len(book.sheetnames))
        self.assertTrue(all(len(name) <= 31 and not INVALID.search(name) for name in book.sheetnames))
        nnmt = next(book[name] for name in body_sheets if book[name].oddHeader.center.text.startswith(
            "Sở Nông nghiệp và Môi trường"))
        rows = list(nnmt.iter_rows(min_row=2, values_only=True))
        self.assertEqual(sorted(row[0] for row in rows), sorted(self.accepted().filter(
            organization__code="th-snnmt").values_list("task__ref", flat=True)))
        v6 = next(row for row in rows if row[0] == "V.6")
        self.assertEqual(v6[2], "Đã hoàn thành đúng hạn")
        self.assertEqual(v6[5].splitlines(), ["- Kế hoạch số 12/KH-SNNMT ngày 02/03/2026: Kế hoạch ứng dụng khoa học "
                                              "công nghệ xanh", "- Báo cáo số 45/BC-SNNMT ngày 20/09/2026: Báo cáo sơ "
                                                                "kết"])
        self.assertNotIn("\x01", v6[4])
        behind = next(row for row in rows if row[0] == "VIII.5.1")
        self.assertEqual(behind[3], 30)
        self.assertEqual(behind[6:8], ("Thiếu kinh phí triển khai mô hình.",
                                       "Bố trí kinh phí từ ngân sách tỉnh năm 2027."))

    def test_text_that_looks_like_a_formula_stays_text(self):
        book = self.book()
        sheet = next(book[name] for name in book.sheetnames[3:] if book[name].oddHeader.center.text.startswith(
            "Sở Nông nghiệp và Môi trường"))
        cell = next(row[4] for row in sheet.iter_rows(min_row=2) if row[0].value == "VIII.5.2")
        self.assertEqual((cell.value, cell.data_type), (FORMULA, "s"))

    def test_a_review_workbook_has_the_year_by_year_sheet_with_its_lights(self):
        book = self.book("midterm")
        sheet = book["Theo năm"]
        head = [cell.value for cell in sheet[1]]
        self.assertEqual(head[-2:], ["2026", "Tình trạng hiện nay"])
        v6 = next(row for row in sheet.iter_rows(min_row=2) if row[1].value == "V.6")
        self.assertEqual((v6[-2].value, v6[-2].fill.fgColor.rgb[-6:]), ("HT", "E2EFDA"))
        self.assertEqual((v6[-1].value, v6[-1].fill.fgColor.rgb[-6:]), ("Đã hoàn thành đúng hạn", "E2EFDA"))
        self.assertIsNone(v6[3].value)   # a year with no cycle at all


class SheetNameTest(SimpleTestCase):
    def test_sheet_names_are_valid_unique_and_short(self):
        taken = {"phụ lục"}
        names = [sheet_name(wanted, taken) for wanted in (
            "Phụ lục", "Sở [A]: *?/\\ B", "UBND phường Hạc Thành, tỉnh Thanh Hóa mới", "UBND phường Hạc Thành, tỉnh "
            "Thanh Hóa cũ", "History", "'Quoted'", "\x01")]
        self.assertEqual(names[0], "Phụ lục (2)")
        self.assertEqual(names[1], "Sở A B")
        self.assertEqual(len({n.lower() for n in names}), len(names))
        self.assertTrue(all(0 < len(n) <= 31 and not INVALID.search(n) for n in names), names)
        self.assertNotEqual(names[4].lower(), "history")
        self.assertEqual(names[5], "Quoted")
