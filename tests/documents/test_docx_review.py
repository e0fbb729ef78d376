"""Use case: the coordinator builds the mid-term (or final) review pack: each task year by year, traffic-lit."""

from tests.documents.reports import ReportsTestCase, read_docx, table_rows
from xanh.core.services import SYSTEM
from xanh.documents.builders import build
from xanh.documents.services import save_section
from xanh.plans.models import Task
from xanh.reporting.enums import CycleKind, ReportState
from xanh.reporting.models import Cycle, TaskReport
from xanh.reporting.services import accept, approve, notify_bodies, open_cycle, save_report, submit

ABBREVIATIONS = {"done_on_time": "HT", "done_late": "HTM", "recurring": "TX", "on_track": "ĐTĐ", "behind": "CTĐ",
                 "not_started": "CTK", "awaiting_guidance": "CHD", "no_report": "CBC"}
FILLS = {"HT": "E2EFDA", "TX": "E2EFDA", "ĐTĐ": "E2EFDA", "HTM": "FFF2CC", "CTĐ": "FFF2CC", "CTK": "F8CBAD",
         "CBC": "F8CBAD", "CHD": "E7E6E6"}
LAST_YEAR = [("th-snnmt", "V.6", "behind"), ("th-snnmt", "VIII.5.1", "done_on_time"),
             ("th-syt", "III.2", "not_started")]
GUIDANCE_HEAD = ["STT", "Mã nhiệm vụ", "Nội dung nhiệm vụ", "Chờ hướng dẫn của", "Cơ quan đảm nhận chức năng hiện nay",
                 "Tình trạng hiện nay"]


def fill_of(cell) -> str | None:
    shading = cell._tc.tcPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}shd")
    return None if shading is None else shading.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}fill")


class ReviewDocxTest(ReportsTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cycle = open_cycle(SYSTEM, cls.plan, year=2025, kind=CycleKind.ANNUAL)
        cls.cycle_2025 = notify_bodies(SYSTEM, cycle, cycle.version)
        writers = {"th-snnmt": cls.nnmt_reporter, "th-syt": cls.yte_reporter}
        for code, ref, status in LAST_YEAR:
            report = TaskReport.objects.get(cycle=cls.cycle_2025, task__ref=ref, organization__code=code)
            report = save_report(writers[code], report, report.version, {"status": status, "results": "Năm 2025."})
            report = submit(writers[code], report, report.version)
            if report.state == ReportState.SUBMITTED:
                report = approve(cls.nnmt_approver, report, report.version)
            accept(cls.coordinator, report, report.version)

    def document(self, kind="midterm"):
        cycle = Cycle.objects.select_related("plan").get(pk=self.cycle.pk)
        built = build(self.coordinator, cycle, kind, "docx")
        self.assertEqual(built.name, {"midterm": "danh-gia-giua-ky-2026.docx", "final": "tong-ket-2026.docx"}[kind])
        return read_docx(built.data)

    def matrix(self, document):
        table = next(t for t in document.tables if table_rows(t)[0][-1] == "Tình trạng hiện nay"
                     and "2026" in table_rows(t)[0])
        head = table_rows(table)[0]
        return table, head

    def status_in(self, cycle, ref) -> str:
        accepted = TaskReport.objects.filter(cycle=cycle, task__ref=ref, state=ReportState.ACCEPTED)
        return accepted.get().status if accepted.exists() else "no_report"

    def test_each_task_has_its_status_for_every_year_lit_like_the_legend_says(self):
        document = self.document()
        table, head = self.matrix(document)
        start = self.plan.period_start
        self.assertEqual(head[3:-1], [str(year) for year in range(start, 2027)])
        rows = [row for row in table.rows[1:] if len({id(c._tc) for c in row.cells}) == len(head)]
        refs = set(TaskReport.objects.filter(cycle=self.cycle).values_list("task__ref", flat=True))
        self.assertEqual(len(rows), len(refs))
        by_ref = {row.cells[1].text: row.cells for row in rows}
        column = {year: head.index(str(year)) for year in range(start, 2027)}
        for ref in refs:
            cells = by_ref[ref]
            for year, cycle in ((2025, self.cycle_2025), (2026, self.cycle)):
                status = self.status_in(cycle, ref)
                task = Task.objects.get(plan=self.plan, ref=ref)
                word = ABBREVIATIONS[status]
                self.assertEqual(cells[column[year]].text, word, (ref, year))
                grey_for_time = task.start_year and task.start_year > year
                self.assertEqual(fill_of(cells[column[year]]), "E7E6E6" if grey_for_time else FILLS[word],
                                 (ref, year))
            self.assertEqual((cells[column[2024]].text, fill_of(cells[column[2024]])), ("", None))
        v6 = by_ref["V.6"]
        self.assertEqual([v6[column[2025]].text, v6[column[2026]].text, v6[-1].text],
                         ["CTĐ", "HT", "Đã hoàn thành đúng hạn"])
        self.assertEqual([fill_of(v6[column[2025]]), fill_of(v6[-1])], ["FFF2CC", "E2EFDA"])
        texts = [p.text for p in document.paragraphs]
        self.assertIn("Chú giải:", texts)

    def test_tasks_waiting_for_guidance_name_the_ministry_and_its_successor(self):
        rows = next(table_rows(t) for t in self.document().tables if table_rows(t)[0] == GUIDANCE_HEAD)[1:]
        waiting = TaskReport.objects.filter(cycle=self.cycle, task__awaits_guidance=True)
        self.assertEqual(len(rows), waiting.values("task").distinct().count())
        ii4 = next(row for row in rows if row[1] == "II.4")
        self.assertEqual(ii4[3:], ["Bộ Tài nguyên và Môi trường", "Bộ Nông nghiệp và Môi trường",
                                   "Chờ hướng dẫn của Trung ương"])

    def test_the_frame_and_an_edited_section_are_the_review_packs(self):
        save_section(self.coordinator, self.cycle, "midterm", "overview", "Đã có {{hoan_thanh}} nhiệm vụ hoàn thành.",
                     0)
        counts = self.db_counts()
        document = self.document()
        texts = [p.text for p in document.paragraphs]
        self.assertEqual(texts[texts.index("BÁO CÁO") + 1],
                         f"Đánh giá giữa kỳ tình hình thực hiện Kế hoạch hành động tăng trưởng xanh tỉnh Thanh Hóa "
                         f"giai đoạn {self.plan.period_start}–2026")
        self.assertIn(f"Đã có {counts['done_on_time'] + counts['done_late']} nhiệm vụ hoàn thành.", texts)
        self.assertEqual(document.tables[0].cell(0, 1).text.splitlines()[0], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        final = [p.text for p in self.document("final").paragraphs]
        self.assertTrue(final[final.index("BÁO CÁO") + 1].startswith("Tổng kết tình hình thực hiện"))
        self.assertNotIn(f"Đã có {counts['done_on_time'] + counts['done_late']} nhiệm vụ hoàn thành.", final)


    def test_a_year_with_a_cycle_but_no_accepted_report_shows_no_report_not_a_blank(self):
        open_cycle(SYSTEM, self.plan, year=2024, kind=CycleKind.ANNUAL)
        table, head = self.matrix(self.document())
        column = head.index("2024")
        row = next(row for row in table.rows[1:] if row.cells[1].text == "V.6")
        self.assertEqual((row.cells[column].text, fill_of(row.cells[column])), ("CBC", FILLS["CBC"]))
