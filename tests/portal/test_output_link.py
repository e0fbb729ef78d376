"""An output's public link: kept from the form and the API, shown as a link, only http(s)."""

from tests.portal.states import PortalTestCase, output_marker
from tests.reporting.cycles import CycleTestCase
from xanh.core.errors import ServiceError
from xanh.reporting.services import OutputInput, save_report

BAD = ["javascript:alert(1)", "data:text/html,<b>x</b>", "ftp://example.org/a.pdf", "example org", "vbscript:x"]


class OutputLinkTests(CycleTestCase):
    def draft(self):
        return self.report("II.5", "th-snnmt")

    def test_the_service_refuses_anything_but_a_web_address(self):
        for url in BAD:
            with self.subTest(url):
                report = self.fresh(self.draft())
                with self.assertRaises(ServiceError) as caught:
                    save_report(self.nnmt_reporter, report, report.version, {"results": "x"},
                                [OutputInput(kind="ke_hoach", number="1/KH", url=url)])
                self.assertEqual(caught.exception.field, "outputs")
                self.assertEqual(self.fresh(report).version, report.version)

    def test_the_form_keeps_a_link_and_refuses_a_script(self):
        report = self.draft()
        client = self.signed_in("nnmt_reporter")
        form = {"version": report.version, "status": "on_track", "results": "Đã làm", "out-TOTAL_FORMS": "1",
                "out-INITIAL_FORMS": "0", "out-0-kind": "ke_hoach", "out-0-number": "12/KH"}
        response = client.post(f"/reporting/reports/{report.pk}/", {**form, "out-0-url": "javascript:alert(1)"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.fresh(report).outputs.count(), 0)
        response = client.post(f"/reporting/reports/{report.pk}/", {**form, "out-0-url": "https://vb.example.org/12"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.fresh(report).outputs.get().url, "https://vb.example.org/12")
        page = client.get(f"/reporting/reports/{report.pk}/")
        self.assertContains(page, 'value="https://vb.example.org/12"')

    def test_the_api_keeps_a_link_and_refuses_a_script(self):
        report = self.draft()
        self.client.force_login(self.nnmt_reporter)
        url = f"/api/v1/reports/{report.pk}"
        body = {"version": report.version, "outputs": [{"kind": "ke_hoach", "number": "1/KH",
                                                        "url": "javascript:alert(1)"}]}
        response = self.client.patch(url, body, content_type="application/json")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["field"], "outputs")
        body["outputs"][0]["url"] = "https://vb.example.org/1"
        response = self.client.patch(url, body, content_type="application/json")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["outputs"][0]["url"], "https://vb.example.org/1")


class OutputLinkOnThePortalTests(PortalTestCase):
    def test_the_portal_links_to_the_public_document_without_passing_the_referrer_on_to_scripts(self):
        link = f"https://example.org/van-ban/{output_marker('accepted-published')}"
        for url in (f"/portal/cycles/{self.cycle.pk}/", f"/portal/tasks/{self.task_of('accepted-published').pk}/"):
            with self.subTest(url):
                self.assertContains(self.client.get(url), f'<a href="{link}" rel="noopener nofollow">')

    def test_a_link_stored_without_http_is_not_made_a_link(self):
        output = self.reports["accepted-published"].outputs.get()
        type(output).objects.filter(pk=output.pk).update(url="javascript:alert(1)")  # as if written around the service
        response = self.client.get(f"/portal/cycles/{self.cycle.pk}/")
        self.assertNotContains(response, "javascript:")
