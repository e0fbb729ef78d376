"""Who may download a body's workbook and who may upload it back."""

from django.core.exceptions import PermissionDenied

from tests.reporting.offline import BODY, OfflineTestCase
from xanh.core.services import SYSTEM
from xanh.reporting import offline
from xanh.reporting.enums import CycleKind
from xanh.reporting.models import Cycle
from xanh.reporting.services import close_cycle, open_cycle


class AccessTests(OfflineTestCase):
    def setUp(self):
        self.data = self.save(self.download())
        self.before = self.state_of_body()

    def filled(self) -> bytes:
        book = self.download()
        self.fill(book, "I.1", progress=25)
        return self.save(book)

    def test_a_reporter_of_another_body_can_neither_download_nor_upload(self):
        for persona in ("yte_reporter", "commune", "viewer"):
            client = self.signed_in(persona)
            self.assertEqual(client.get(self.url()).status_code, 404, persona)
            self.assertEqual(client.get(self.url() + "/upload/").status_code, 404, persona)
            self.assertEqual(self.upload(self.filled(), persona=persona).status_code, 404, persona)
        self.assertEqual(self.state_of_body(), self.before)
        with self.assertRaises(PermissionDenied):
            offline.export_body_xlsx(self.yte_reporter, self.cycle, self.org(BODY))
        with self.assertRaises(PermissionDenied):
            offline.import_body_xlsx(self.yte_reporter, self.cycle, self.org(BODY), "bao-cao.xlsx", self.filled())
        self.assertEqual(self.state_of_body(), self.before)

    def test_the_coordinator_downloads_any_body_but_cannot_upload_for_it(self):
        client = self.signed_in("coordinator")
        self.assertEqual(client.get(self.url()).status_code, 200)
        self.assertEqual(self.upload(self.filled(), persona="coordinator").status_code, 403)
        self.assertEqual(self.state_of_body(), self.before)

    def test_a_member_who_does_not_write_reports_downloads_but_cannot_upload(self):
        url = self.url("th-ubnd")
        self.assertEqual(self.signed_in("viewer").get(url).status_code, 200)
        self.assertEqual(self.upload(self.data, persona="viewer", code="th-ubnd").status_code, 403)

    def test_the_bodys_approver_may_upload(self):
        self.assertEqual(self.upload(self.filled(), persona="nnmt_approver").status_code, 302)
        self.assertEqual(self.report("I.1", BODY).progress, 25)
        self.assertEqual(self.report("I.1", BODY).updated_by, self.nnmt_approver)

    def test_anonymous_visitors_are_sent_to_sign_in(self):
        self.client.logout()
        response = self.client.get(self.url())
        self.assertEqual(response.status_code, 302)
        self.assertIn("/login", response["Location"])
        response = self.client.post(self.url(), {})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.state_of_body(), self.before)

    def test_an_unknown_cycle_or_body_or_a_cycle_in_preparation_is_not_found(self):
        preparing = open_cycle(SYSTEM, self.plan, year=2026, kind=CycleKind.ADHOC, title="Đột xuất")
        client = self.signed_in("nnmt_reporter")
        self.assertEqual(client.get(f"/reporting/cycles/999999/bodies/{BODY}/xlsx").status_code, 404)
        self.assertEqual(client.get(f"/reporting/cycles/{self.cycle.pk}/bodies/khong-co/xlsx").status_code, 404)
        self.assertEqual(client.get(self.url(cycle=preparing)).status_code, 404)

    def test_a_closed_cycle_takes_no_upload(self):
        data = self.filled()
        close_cycle(SYSTEM, self.cycle, Cycle.objects.get(pk=self.cycle.pk).version)
        self.before = self.state_of_body()
        response = self.upload(data)
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response.context["form"].non_field_errors())
        self.assertEqual(self.state_of_body(), self.before)

    def test_the_upload_page_offers_the_download_and_the_form_to_those_who_write(self):
        response = self.signed_in("nnmt_reporter").get(self.url() + "/upload/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, f'href="{self.url()}"')
        self.assertContains(response, 'type="file"')
        response = self.signed_in("coordinator").get(self.url() + "/upload/")
        self.assertContains(response, f'href="{self.url()}"')
        self.assertNotContains(response, 'type="file"')
