"""Use case: the coordinator builds the annual provincial report as a DOCX, and its figures are the database's."""

import re

from django.core.exceptions import PermissionDenied
from docx.shared import Mm

from tests.documents.reports import MARKUP, ReportsTestCase, all_text, read_docx, table_rows
from xanh.documents.builders import build
from xanh.documents.services import save_section
from xanh.reporting.enums import ReportState
from xanh.reporting.models import Cycle, TaskReport

# the status words of the catalogue, as the appendix prints them
LABELS = {"done_on_time": "Đã hoàn thành đúng hạn", "done_late": "Đã hoàn thành nhưng quá hạn",
          "recurring": "Thực hiện thường xuyên", "on_track": "Đang triển khai đúng tiến độ",
          "behind": "Chậm tiến độ", "not_started": "Chưa triển khai",
          "awaiting_guidance": "Chờ hướng dẫn của Trung ương", "no_report": "Chưa có báo cáo"}
# where each count sits in the generated overview paragraph
OVERVIEW = {"total": r"có (\d+) nhiệm vụ được theo dõi", "done": r"(\d+) nhiệm vụ đã hoàn thành",
            "done_on_time": r"gồm (\d+) nhiệm vụ hoàn thành đúng tiến độ",
            "done_late": r"và (\d+) nhiệm vụ hoàn thành nhưng chậm", "recurring": r"(\d+) nhiệm vụ thực hiện thường",
            "on_track": r"(\d+) nhiệm vụ đang triển khai đúng", "behind": r"(\d+) nhiệm vụ chậm tiến độ",
            "not_started": r"(\d+) nhiệm vụ chưa triển khai", "awaiting_guidance": r"(\d+) nhiệm vụ đang chờ",
            "no_report": r"(\d+) nhiệm vụ chưa có báo cáo"}
SUMMARY_HEAD = ["STT", "Tình trạng", "Số nhiệm vụ", "Tỷ lệ (%)"]
APPENDIX_HEAD = ["STT", "Mã nhiệm vụ", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Tình trạng", "Báo cáo được chấp nhận",
                 "Sản phẩm"]


