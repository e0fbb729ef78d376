"""A body's officer works offline: downloads the body's workbook, fills it in Excel, uploads it back."""

import datetime
import io
from decimal import Decimal

from django.contrib.messages import get_messages
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from tests.reporting.offline import BODY, OfflineTestCase, letter
from xanh.core.models import AuditEvent
from xanh.core.services import SYSTEM
from xanh.core.text import fold
from xanh.plans.enums import ProductKind
from xanh.reporting import offline
from xanh.reporting.enums import ImplementationStatus, ReportState
from xanh.reporting.models import TaskReport
from xanh.reporting.offline.layout import (
    GUIDE_SHEET,
    HEADER_ROW,
    OUTPUT_COLUMNS,
    OUTPUT_SHEET,
    REPORT_COLUMNS,
    REPORT_SHEET,
    UI_LANGUAGES,
)
from xanh.reporting.services import OutputInput, save_report

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def vi(label) -> str:
    with translation.override("vi"):
        return str(label)


class DownloadTests(OfflineTestCase):
    def test_it_downloads_every_expected_report_of_the_body_pre_filled(self):
        report = self.report("I.1", BODY)
        save_report(SYSTEM, report, report.version, {"status": ImplementationStatus.ON_TRACK, "progress": 40,
                                                     "results": "=1+1 đã làm", "budget_used": 2500000},
                    outputs=[OutputInput(kind=ProductKind.PLAN, number="12/KH-SNNMT", date=datetime.date(2026, 3, 2),
                                         issuer="Sở Nông nghiệp và Môi trường", title="Kế hoạch truyền thông")])
        response = self.signed_in("nnmt_reporter").get(self.url())
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Disposition"], 'attachment; filename="bao-cao-th-snnmt-2026.xlsx"')
        book = load_workbook(io.BytesIO(response.content))
        self.assertEqual(book.sheetnames, [REPORT_SHEET, OUTPUT_SHEET, GUIDE_SHEET])
        sheet = book[REPORT_SHEET]
        header = "\n".join(str(sheet.cell(row=r, column=c).value) for r in range(1, HEADER_ROW) for c in (2, 3))
        self.assertIn("Sở Nông nghiệp và Môi trường", header)
        self.assertIn("15/11/2026", header)
        self.assertIn(self.plan.number, header)
        expected = TaskReport.objects.filter(cycle=self.cycle, organization__code=BODY).count()
        self.assertEqual(sheet.max_row - HEADER_ROW, expected)
        row = self.row_of(book, "I.1")
        report = self.fresh(report)
        self.assertEqual(sheet[f"A{row}"].value, f"{report.pk}:{report.version}")
        self.assertTrue(sheet.column_dimensions["A"].hidden)
        self.assertEqual(sheet[f"{letter(REPORT_COLUMNS, 'status')}{row}"].value,
                         vi(ImplementationStatus.ON_TRACK.label))
        self.assertEqual(sheet[f"{letter(REPORT_COLUMNS, 'progress')}{row}"].value, 40)
        budget = sheet[f"{letter(REPORT_COLUMNS, 'budget_used')}{row}"]
        self.assertEqual((budget.value, budget.number_format), (2500000, "#,##0"))
        results = sheet[f"{letter(REPORT_COLUMNS, 'results')}{row}"]
        self.assertEqual((results.value, results.data_type), ("=1+1 đã làm", "s"))  # text, never a formula
        self.assertTrue(sheet.protection.sheet)
        self.assertFalse(results.protection.locked)
        text = sheet[f"{letter(REPORT_COLUMNS, 'text')}{row}"]
        self.assertTrue(text.protection.locked)
        self.assertEqual(text.fill.fgColor.rgb[-6:], "E7E6E6")
        outputs = book[OUTPUT_SHEET]
        self.assertEqual([c.value for c in outputs[2]][:7], [
            report.pk, "I.1", vi(ProductKind.PLAN.label), "12/KH-SNNMT", datetime.datetime(2026, 3, 2),
            "Sở Nông nghiệp và Môi trường", "Kế hoạch truyền thông"])

    def test_the_drop_down_lists_offer_the_labels_officers_use(self):
        book = self.download()
        status = next(v for v in book[REPORT_SHEET].data_validations.dataValidation
                      if letter(REPORT_COLUMNS, "status") in str(v.sqref))
        self.assertEqual(status.type, "list")
        self.assertEqual(status.formula1, f"'{GUIDE_SHEET}'!$C$2:$C$8")
        guide = book[GUIDE_SHEET]
        self.assertEqual([guide.cell(row=r, column=3).value for r in range(2, 9)],
                         [vi(label) for label in ImplementationStatus.labels])
        self.assertIn("Chờ hướng dẫn của Trung ương", [guide.cell(row=r, column=3).value for r in range(2, 9)])
        self.assertIn("Kế hoạch", [guide.cell(row=r, column=4).value for r in range(2, 22)])
        kinds = next(v for v in book[OUTPUT_SHEET].data_validations.dataValidation
                     if letter(OUTPUT_COLUMNS, "kind") in str(v.sqref))
        self.assertEqual(kinds.formula1, f"'{GUIDE_SHEET}'!$D$2:$D$21")

    def test_reports_no_longer_editable_are_listed_grey_and_locked(self):
        self.submitted("I.1")
        book = self.download()
        sheet = book[REPORT_SHEET]
        row = self.row_of(book, "I.1")
        status = sheet[f"{letter(REPORT_COLUMNS, 'status')}{row}"]
        self.assertTrue(status.protection.locked)
        self.assertEqual(status.fill.fgColor.rgb[-6:], "E7E6E6")
        self.assertEqual(sheet[f"{letter(REPORT_COLUMNS, 'state')}{row}"].value, vi(ReportState.SUBMITTED.label))

    def test_header_labels_stay_distinct_in_every_language(self):
        for language in UI_LANGUAGES:
            with translation.override(language):
                for columns in (REPORT_COLUMNS, OUTPUT_COLUMNS):
                    labels = [fold(str(c.label)) for c in columns]
                    self.assertEqual(len(labels), len(set(labels)), (language, labels))


