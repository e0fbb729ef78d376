"""Files the public gets: published report files, served as attachments; never uploaded evidence."""

from django.core.files.base import ContentFile

from tests.portal.states import PortalTestCase
from xanh.core.services import SYSTEM
from xanh.documents.models import ReportFile
from xanh.organizations.services import create_user
from xanh.reporting.models import Evidence, TaskReport
from xanh.reporting.services import OutputInput, accept, approve, save_report, set_cycle_publication, submit

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class PublicFilesTests(PortalTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()

        def built(cycle, name, public):
            return ReportFile.objects.create(cycle=cycle, kind="annual", format="docx", name=name, size=5,
                                             sha256="0" * 64, is_public=public,
                                             file=ContentFile(b"PK\x03\x04x", name=name))

        cls.published = built(cls.cycle, "Báo cáo năm 2026.docx", True)
        cls.unpublished = built(cls.cycle, "Dự thảo.docx", False)
        cls.of_hidden_cycle = built(cls.older, "Báo cáo năm 2025.docx", True)

    def test_a_published_file_downloads_as_an_attachment_that_is_never_sniffed(self):
        response = self.client.get(f"/portal/files/{self.published.pk}/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(b"".join(response.streaming_content), b"PK\x03\x04x")
        self.assertEqual(response["Content-Type"], DOCX_TYPE)
        self.assertIn("attachment", response["Content-Disposition"])
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")

    def test_the_cycle_page_lists_only_the_published_file(self):
        response = self.client.get(f"/portal/cycles/{self.cycle.pk}/")
        self.assertContains(response, f'href="/portal/files/{self.published.pk}/"')
        self.assertNotContains(response, "Dự thảo.docx")

    def test_an_unpublished_file_or_a_file_of_an_unpublished_cycle_is_404_even_for_the_coordinator(self):
        for persona in ("anonymous", "coordinator"):
            for item in (self.unpublished, self.of_hidden_cycle):
                with self.subTest(persona=persona, file=item.name):
                    self.client.logout()
                    if persona != "anonymous":
                        self.client.force_login(self.users[persona])
                    self.assertEqual(self.client.get(f"/portal/files/{item.pk}/").status_code, 404)


class EvidenceIsNotPublicTests(PortalTestCase):
    """Uploaded evidence may be internal: since the portal, the public gets none (it follows Output.url)."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        report = (TaskReport.objects.filter(cycle=cls.cycle, organization__code="th-snnmt", state="draft")
                  .order_by("-pk").first())
        report = save_report(cls.nnmt_reporter, report, report.version, {"status": "behind", "results": "Có tệp"},
                             [OutputInput(kind="ke_hoach", number="7/KH", upload=("Kế hoạch 7.pdf", PDF))])
        report = submit(cls.nnmt_reporter, report, report.version)
        report = approve(cls.nnmt_approver, report, report.version)
        cls.accepted = accept(cls.coordinator, report, report.version)
        cls.evidence = Evidence.objects.get()
        cls.outsider, _password = create_user(SYSTEM, "outsider", password="a-Long-test-pass-2026")

    def test_nobody_outside_the_bodies_gets_the_file_of_a_published_accepted_report(self):
        self.assertTrue(self.cycle.is_public)
        for user in (self.anonymous, self.outsider):
            with self.subTest(user=str(user)):
                self.assertFalse(Evidence.objects.restrict(user, "view").exists())
        self.assertEqual(self.client.get(f"/reporting/evidence/{self.evidence.pk}/").status_code, 302)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(f"/reporting/evidence/{self.evidence.pk}/").status_code, 404)

    def test_members_who_read_the_report_still_get_it(self):
        for persona in ("nnmt_reporter", "coordinator", "viewer", "yte_reporter"):
            with self.subTest(persona):
                self.assertEqual(self.signed_in(persona).get(f"/reporting/evidence/{self.evidence.pk}/").status_code,
                                 200)

    def test_the_portal_never_links_to_evidence(self):
        for url in (f"/portal/cycles/{self.cycle.pk}/", f"/portal/tasks/{self.accepted.task_id}/",
                    f"/open/cycles/{self.cycle.pk}/outputs.json"):
            with self.subTest(url):
                body = self.client.get(url).content.decode()
                self.assertIn("7/KH", body)
                self.assertNotIn("/reporting/evidence/", body)
                self.assertNotIn("Kế hoạch 7.pdf", body)

    def test_unpublishing_the_cycle_keeps_it_from_the_other_bodies_too(self):
        cycle = set_cycle_publication(SYSTEM, self.cycle, self.cycle.version, False)
        self.assertFalse(cycle.is_public)
        self.assertEqual(self.signed_in("yte_reporter").get(f"/reporting/evidence/{self.evidence.pk}/").status_code,
                         404)
