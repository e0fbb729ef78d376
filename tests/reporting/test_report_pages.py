"""The pages an officer works in: the body's list with quick entry, the report form, last year, history."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.reporting.cycles import CycleTestCase
from xanh.core.services import SYSTEM
from xanh.reporting.enums import ReportState
from xanh.reporting.models import TaskReport
from xanh.reporting.services import accept, approve, close_cycle, notify_bodies, open_cycle, save_report, submit


class BodyPageTests(CycleTestCase):
    def test_the_reporter_sees_every_task_of_the_body_and_no_other(self):
        response = self.signed_in("nnmt_reporter").get(f"/reporting/cycles/{self.cycle.pk}/bodies/th-snnmt/")
        rows = response.context["rows"]
        self.assertEqual(len(rows), self.cycle.reports.filter(organization__code="th-snnmt").count())
        self.assertEqual({r.organization.code for r in rows}, {"th-snnmt"})
        self.assertContains(response, "II.4")

    def test_quick_entry_saves_one_row_and_returns_it_for_htmx(self):
        report = self.report("II.5", "th-snnmt")
        response = self.signed_in("nnmt_reporter").post(
            f"/reporting/reports/{report.pk}/", {"quick": "1", "version": report.version, "status": "behind",
                                                 "progress": "20", "results": "Chậm do thiếu kinh phí"},
            HTTP_HX_REQUEST="true")
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "reporting/_body_row.html")
        report = self.fresh(report)
        self.assertEqual((report.status, report.progress, report.results), ("behind", 20, "Chậm do thiếu kinh phí"))

    def test_quick_entry_with_a_bad_progress_keeps_the_row_and_says_why(self):
        report = self.report("II.5", "th-snnmt")
        response = self.signed_in("nnmt_reporter").post(
            f"/reporting/reports/{report.pk}/", {"quick": "1", "version": report.version, "progress": "150"},
            HTTP_HX_REQUEST="true")
        self.assertEqual(response.status_code, 200, "htmx swaps only 2xx answers: errors come back in the row")
        self.assertContains(response, "errorlist")
        self.assertNotContains(response, 'class="saved"')
        self.assertEqual(self.fresh(report).version, report.version)

    def test_element_ids_and_hidden_values_are_never_written_with_thousands_separators(self):
        report = self.cycle.reports.filter(organization__code="th-xp-14797").order_by("-pk").first()
        self.assertGreater(report.pk, 999)
        page = self.signed_in("commune").get(f"/reporting/cycles/{self.cycle.pk}/bodies/th-xp-14797/")
        self.assertContains(page, f'id="report-{report.pk}"')
        self.assertContains(page, f'hx-target="#report-{report.pk}"')

    def test_submit_every_filled_in_report_at_once_then_approve_them_all(self):
        for ref in ("II.5", "II.6"):
            report = self.report(ref, "th-snnmt")
            save_report(self.nnmt_reporter, report, report.version, {"status": "on_track", "results": "Đã làm"})
        url = f"/reporting/cycles/{self.cycle.pk}/bodies/th-snnmt/"
        self.signed_in("nnmt_reporter").post(url, {"action": "submit_ready"})
        states = TaskReport.objects.filter(cycle=self.cycle, organization__code="th-snnmt", updated_at__isnull=False)
        self.assertEqual(set(states.values_list("state", flat=True)), {ReportState.SUBMITTED})
        self.assertEqual(self.signed_in("nnmt_reporter").post(url, {"action": "approve_all"}).status_code, 403)
        self.signed_in("nnmt_approver").post(url, {"action": "approve_all"})
        self.assertEqual(set(states.values_list("state", flat=True)), {ReportState.APPROVED})


class ReportFormTests(CycleTestCase):
    def test_the_form_saves_fields_and_outputs_and_can_submit_in_one_go(self):
        report = self.report("II.5", "th-snnmt")
        response = self.signed_in("nnmt_reporter").post(f"/reporting/reports/{report.pk}/", {
            "version": report.version, "status": "done_on_time", "results": "Đã ban hành", "budget_used": "1.250.000",
            "difficulties": "", "proposals": "Bố trí kinh phí", "is_estimate": "on",
            "out-TOTAL_FORMS": "2", "out-INITIAL_FORMS": "0", "out-0-kind": "ke_hoach", "out-0-number": "123/KH-UBND",
            "out-0-date": "05/03/2026", "out-0-issuer": "UBND tỉnh", "out-0-title": "Kế hoạch thực hiện",
            "then": "submit"})
        self.assertEqual(response.status_code, 302)
        report = self.fresh(report)
        self.assertEqual((report.state, report.progress, report.budget_used, report.is_estimate),
                         (ReportState.SUBMITTED, 100, 1250000, True))
        output = report.outputs.get()
        self.assertEqual((output.kind, output.number, output.date.isoformat(), output.issuer),
                         ("ke_hoach", "123/KH-UBND", "2026-03-05", "UBND tỉnh"))
        page = self.client.get(f"/reporting/reports/{report.pk}/")
        self.assertContains(page, "123/KH-UBND")
        self.assertContains(page, "05/03/2026")
        self.assertContains(page, "1.250.000")

    def test_text_an_officer_typed_is_never_rendered_as_html(self):
        report = self.report("II.5", "th-snnmt")
        save_report(self.nnmt_reporter, report, report.version, {"results": "<script>alert(1)</script>"})
        page = self.signed_in("coordinator").get(f"/reporting/reports/{report.pk}/")
        self.assertNotContains(page, "<script>alert(1)</script>")
        self.assertContains(page, "&lt;script&gt;")

    def test_the_page_shows_the_history_of_the_report(self):
        report = self.report("II.5", "th-snnmt")
        report = save_report(self.nnmt_reporter, report, report.version, {"status": "on_track", "results": "x"})
        submit(self.nnmt_reporter, report, report.version)
        page = self.signed_in("nnmt_approver").get(f"/reporting/reports/{report.pk}/")
        self.assertEqual([e.action for e in page.context["history"]], ["report.save", "report.submit"])
        self.assertContains(page, "Đã nộp, chờ lãnh đạo đơn vị phê duyệt")
        self.assertNotContains(page, "report.submit")
        self.assertTrue(page.context["actions"]["approve"])

    def test_the_conditional_task_names_the_ministry_and_its_successor(self):
        report = self.cycle.reports.filter(task__awaits_guidance=True, task__guidance_from__isnull=False).first()
        code = report.organization.code
        member = self.users["nnmt_reporter"] if code == "th-snnmt" else self.users["coordinator"]
        self.client.force_login(member)
        page = self.client.get(f"/reporting/reports/{report.pk}/")
        self.assertContains(page, report.task.guidance_from_as_written)


class LastYearTests(CycleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cycle = open_cycle(SYSTEM, cls.plan, year=2025)
        cycle = notify_bodies(SYSTEM, cycle, cycle.version)
        report = cycle.reports.get(task__ref="II.5", organization__code="th-snnmt")
        report = save_report(SYSTEM, report, report.version, {"status": "on_track", "progress": 50,
                                                              "results": "Năm 2025 đã làm một nửa"})
        for step in (submit, approve, accept):
            report = step(SYSTEM, report, report.version)
        close_cycle(SYSTEM, cycle, cycle.version)
        cls.last_year = report

    def test_last_years_report_is_shown_beside_the_form_and_carried_forward(self):
        report = self.report("II.5", "th-snnmt")
        client = self.signed_in("nnmt_reporter")
        page = client.get(f"/reporting/reports/{report.pk}/")
        self.assertEqual(page.context["previous"], self.last_year)
        self.assertContains(page, "Năm 2025 đã làm một nửa")
        client.post(f"/reporting/reports/{report.pk}/do/carry_forward/", {"version": report.version,
                                                                          "source": self.last_year.pk})
        report = self.fresh(report)
        self.assertEqual((report.results, report.progress, report.carried_from_id),
                         ("Năm 2025 đã làm một nửa", 50, self.last_year.pk))
        self.assertEqual(report.state, ReportState.DRAFT)


class QueryCountTests(CycleTestCase):
    """Pages cost a fixed number of queries, whatever the number of reports."""

    PAGES = {
        "home": ("nnmt_reporter", "/reporting/", 7),
        "body": ("nnmt_reporter", "/reporting/cycles/{cycle}/bodies/th-snnmt/", 20),
        "report": ("nnmt_reporter", "/reporting/reports/{report}/", 18),   # with the indicators measuring the task
        "cycle": ("coordinator", "/reporting/cycles/{cycle}/", 7),
    }

    def test_each_page_runs_a_pinned_number_of_queries(self):
        self.assert_counts(self.report("II.5", "th-snnmt"))

    def test_the_counts_do_not_grow_with_outputs_history_and_delivered_reports(self):
        from xanh.reporting.services import OutputInput

        reports = list(self.cycle.reports.filter(organization__code="th-snnmt").exclude(task__ref="II.5")[:8])
        for n, report in enumerate([self.report("II.5", "th-snnmt"), *reports]):
            report = save_report(SYSTEM, report, report.version, {"status": "on_track", "results": f"r{n}"},
                                 [OutputInput(kind="ke_hoach", number=f"{n}/KH"), OutputInput(kind="bao_cao",
                                                                                             number=f"{n}/BC")])
            if n:
                report = submit(SYSTEM, report, report.version)
                approve(SYSTEM, report, report.version)
        self.assert_counts(self.report("II.5", "th-snnmt"))

    def assert_counts(self, report):
        for name, (persona, url, expected) in self.PAGES.items():
            with self.subTest(name):
                client = self.signed_in(persona)
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(url.format(cycle=self.cycle.pk, report=report.pk))
                self.assertEqual(response.status_code, 200)
                self.assertEqual(len(queries), expected, "\n".join(q["sql"][:150] for q in queries))