class RoundTripTests(OfflineTestCase):
    def test_a_filled_workbook_fills_the_drafts_and_the_same_upload_again_writes_nothing(self):
        book = self.download()
        self.fill(book, "I.1", status=vi(ImplementationStatus.BEHIND.label), progress=35,
                  results="Đã tổ chức 3 hội nghị tuyên truyền.", difficulties="Thiếu kinh phí",
                  budget_used="1.234.567", is_estimate=vi("Yes"))
        self.fill(book, "V.6", status=vi(ImplementationStatus.ON_TRACK.label), progress=60,
                  results="Hoàn thành khảo sát hiện trạng.")
        i1 = self.report("I.1", BODY)
        self.add_output(book, report=i1.pk, task="I.1", kind=vi(ProductKind.PLAN.label), number="123/KH-SNNMT",
                        date=datetime.datetime(2026, 4, 15), issuer="Sở Nông nghiệp và Môi trường",
                        title="Kế hoạch tuyên truyền tăng trưởng xanh năm 2026")
        events = AuditEvent.objects.count()
        data = self.save(book)

        response = self.upload(data)

        self.assertRedirects(response, f"/reporting/cycles/{self.cycle.pk}/bodies/{BODY}/",
                             fetch_redirect_response=False)
        i1 = self.fresh(i1)
        self.assertEqual((i1.state, i1.status, i1.progress, i1.budget_used, i1.is_estimate),
                         (ReportState.DRAFT, "behind", 35, Decimal("1234567"), True))
        self.assertEqual((i1.results, i1.difficulties), ("Đã tổ chức 3 hội nghị tuyên truyền.", "Thiếu kinh phí"))
        self.assertEqual(i1.updated_by, self.nnmt_reporter)
        output = i1.outputs.get()
        self.assertEqual((output.kind, output.number, output.date, output.issuer), (
            ProductKind.PLAN, "123/KH-SNNMT", datetime.date(2026, 4, 15), "Sở Nông nghiệp và Môi trường"))
        v6 = self.report("V.6", BODY)
        self.assertEqual((v6.status, v6.progress, v6.results), ("on_track", 60, "Hoàn thành khảo sát hiện trạng."))
        saves = AuditEvent.objects.filter(action="report.save").order_by("id")
        self.assertEqual(sorted(int(e.object_id) for e in saves), sorted([i1.pk, v6.pk]))
        self.assertEqual(saves.get(object_id=str(i1.pk)).after["progress"], 35)
        self.assertEqual(sorted(AuditEvent.objects.filter(action="report.import_xlsx").get().after["reports"]),
                         sorted([i1.pk, v6.pk]))
        self.assertEqual(AuditEvent.objects.count(), events + 3)
        others = TaskReport.objects.filter(cycle=self.cycle, organization__code=BODY).exclude(pk__in=[i1.pk, v6.pk])
        with translation.override("vi"):
            summary = gettext("Workbook read: %(updated)d reports saved, %(unchanged)d unchanged, %(skipped)d no "
                              "longer editable and left as they are.") % {
                "updated": 2, "unchanged": others.count(), "skipped": 0}
        self.assertEqual([str(m) for m in get_messages(response.wsgi_request)], [summary])
        self.assertFalse(others.filter(version__gt=1).exists())

        before = self.state_of_body()
        self.assertEqual(self.upload(data).status_code, 302)  # the same file again: nothing to write
        self.assertEqual(self.state_of_body(), before)
        self.assertEqual(self.upload(self.download()).status_code, 302)  # a fresh copy, unchanged
        self.assertEqual(self.state_of_body(), before)

    def test_the_outcome_counts_saved_unchanged_and_ignored_reports(self):
        self.submitted("II.7")
        book = self.download()
        self.fill(book, "I.1", progress=5)
        expected = TaskReport.objects.filter(cycle=self.cycle, organization__code=BODY).count()
        outcome = offline.import_body_xlsx(self.nnmt_reporter, self.cycle, self.org(BODY), "bao-cao.xlsx",
                                           self.save(book))
        self.assertEqual(outcome.counts, {"updated": 1, "unchanged": expected - 2, "skipped": 1})
        self.assertEqual(outcome.notices, [])

    def test_a_row_of_a_submitted_report_is_ignored_with_a_notice(self):
        book = self.download()
        submitted = self.submitted("II.7")
        row = self.fill(book, "II.7", progress=200, results="Sửa sau khi đã nộp")
        self.fill(book, "I.1", progress=15)

        response = self.upload(book)

        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.fresh(submitted).version, submitted.version)
        self.assertEqual(self.fresh(submitted).results, "Đã triển khai.")
        self.assertEqual(self.report("I.1", BODY).progress, 15)
        warnings = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
        self.assertEqual(len(warnings), 1)
        self.assertIn(f"{row}", warnings[0])
        self.assertIn("II.7", warnings[0])
        self.assertIn(REPORT_SHEET, warnings[0])

    def test_a_round_trip_keeps_the_files_attached_to_outputs(self):
        report = self.report("I.1", BODY)
        report = save_report(self.nnmt_reporter, report, report.version, {"status": "on_track"}, outputs=[
            OutputInput(kind=ProductKind.PLAN, number="45/KH-SNNMT", title="Kế hoạch", upload=("ke-hoach.pdf", PDF)),
            OutputInput(kind=ProductKind.REPORT, title="Báo cáo sơ kết", upload=("so-ket.pdf", PDF))])
        files = {o.kind: o.evidence_id for o in report.outputs.all()}
        book = self.download()
        sheet = book[OUTPUT_SHEET]
        self.assertEqual(sheet[f"{letter(OUTPUT_COLUMNS, 'file')}2"].value, "ke-hoach.pdf")
        sheet[f"{letter(OUTPUT_COLUMNS, 'issuer')}2"] = "UBND tỉnh"       # same kind and number: file kept
        sheet[f"{letter(OUTPUT_COLUMNS, 'date')}3"] = "20/05/2026"         # same kind and title: file kept
        self.add_output(book, task="I.1", kind="Công văn", number="7/SNNMT-KH", title="Đôn đốc")

        self.assertEqual(self.upload(book).status_code, 302)

        outputs = list(self.fresh(report).outputs.order_by("position"))
        self.assertEqual([(o.kind, o.evidence_id) for o in outputs], [
            (ProductKind.PLAN, files[ProductKind.PLAN]), (ProductKind.REPORT, files[ProductKind.REPORT]),
            (ProductKind.OFFICIAL_LETTER, None)])
        self.assertEqual((outputs[0].issuer, outputs[1].date), ("UBND tỉnh", datetime.date(2026, 5, 20)))

    def test_clearing_an_output_row_removes_the_output(self):
        report = self.report("I.1", BODY)
        save_report(self.nnmt_reporter, report, report.version, {}, outputs=[
            OutputInput(kind=ProductKind.PLAN, number="45/KH-SNNMT"), OutputInput(kind=ProductKind.REPORT,
                                                                                 title="Báo cáo")])
        book = self.download()
        for key in ("kind", "number", "date", "issuer", "title"):
            book[OUTPUT_SHEET][f"{letter(OUTPUT_COLUMNS, key)}2"] = None
        self.assertEqual(self.upload(book).status_code, 302)
        self.assertEqual([o.kind for o in self.fresh(report).outputs.all()], [ProductKind.REPORT])