class AnnualDocxTest(ReportsTestCase):
    def document(self, user="coordinator"):
        cycle = Cycle.objects.select_related("plan").get(pk=self.cycle.pk)
        built = build(getattr(self, user), cycle, None, "docx")
        self.assertEqual(built.name, "bao-cao-tang-truong-xanh-2026.docx")
        return read_docx(built.data)

    def table(self, document, head):
        found = [t for t in document.tables if table_rows(t)[0] == head]
        self.assertEqual(len(found), 1, head)
        return table_rows(found[0])

    def test_every_figure_in_the_overview_is_the_databases_and_the_appendix_summarys(self):
        counts = self.db_counts()
        counts["done"] = counts["done_on_time"] + counts["done_late"]
        self.assertEqual([counts[s] for s in ("done_on_time", "recurring", "on_track", "behind", "not_started")],
                         [3, 2, 4, 5, 6])  # distinct counts, so that a figure in the wrong place shows
        document = self.document()
        overview = next(p.text for p in document.paragraphs if p.text.startswith("Năm 2026, Kế hoạch có"))
        for key, pattern in OVERVIEW.items():
            self.assertEqual(int(re.search(pattern, overview).group(1)), counts[key], key)
        share = re.search(r"hoàn thành \(chiếm ([\d,]+)%\)", overview).group(1)
        self.assertEqual(share, f"{100 * counts['done'] / counts['total']:.1f}".replace(".", ","))
        summary = {row[1]: int(row[2]) for row in self.table(document, SUMMARY_HEAD)[1:]}
        self.assertEqual(summary, {**{LABELS[s]: counts[s] for s in LABELS}, "Tổng số nhiệm vụ": counts["total"]})

    def test_the_appendix_has_one_row_per_task_under_its_theme_and_its_statuses_add_up(self):
        rows = self.table(self.document(), APPENDIX_HEAD)[1:]
        task_rows = [row for row in rows if len(row) == len(APPENDIX_HEAD)]
        theme_rows = [row[0] for row in rows if len(row) == 1]
        refs = list(self.plan.tasks.filter(reports__cycle=self.cycle).distinct()
                    .order_by("theme__order", "number").values_list("ref", flat=True))
        self.assertEqual([row[1] for row in task_rows], refs)
        self.assertEqual([row[0] for row in task_rows], [str(n) for n in range(1, len(refs) + 1)])
        self.assertIn("I. Truyền thông, giáo dục và nâng cao nhận thức", theme_rows)
        self.assertTrue(any(label.startswith("VIII.5. ") for label in theme_rows))
        counts = self.db_counts()
        for status, label in LABELS.items():
            self.assertEqual(sum(1 for row in task_rows if row[4] == label), counts[status], status)
        v6 = next(row for row in task_rows if row[1] == "V.6")
        self.assertIn("Sở Nông nghiệp và Môi trường", v6[3])
        self.assertIn("- Kế hoạch số 12/KH-SNNMT ngày 02/03/2026: Kế hoạch ứng dụng khoa học công nghệ xanh", v6[6])
        expected = TaskReport.objects.filter(cycle=self.cycle, task__ref="V.6").count()
        self.assertEqual(v6[5], f"1/{expected}")

    def test_the_bodies_that_have_not_delivered_are_listed_with_their_counts(self):
        rows = self.table(self.document(), ["STT", "Cơ quan, đơn vị", "Báo cáo chưa gửi", "Báo cáo phải gửi"])[1:]
        reports = TaskReport.objects.filter(cycle=self.cycle)
        delivered = reports.filter(state__in=(ReportState.APPROVED, ReportState.ACCEPTED))
        owing = reports.exclude(pk__in=delivered).values_list("organization__name", flat=True)
        self.assertEqual(len(rows), len(set(owing)))
        nnmt = next(row for row in rows if row[1] == "Sở Nông nghiệp và Môi trường tỉnh Thanh Hóa")
        self.assertEqual(int(nnmt[2]), reports.filter(organization__code="th-snnmt").exclude(
            pk__in=delivered).count())

    def test_the_frame_follows_decree_30_with_its_diacritics_intact(self):
        document = self.document()
        header = document.tables[0]
        self.assertEqual(header.cell(0, 0).text.splitlines(), ["ỦY BAN NHÂN DÂN", "TỈNH THANH HÓA"])
        self.assertEqual(header.cell(0, 1).text.splitlines(), ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                                                                "Độc lập - Tự do - Hạnh phúc"])
        self.assertEqual(header.cell(1, 0).text, "Số:      /BC-UBND")
        self.assertEqual(header.cell(1, 1).text, "Thanh Hóa, ngày      tháng      năm 2026")
        texts = [p.text for p in document.paragraphs]
        title = texts.index("BÁO CÁO")
        self.assertEqual(texts[title + 1],
                         "Tình hình thực hiện Kế hoạch hành động tăng trưởng xanh tỉnh Thanh Hóa năm 2026")
        self.assertTrue(all(run.bold for i in (title, title + 1) for run in document.paragraphs[i].runs))
        closing = next(t for t in document.tables if t.cell(0, 0).text.startswith("Nơi nhận:"))
        self.assertIn("- Bộ Tài chính (để báo cáo);", closing.cell(0, 0).text)
        self.assertEqual(closing.cell(0, 1).text.splitlines()[:3], ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH",
                                                                    "PHÓ CHỦ TỊCH"])
        self.assertIn("PHỤ LỤC", texts)

    def test_the_pages_are_a4_with_the_decrees_margins_numbered_from_page_two(self):
        document = self.document()
        mm = lambda length: round(length / Mm(1))  # noqa: E731
        portrait, appendix = document.sections
        self.assertEqual((mm(portrait.page_width), mm(portrait.page_height)), (210, 297))
        self.assertEqual((mm(appendix.page_width), mm(appendix.page_height)), (297, 210))
        for section in document.sections:
            self.assertEqual([mm(section.top_margin), mm(section.bottom_margin), mm(section.left_margin),
                              mm(section.right_margin)], [20, 20, 30, 15])
        self.assertTrue(portrait.different_first_page_header_footer)
        self.assertIn("PAGE", portrait.header._element.xml)
        self.assertEqual(document.styles["Normal"].font.name, "Times New Roman")
        fonts = {run.font.name for p in document.paragraphs for run in p.runs if run.text.strip()}
        self.assertEqual(fonts, {"Times New Roman"})
        sizes = {run.font.size.pt for p in document.paragraphs for run in p.runs if run.text.strip()}
        self.assertTrue(sizes <= {13, 14}, sizes)
        self.assertIn('w:eastAsia="Times New Roman"', document.paragraphs[0]._p.xml + document.styles.element.xml)

    def test_an_edited_section_is_printed_with_its_figures_filled(self):
        save_section(self.coordinator, self.cycle, "annual", "proposals",
                     "Đề nghị Bộ hỗ trợ {{chua_trien_khai}} nhiệm vụ chưa triển khai trên {{tong_nhiem_vu}} nhiệm vụ.",
                     0)
        counts = self.db_counts()
        texts = [p.text for p in self.document().paragraphs]
        heading = texts.index("V. KIẾN NGHỊ, ĐỀ XUẤT")
        self.assertEqual(texts[heading + 1], f"Đề nghị Bộ hỗ trợ {counts['not_started']} nhiệm vụ chưa triển khai "
                                             f"trên {counts['total']} nhiệm vụ.")

    def test_imported_text_comes_out_as_literal_text(self):
        self.assertEqual(self.report("V.6", "th-snnmt").results.count("<b>"), 1)
        document = self.document()
        text = all_text(document)
        # a "{{" typed by a body is broken up, so it can never be taken for one of xanh's figures
        self.assertIn("Đã ban hành <b>x</b> & { { y }}", text)
        self.assertNotIn("\x01", text)
        self.assertNotIn("\x0b", text)
        xml = document.element.xml
        self.assertIn("&lt;b&gt;x&lt;/b&gt;", xml)
        self.assertNotIn(MARKUP, text)

    def test_leadership_may_build_it_and_nobody_else(self):
        self.assertIn("BÁO CÁO", [p.text for p in self.document("viewer").paragraphs])
        for persona in ("nnmt_reporter", "nnmt_approver", "yte_reporter", "commune", "anonymous"):
            with self.assertRaises(PermissionDenied, msg=persona):
                build(getattr(self, persona), self.cycle, "annual", "docx")
