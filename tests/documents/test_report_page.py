"""The provincial report page: who sees it, editing a section in place, building a file, a fixed query count."""

from django.test import Client
from django.urls import reverse

from tests.reporting.cycles import CycleTestCase
from xanh.core.services import SYSTEM
from xanh.documents.models import ReportSection
from xanh.plans.enums import ProductKind
from xanh.reporting.enums import ImplementationStatus
from xanh.reporting.models import TaskReport
from xanh.reporting.services import OutputInput, accept, approve, save_report, submit


class ReportPageTests(CycleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for ref, code in (("II.7", "th-stc"), ("I.1", "th-snnmt")):
            cls.deliver(ref, code)

    @classmethod
    def deliver(cls, ref, code, outputs=1):
        report = TaskReport.objects.get(cycle=cls.cycle, task__ref=ref, organization__code=code)
        items = [OutputInput(kind=ProductKind.PLAN, number=f"{n + 1}/KH-X", title=f"Kế hoạch {n}")
                 for n in range(outputs)]
        report = save_report(SYSTEM, report, report.version, {"status": ImplementationStatus.ON_TRACK,
                                                              "results": "Kết quả <b>đậm</b>."}, items)
        report = submit(SYSTEM, report, report.version)
        if report.state == "submitted":
            report = approve(SYSTEM, report, report.version)
        return accept(SYSTEM, report, report.version)

    def url(self, kind="annual"):
        return reverse("documents:document", args=[self.cycle.pk, kind])

    def test_the_coordinator_and_leadership_read_it_and_others_do_not(self):
        expected = {"coordinator": 200, "viewer": 200, "nnmt_reporter": 403, "nnmt_approver": 403,
                    "yte_reporter": 403, "commune": 403}
        for persona, status in expected.items():
            with self.subTest(persona=persona):
                response = self.signed_in(persona).get(self.url())
                self.assertEqual(response.status_code, status)
        response = Client().get(self.url())
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("login"), response["Location"])

    def test_only_the_coordinator_gets_the_editing_forms(self):
        self.assertContains(self.signed_in("coordinator").get(self.url()), "<textarea", count=None)
        self.assertNotContains(self.signed_in("viewer").get(self.url()), "<textarea")

    def test_imported_text_is_shown_as_text(self):
        response = self.signed_in("coordinator").get(self.url())
        self.assertContains(response, "Kết quả &lt;b&gt;đậm&lt;/b&gt;")
        self.assertNotContains(response, "<b>đậm</b>")

    def test_saving_a_section_in_place_returns_the_section_with_its_figures(self):
        client = self.signed_in("coordinator")
        response = client.post(reverse("documents:section", args=[self.cycle.pk, "annual", "overview"]),
                               {"text": "Đã hoàn thành {{hoan_thanh}} nhiệm vụ; {{dung_tien_do}} đúng tiến độ.",
                                "version": 0}, HTTP_HX_REQUEST="true")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'id="section-overview"')
        self.assertContains(response, "Đã hoàn thành 0 nhiệm vụ; 2 đúng tiến độ.")
        self.assertEqual(ReportSection.objects.get(key="overview").version, 1)

    def test_a_refused_save_keeps_what_was_typed_and_changes_nothing(self):
        client = self.signed_in("coordinator")
        response = client.post(reverse("documents:section", args=[self.cycle.pk, "annual", "overview"]),
                               {"text": "Sai {{khong_co}}", "version": 0}, HTTP_HX_REQUEST="true")
        self.assertContains(response, "{{khong_co}}", status_code=200)
        self.assertContains(response, 'role="alert"')
        self.assertFalse(ReportSection.objects.exists())

    def test_leadership_cannot_save_a_section(self):
        response = self.signed_in("viewer").post(
            reverse("documents:section", args=[self.cycle.pk, "annual", "overview"]), {"text": "x", "version": 0})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(ReportSection.objects.exists())

    def test_the_docx_downloads_as_an_attachment(self):
        response = self.signed_in("viewer").get(reverse("documents:build", args=[self.cycle.pk, "annual", "docx"]))
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment;", response["Content-Disposition"])
        self.assertTrue(response.content.startswith(b"PK"))

    def test_an_unknown_kind_or_format_is_not_found(self):
        client = self.signed_in("coordinator")
        self.assertEqual(client.get(self.url("weekly")).status_code, 404)
        self.assertEqual(client.get(reverse("documents:build", args=[self.cycle.pk, "annual", "odt"])).status_code,
                         404)

    def test_the_page_costs_the_same_queries_with_more_reports_and_outputs(self):
        client = self.signed_in("coordinator")
        client.get(self.url())
        with self.assertNumQueries(QUERIES) as first:
            client.get(self.url())
        self.deliver("I.1", "th-syt", outputs=3)
        self.deliver("II.4", "th-snnmt", outputs=2)
        with self.assertNumQueries(len(first.captured_queries)):
            client.get(self.url())


QUERIES = 18


class ReportPageWithoutJavaScriptTests(ReportPageTests.__base__):
    """A form posted without htmx: a refusal shows the page again with the text as typed."""

    def test_a_refused_save_shows_the_page_with_the_typed_text_and_the_reason(self):
        url = reverse("documents:section", args=[self.cycle.pk, "annual", "theme:II"])
        response = self.signed_in("coordinator").post(url, {"text": "Văn bản {{khong_co}} của tôi", "version": 0})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Văn bản {{khong_co}} của tôi", status_code=400)
        self.assertContains(response, 'id="section-theme-II"', status_code=400)
        self.assertContains(response, 'role="alert"', status_code=400)
        self.assertFalse(ReportSection.objects.exists())

    def test_a_saved_theme_section_takes_the_coordinator_back_to_it(self):
        url = reverse("documents:section", args=[self.cycle.pk, "annual", "theme:II"])
        response = self.signed_in("coordinator").post(url, {"text": "Chủ đề II: {{hoan_thanh}}.", "version": 0})
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].endswith("#section-theme-II"))
        self.assertEqual(ReportSection.objects.get().key, "theme:II")
