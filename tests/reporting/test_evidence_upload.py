"""Evidence files: size-limited, type sniffed from content, name sanitised, served only to those allowed."""

import io
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from tests.reporting.cycles import CycleTestCase
from xanh.core.errors import ServiceError
from xanh.reporting.evidence import check_upload, clean_name
from xanh.reporting.models import Evidence
from xanh.reporting.services import OutputInput, save_report

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def docx_bytes() -> bytes:
    import docx

    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Kế hoạch 12/KH-SNNMT")
    document.save(buffer)
    return buffer.getvalue()


class EvidenceRulesTests(CycleTestCase):
    def test_the_type_comes_from_the_content_not_the_name(self):
        self.assertEqual(check_upload("bao-cao.pdf", PDF)[0], "application/pdf")
        self.assertEqual(check_upload("anh.png", PNG)[0], "image/png")
        self.assertEqual(check_upload("kh.docx", docx_bytes())[0],
                         "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        with self.assertRaisesMessage(ServiceError, "virus.pdf"):
            check_upload("virus.pdf", b"MZ\x90\x00 an executable")
        with self.assertRaises(ServiceError):
            check_upload("trang.html", b"<html><script>alert(1)</script></html>")

    def test_names_are_sanitised_and_keep_the_real_extension(self):
        self.assertEqual(clean_name("../../etc/passwd.pdf", "pdf"), "passwd.pdf")
        self.assertEqual(clean_name("C:\\Users\\a\\Kế hoạch <số 12>.exe", "pdf"), "Kế hoạch _số 12.pdf")
        self.assertEqual(clean_name("", "png"), "tep.png")

    @override_settings(XANH_MAX_UPLOAD_BYTES=1024)
    def test_a_file_over_the_limit_is_refused_with_its_name(self):
        with self.assertRaisesMessage(ServiceError, "lon.pdf"):
            check_upload("lon.pdf", PDF + b"0" * 2048)

    def test_an_empty_file_is_refused(self):
        with self.assertRaises(ServiceError):
            check_upload("rong.pdf", b"")


class EvidenceServingTests(CycleTestCase):
    def setUp(self):
        report = self.report("II.5", "th-snnmt")
        self.report_ = save_report(self.nnmt_reporter, report, report.version, {"results": "Đã làm"}, [
            OutputInput(kind="ke_hoach", number="12/KH-SNNMT", upload=("Kế hoạch 12.pdf", PDF))])
        self.evidence = Evidence.objects.get()

    def test_the_file_is_stored_outside_static_files_under_a_name_nobody_typed(self):
        path = Path(self.evidence.file.path)
        self.assertTrue(path.is_relative_to(Path(settings.MEDIA_ROOT)))
        self.assertFalse(path.is_relative_to(Path(settings.STATIC_ROOT)))
        self.assertNotIn("Kế", path.name)
        self.assertEqual(path.read_bytes(), PDF)

    def test_the_body_and_the_coordinator_download_it_and_others_do_not(self):
        url = f"/reporting/evidence/{self.evidence.pk}/"
        for persona in ("nnmt_reporter", "nnmt_approver", "coordinator"):
            with self.subTest(persona):
                response = self.signed_in(persona).get(url)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(b"".join(response.streaming_content), PDF)
                self.assertEqual(response["Content-Type"], "application/pdf")
                self.assertIn("attachment", response["Content-Disposition"])
        for persona in ("yte_reporter", "commune", "viewer"):
            with self.subTest(persona):
                self.assertEqual(self.signed_in(persona).get(url).status_code, 404)
        self.client.logout()
        self.assertEqual(self.client.get(url).status_code, 302)

    def test_a_bad_file_in_the_form_is_refused_and_nothing_changes(self):
        report = self.fresh(self.report_)
        response = self.signed_in("nnmt_reporter").post(f"/reporting/reports/{report.pk}/", {
            "version": report.version, "status": "on_track", "results": "Đổi", "out-TOTAL_FORMS": "1",
            "out-INITIAL_FORMS": "0", "out-0-kind": "ke_hoach", "out-0-number": "13/KH",
            "out-0-file": SimpleUploadedFile("script.pdf", b"#!/bin/sh\nrm -rf /\n")})
        self.assertContains(response, "script.pdf", status_code=400)
        after = self.fresh(report)
        self.assertEqual((after.version, after.results), (report.version, "Đã làm"))
        self.assertEqual(Evidence.objects.count(), 1)

    def test_saving_again_keeps_the_attached_file(self):
        report = self.fresh(self.report_)
        response = self.signed_in("nnmt_reporter").post(f"/reporting/reports/{report.pk}/", {
            "version": report.version, "status": "on_track", "results": "Đã làm thêm", "out-TOTAL_FORMS": "1",
            "out-INITIAL_FORMS": "1", "out-0-kind": "ke_hoach", "out-0-number": "12/KH-SNNMT",
            "out-0-evidence_id": str(self.evidence.pk)})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.fresh(report).outputs.get().evidence, self.evidence)
