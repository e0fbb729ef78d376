"""Use case: one click drafts the chasing letter (công văn đôn đốc) listing the bodies and tasks still missing,
as an official document in the layout of Decree 30/2020/NĐ-CP, ready for the clerk to number and sign."""

import io
from datetime import date

import docx
from django.core.exceptions import PermissionDenied
from docx.shared import Mm

from tests.reporting.cycles import CycleTestCase
from xanh.organizations.models import Organization
from xanh.reporting.enums import ReportState
from xanh.reporting.letters import chasing_letter
from xanh.reporting.models import Cycle, TaskReport

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def read(data: bytes):
    return docx.Document(io.BytesIO(data))


def text_of(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


class ChasingLetterTest(CycleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # everything delivered but two reports of Sở NN&MT, one of Sở Y tế and one of Sở Tài chính
        reports = TaskReport.objects.filter(cycle=cls.cycle)
        keep = [*reports.filter(organization__code="th-snnmt").order_by("task__ref")[:2],
                reports.filter(organization__code="th-syt").order_by("task__ref").first(),
                reports.filter(organization__code="th-stc").order_by("task__ref").first()]
        cls.missing = [r for r in keep if r is not None]
        reports.exclude(pk__in=[r.pk for r in cls.missing]).update(state=ReportState.ACCEPTED)
        TaskReport.objects.filter(pk=cls.missing[1].pk).update(state=ReportState.SUBMITTED)

    def letter(self, persona="coordinator", **kwargs):
        cycle = Cycle.objects.select_related("plan").get(pk=self.cycle.pk)  # as a request reads it
        return read(chasing_letter(getattr(self, persona), cycle, **kwargs))

    def test_the_header_names_the_issuing_body_and_the_national_motto(self):
        document = self.letter()
        header = document.tables[0]
        left = header.cell(0, 0).text.splitlines()
        right = header.cell(0, 1).text.splitlines()
        self.assertEqual(left[:2], ["UBND TỈNH THANH HÓA", "SỞ TÀI CHÍNH"])
        self.assertEqual(right[:2], ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"])
        self.assertEqual(header.cell(1, 0).text.splitlines(), [
            "Số: …/STC-…",
            "V/v đôn đốc báo cáo tình hình thực hiện Kế hoạch hành động tăng trưởng xanh năm 2026"])
        self.assertEqual(header.cell(1, 1).text, "Thanh Hóa, ngày … tháng … năm …")

    def test_it_is_addressed_to_the_bodies_still_missing_and_cites_the_plan_and_deadline(self):
        body = "\n".join(p.text for p in self.letter(today=date(2026, 11, 20)).paragraphs)
        self.assertIn("Kính gửi:", body)
        self.assertIn("- Sở Nông nghiệp và Môi trường tỉnh Thanh Hóa;", body)
        self.assertIn("- Sở Y tế tỉnh Thanh Hóa.", body)
        self.assertNotIn("Sở Tài chính tỉnh Thanh Hóa", body)  # the coordinator does not chase itself
        self.assertIn("Quyết định số 3825/QĐ-UBND ngày 18/10/2023 của Ủy ban nhân dân tỉnh Thanh Hóa", body)
        self.assertIn("trước ngày 15/11/2026", body)
        self.assertIn("Đến ngày 20/11/2026, còn 2 cơ quan, đơn vị chưa hoàn thành 3 báo cáo", body)
        self.assertIn("Trân trọng./.", body)

    def test_the_table_has_one_row_per_missing_report(self):
        table = self.letter().tables[1]
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        self.assertEqual(rows[0], ["STT", "Cơ quan, đơn vị", "Nhiệm vụ", "Nội dung nhiệm vụ", "Tình trạng"])
        chased = [r for r in self.missing if r.organization.code != "th-stc"]
        self.assertEqual(len(rows) - 1, len(chased))
        self.assertEqual([row[2] for row in rows[1:]], [r.task.ref for r in chased])
        self.assertEqual([row[0] for row in rows[1:]], ["1", "2", "3"])
        self.assertEqual(rows[1][1], "Sở Nông nghiệp và Môi trường tỉnh Thanh Hóa")
        self.assertEqual([row[4] for row in rows[1:]],
                         ["Chưa báo cáo", "Chờ lãnh đạo đơn vị phê duyệt", "Chưa báo cáo"])
        self.assertTrue(chased[0].task.text.startswith(rows[1][3].rstrip("…")))

    def test_the_closing_has_the_recipients_and_the_signature_block(self):
        closing = self.letter().tables[2]
        left, right = closing.cell(0, 0).text.splitlines(), closing.cell(0, 1).text.splitlines()
        self.assertEqual(left, ["Nơi nhận:", "- Như trên;", "- UBND tỉnh Thanh Hóa (để báo cáo);", "- Lưu: VT, STC."])
        self.assertEqual(right[:2], ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"])

    def test_the_page_is_a4_with_the_decrees_margins_in_times_new_roman(self):
        document = self.letter()
        section = document.sections[0]
        mm = lambda length: round(length / Mm(1))  # noqa: E731
        self.assertEqual((mm(section.page_width), mm(section.page_height)), (210, 297))
        self.assertTrue(20 <= mm(section.top_margin) <= 25 and 20 <= mm(section.bottom_margin) <= 25)
        self.assertTrue(30 <= mm(section.left_margin) <= 35 and 15 <= mm(section.right_margin) <= 20)
        self.assertEqual(document.styles["Normal"].font.name, "Times New Roman")
        self.assertEqual(document.styles["Normal"].font.size.pt, 14)
        runs = [run for p in document.paragraphs for run in p.runs]
        runs += [run for table in document.tables for row in table.rows for cell in row.cells
                 for p in cell.paragraphs for run in p.runs]
        self.assertGreater(len(runs), 30)
        self.assertEqual({run.font.name for run in runs if run.text.strip()}, {"Times New Roman"})
        self.assertTrue(all(12 <= run.font.size.pt <= 14 for p in document.paragraphs for run in p.runs
                            if run.text.strip()))

    def test_names_come_from_the_database_and_imported_text_stays_plain(self):
        Organization.objects.filter(code="th-ubnd").update(name="Ủy ban nhân dân tỉnh Lam Sơn",
                                                           short_name="UBND tỉnh Lam Sơn")
        Organization.objects.filter(code="th-stc").update(short_name="Sở Tài chính Lam Sơn")
        task = self.missing[0].task
        task.__class__.objects.filter(pk=task.pk).update(text="Lập <w:t>kế hoạch</w:t> & {{ x }}\x0b\x01 năm")
        document = self.letter()
        self.assertEqual(document.tables[0].cell(0, 0).text.splitlines()[:2], ["UBND TỈNH LAM SƠN",
                                                                                "SỞ TÀI CHÍNH LAM SƠN"])
        self.assertEqual(document.tables[0].cell(1, 1).text, "Lam Sơn, ngày … tháng … năm …")
        self.assertIn("Số: …/STCLS-…", document.tables[0].cell(1, 0).text)
        self.assertEqual(document.tables[1].rows[1].cells[3].text, "Lập <w:t>kế hoạch</w:t> & {{ x }} năm")

    def test_a_province_wide_letter_lists_every_missing_report_and_groups_the_communes(self):
        TaskReport.objects.filter(cycle=self.cycle).update(state=ReportState.DRAFT)
        document = self.letter()
        chased = TaskReport.objects.filter(cycle=self.cycle).exclude(organization__code="th-stc").count()
        self.assertEqual(len(document.tables[1].rows) - 1, chased)
        addressees = [p.text for p in document.paragraphs if p.text.startswith("- ")]
        self.assertIn("- Sở Y tế tỉnh Thanh Hóa;", addressees)
        self.assertTrue(addressees[-1].startswith("- Ủy ban nhân dân các xã, phường có tên tại bảng kèm theo ("))
        self.assertLessEqual(len(addressees), 21)

    def test_leadership_may_draft_it_too_signed_by_the_coordinators_body(self):
        document = self.letter("viewer")
        self.assertEqual(document.tables[0].cell(0, 0).text.splitlines()[1], "SỞ TÀI CHÍNH")

    def test_reporters_and_the_public_may_not(self):
        for persona in ("nnmt_reporter", "nnmt_approver", "commune", "anonymous"):
            with self.assertRaises(PermissionDenied):
                chasing_letter(getattr(self, persona), self.cycle)

    def test_the_download(self):
        url = f"/reporting/cycles/{self.cycle.pk}/chasing-letter.docx"
        for persona in ("coordinator", "viewer"):
            response = self.signed_in(persona).get(url)
            self.assertEqual(response.status_code, 200)
            self.assertEqual(response["Content-Type"], DOCX)
            self.assertIn(f'filename="cong-van-don-doc-2026-{self.cycle.pk}.docx"', response["Content-Disposition"])
            self.assertEqual(len(read(response.content).tables[1].rows), 4)
        for persona in ("nnmt_reporter", "nnmt_approver", "yte_reporter", "commune"):
            self.assertEqual(self.signed_in(persona).get(url).status_code, 403, persona)
        self.client.logout()
        self.assertRedirects(self.client.get(url), f"/accounts/login/?next={url}", fetch_redirect_response=False)
        self.assertEqual(self.client.get(f"/reporting/cycles/{self.cycle.pk + 99}/chasing-letter.docx").status_code,
                         302)
        self.assertEqual(self.signed_in("coordinator").get(
            f"/reporting/cycles/{self.cycle.pk + 99}/chasing-letter.docx").status_code, 404)
