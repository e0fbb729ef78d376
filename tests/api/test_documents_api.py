"""The provincial report through the API: data and files for coordinators and leadership only."""

import io

from django.test import Client
from docx import Document

from tests.reporting.cycles import CycleTestCase
from xanh.core.services import SYSTEM
from xanh.documents import services
from xanh.reporting.enums import ImplementationStatus
from xanh.reporting.models import TaskReport
from xanh.reporting.services import accept, save_report, submit


class DocumentsApiTests(CycleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        report = TaskReport.objects.get(cycle=cls.cycle, task__ref="II.7", organization__code="th-stc")
        report = save_report(SYSTEM, report, report.version, {"status": ImplementationStatus.DONE_ON_TIME,
                                                              "results": "Đã hoàn thành."})
        report = submit(SYSTEM, report, report.version)
        accept(SYSTEM, report, report.version)

    def url(self, kind="annual", suffix=""):
        return f"/api/v1/cycles/{self.cycle.pk}/documents/{kind}{suffix}"

    def test_the_document_as_data_has_figures_sections_and_every_task(self):
        services.save_section(self.users["coordinator"], self.cycle, "annual", "overview", "{{hoan_thanh}} xong.", 0)
        body = self.signed_in("viewer").get(self.url()).json()
        self.assertEqual(body["figures"]["hoan_thanh"], "1")
        overview = next(s for s in body["sections"] if s["key"] == "overview")
        self.assertEqual((overview["text"], overview["edited"]), ("1 xong.", True))
        tasks = TaskReport.objects.filter(cycle=self.cycle).values("task").distinct().count()
        self.assertEqual(len(body["tasks"]), tasks)
        self.assertEqual(next(t for t in body["tasks"] if t["ref"] == "II.7")["status"], "done_on_time")

    def test_the_file_comes_as_docx_by_default(self):
        response = self.signed_in("coordinator").get(self.url(suffix="/file"))
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment;", response["Content-Disposition"])
        document = Document(io.BytesIO(response.content))
        text = "\n".join(p.text for p in document.paragraphs)
        text += "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
        self.assertIn("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", text)

    def test_reporters_are_refused_and_the_public_must_sign_in(self):
        self.assertEqual(self.signed_in("nnmt_reporter").get(self.url()).status_code, 403)
        self.assertEqual(self.signed_in("commune").get(self.url(suffix="/file")).status_code, 403)
        self.assertEqual(Client().get(self.url()).status_code, 401)

    def test_an_unknown_kind_or_cycle_is_not_found(self):
        client = self.signed_in("coordinator")
        self.assertEqual(client.get(self.url("weekly")).status_code, 404)
        self.assertEqual(client.get("/api/v1/cycles/9999/documents/annual").status_code, 404)