class LanguageTests(OfflineTestCase):
    def test_vietnamese_labels_codes_and_unaccented_spellings_are_accepted(self):
        book = self.download()
        self.fill(book, "I.1", status="Chờ hướng dẫn của Trung ương", is_estimate="Không")
        self.fill(book, "V.6", status="cho huong dan cua trung uong", is_estimate="có")
        self.fill(book, "VI.2", status="done_late", progress="100%")
        self.add_output(book, task="I.1", kind="Kế hoạch", number="1/KH")
        self.add_output(book, task="V.6", kind="ke_hoach", number="2/KH")
        self.add_output(book, task="VI.2", kind="Cong van", title="Công văn hướng dẫn")
        self.assertEqual(self.upload(book).status_code, 302)
        self.assertEqual([self.report(ref, BODY).status for ref in ("I.1", "V.6", "VI.2")],
                         ["awaiting_guidance", "awaiting_guidance", "done_late"])
        self.assertEqual([self.report(ref, BODY).is_estimate for ref in ("I.1", "V.6")], [False, True])
        self.assertEqual(self.report("VI.2", BODY).progress, 100)
        self.assertEqual([o.kind for ref in ("I.1", "V.6", "VI.2") for o in self.report(ref, BODY).outputs.all()],
                         [ProductKind.PLAN, ProductKind.PLAN, ProductKind.OFFICIAL_LETTER])

    def test_a_workbook_downloaded_in_english_reads_back_and_english_labels_are_accepted(self):
        translation.activate("en")
        try:
            data = offline.export_body_xlsx(self.nnmt_reporter, self.cycle, self.org(BODY))
        finally:
            translation.activate("vi")
        book = load_workbook(io.BytesIO(data))
        self.assertEqual(book[REPORT_SHEET].cell(row=HEADER_ROW, column=1).value, "Report ID (do not change)")
        self.fill(book, "I.1", status="Behind schedule", progress=20, is_estimate="Yes")
        self.fill(book, "V.6", status="Completed on time")
        self.add_output(book, task="I.1", kind="Official letter (công văn)", number="9/SNNMT")
        self.assertEqual(self.upload(book).status_code, 302)
        i1 = self.report("I.1", BODY)
        self.assertEqual((i1.status, i1.progress, i1.is_estimate), ("behind", 20, True))
        self.assertEqual(self.report("V.6", BODY).status, "done_on_time")
        self.assertEqual(i1.outputs.get().kind, ProductKind.OFFICIAL_LETTER)
