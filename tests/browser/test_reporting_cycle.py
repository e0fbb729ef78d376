"""In Debian's Chromium, one reporting season end to end: a reporter of Sở Nông nghiệp và Môi trường
fills two tasks (one by quick entry on the body's page, one through the full form with an output)
and submits them; the body's approver approves; the coordinator returns one with a reason; the
reporter fixes and resubmits it; the approver approves it again; the coordinator accepts both; the
league table shows the body's two reports on time.

Selectors use URLs, form actions, input names and ids, never translated text, so the test holds in
Vietnamese and in English.
"""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tests.browser.chromium import ChromiumTestCase
from tests.personas import PASSWORD, PERSONAS, SEED, load_registry, seed_bytes
from xanh.core.models import AuditEvent
from xanh.core.services import SYSTEM
from xanh.organizations.models import Organization
from xanh.organizations.services import create_user
from xanh.plans.enums import ProductKind
from xanh.plans.services import import_plan
from xanh.reporting import queries
from xanh.reporting.enums import CycleKind, ImplementationStatus, ReportState
from xanh.reporting.models import TaskReport
from xanh.reporting.services import notify_bodies, open_cycle, update_cycle

BODY = "th-snnmt"
REASON = "Bổ sung số liệu: số lớp tập huấn và số người tham dự."


class ReportingCycleBrowserTest(ChromiumTestCase):
    def setUp(self):
        load_registry()
        for name in ("coordinator", "nnmt_reporter", "nnmt_approver"):
            code, role = PERSONAS[name]
            create_user(SYSTEM, name, organization=Organization.objects.get(code=code), role=role, password=PASSWORD)
        plan = import_plan(SYSTEM, seed_bytes(), SEED.name, activate=True).plan
        cycle = open_cycle(SYSTEM, plan, year=2026, kind=CycleKind.ANNUAL)
        cycle = notify_bodies(SYSTEM, cycle, cycle.version)
        # whatever today is, deliveries made now must count as on time
        today = timezone.localdate()
        self.cycle = update_cycle(SYSTEM, cycle, cycle.version, body_deadline=today + timedelta(days=10),
                                  province_deadline=today + timedelta(days=20))
        # ids of four digits and more, as in any real season: pages must not print them as "1.234"
        mine = (TaskReport.objects.filter(cycle=self.cycle, organization__code=BODY, task__awaits_guidance=False,
                                          pk__gte=1000).order_by("task__theme__order", "task__number"))
        self.quick, self.full = mine[0], mine[1]
        self.contexts = []

    def tearDown(self):
        for context in self.contexts:
            context.close()

    # --- helpers ---------------------------------------------------------------------------------

    def url(self, name, *args) -> str:
        return self.live_server_url + reverse(name, args=args)

    def sign_in(self, username):
        """A browser window of its own for each persona: open Reporting, sign in, land back on it."""
        context = self.browser.new_context(locale="vi-VN")
        self.contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        page.goto(self.url("reporting:home"))
        page.wait_for_url(re.compile(r"/accounts/login/\?next="))
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        with page.expect_navigation():
            page.click("button[type=submit]")
        return page

    def post(self, page, button):
        """Click a button that posts a form and wait for the page it redirects to."""
        with page.expect_navigation():
            page.locator(button).click()

    def open_body_page(self, page):
        """From the top navigation: Reporting (Báo cáo) → the body's card → its reports."""
        page.click(f"nav a[href='{reverse('reporting:home')}']")
        body_url = reverse("reporting:body", args=[self.cycle.pk, BODY])
        page.locator(f"a.button[href='{body_url}']").click()
        page.wait_for_url(f"**{body_url}")

    def open_report(self, page, report):
        page.locator(f"a[href='{reverse('reporting:report', args=[report.pk])}']").first.click()
        page.wait_for_url(f"**{reverse('reporting:report', args=[report.pk])}")

    def action(self, report, name) -> str:
        return reverse("reporting:report_action", args=[report.pk, name])

    def fresh(self, report) -> TaskReport:
        return TaskReport.objects.get(pk=report.pk)

    def actions(self, report) -> list[tuple[str, str]]:
        events = AuditEvent.objects.filter(object_type="reporting.taskreport", object_id=str(report.pk))
        return [(e.action, e.actor_name) for e in events.order_by("at", "id")]

    # --- the season ------------------------------------------------------------------------------

    def test_a_report_is_returned_fixed_resubmitted_and_accepted_on_time(self):
        reporter = self.sign_in("nnmt_reporter")
        self.open_body_page(reporter)

        # task 1: quick entry on the body page, the row swapped in place by htmx
        self.assertEqual(reporter.locator(f"tr[id='report-{self.quick.pk}']").count(), 1,
                         "the row's id (the quick entry's htmx target) must carry the report id unlocalized")
        row = reporter.locator(f"#report-{self.quick.pk}")
        row.locator("details.quick summary").click()
        row.locator("select[name=status]").select_option(ImplementationStatus.ON_TRACK)
        row.locator("input[name=progress]").fill("40")
        row.locator("textarea[name=results]").fill("Đã ban hành kế hoạch triển khai và giao nhiệm vụ cho các phòng.")
        url_before = reporter.url
        row.locator("button[type=submit]").click()
        reporter.wait_for_selector(f"#report-{self.quick.pk}.saved")
        self.assertEqual(reporter.url, url_before)  # no page load: the row was swapped
        quick = self.fresh(self.quick)
        self.assertEqual((quick.state, quick.status, quick.progress), (ReportState.DRAFT, ImplementationStatus.ON_TRACK,
                                                                       40))

        # task 2: the full report form, with an output
        self.open_report(reporter, self.full)
        reporter.select_option("#id_status", ImplementationStatus.DONE_ON_TIME)
        reporter.fill("#id_results", "Đã hoàn thành dự thảo và trình UBND tỉnh ban hành.")
        reporter.fill("#id_difficulties", "Thiếu hướng dẫn chi tiết của Trung ương.")
        reporter.select_option("select[name='out-0-kind']", ProductKind.PLAN)
        reporter.fill("input[name='out-0-number']", "123/KH-SNNMT")
        reporter.fill("input[name='out-0-date']", "10/03/2026")
        reporter.fill("input[name='out-0-issuer']", "Sở Nông nghiệp và Môi trường")
        self.post(reporter, "#report-form button[name=then][value=save]")
        full = self.fresh(self.full)
        self.assertEqual((full.state, full.status, full.progress), (ReportState.DRAFT,
                                                                    ImplementationStatus.DONE_ON_TIME, 100))
        output = full.outputs.get()
        self.assertEqual((output.kind, output.number, output.date.isoformat()),
                         (ProductKind.PLAN, "123/KH-SNNMT", "2026-03-10"))

        # submit every filled-in report at once, back on the body page through the breadcrumb
        reporter.locator(f".crumbs a[href='{reverse('reporting:body', args=[self.cycle.pk, BODY])}']").click()
        reporter.wait_for_url(f"**{reverse('reporting:body', args=[self.cycle.pk, BODY])}")
        self.post(reporter, "form:has(input[name=action][value=submit_ready]) button[type=submit]")
        self.assertEqual({self.fresh(r).state for r in (self.quick, self.full)}, {ReportState.SUBMITTED})
        for report in (self.quick, self.full):  # the page shows them submitted (the "info" badge)
            self.assertEqual(reporter.locator(f"#report-{report.pk} .badge.info").count(), 1)

        # the approver approves everything submitted
        approver = self.sign_in("nnmt_approver")
        self.open_body_page(approver)
        self.post(approver, "form:has(input[name=action][value=approve_all]) button[type=submit]")
        for report in (self.quick, self.full):
            report = self.fresh(report)
            self.assertEqual(report.state, ReportState.APPROVED)
            self.assertIsNotNone(report.delivered_at)
        first_delivery = self.fresh(self.full).delivered_at

        # the coordinator returns the full report from its page, saying why
        coordinator = self.sign_in("coordinator")
        coordinator.click(f"nav a[href='{reverse('reporting:home')}']")
        coordinator.locator(f"a[href='{reverse('reporting:cycle', args=[self.cycle.pk])}']").click()
        coordinator.wait_for_url(f"**{reverse('reporting:cycle', args=[self.cycle.pk])}")
        self.open_report(coordinator, self.full)  # from "awaiting your review"
        back = coordinator.locator(f"form[action='{self.action(self.full, 'return')}']")
        back.locator("input[name=reason]").fill(REASON)
        with coordinator.expect_navigation():
            back.locator("button[type=submit]").click()
        full = self.fresh(self.full)
        self.assertEqual((full.state, full.return_reason), (ReportState.RETURNED, REASON))

        # the reporter sees the reason on the body page and on the report, fixes and resubmits
        reporter.goto(self.url("reporting:body", self.cycle.pk, BODY))
        self.assertIn(REASON, reporter.inner_text(f"#report-{self.full.pk}"))
        self.open_report(reporter, self.full)
        self.assertIn(REASON, reporter.inner_text(".problems"))
        reporter.fill("#id_results", "Đã hoàn thành dự thảo và trình UBND tỉnh ban hành; tổ chức 03 lớp tập huấn "
                                     "cho 180 lượt cán bộ.")
        self.post(reporter, "#report-form button[name=then][value=submit]")
        full = self.fresh(self.full)
        self.assertEqual(full.state, ReportState.SUBMITTED)
        self.assertIn("180 lượt", full.results)
        self.assertEqual(full.outputs.get().number, "123/KH-SNNMT")  # the output stayed as it was

        # the approver approves it from the report page (the link the notification mail carries)
        approver.goto(self.url("reporting:report", self.full.pk))
        self.post(approver, f"form[action='{self.action(self.full, 'approve')}'] button[type=submit]")
        full = self.fresh(self.full)
        self.assertEqual(full.state, ReportState.APPROVED)
        self.assertEqual(full.delivered_at, first_delivery)  # timeliness counts the first delivery

        # the coordinator accepts both: one from "awaiting your review", one from its own address
        coordinator.goto(self.url("reporting:cycle", self.cycle.pk))
        self.open_report(coordinator, self.quick)
        self.post(coordinator, f"form[action='{self.action(self.quick, 'accept')}'] button[type=submit]")
        coordinator.goto(self.url("reporting:report", self.full.pk))
        self.post(coordinator, f"form[action='{self.action(self.full, 'accept')}'] button[type=submit]")
        for report in (self.quick, self.full):
            self.assertEqual(self.fresh(report).state, ReportState.ACCEPTED)
        self.assertEqual(coordinator.locator(".task-text dd .badge.ok").count(), 1)  # delivered on time

        # the league table: the body's two reports accepted, both on time, none late
        coordinator.goto(self.url("reporting:cycle", self.cycle.pk))
        body_link = reverse("reporting:body", args=[self.cycle.pk, BODY])
        cells = coordinator.locator(f"table.league tr:has(a[href='{body_link}']) td").all_inner_texts()
        header = ["#", "body", "expected", "draft", "submitted", "approved", "accepted", "returned", "missing",
                  "on_time", "late", "share"]
        league = dict(zip(header, [c.strip() for c in cells], strict=True))
        expected = TaskReport.objects.filter(cycle=self.cycle, organization__code=BODY).count()
        self.assertEqual((league["expected"], league["accepted"], league["returned"], league["on_time"],
                          league["late"]), (str(expected), "2", "0", "2", "0"))
        self.assertEqual(league["missing"], str(expected - 2))

        # the same from the database
        row = next(c for c in queries.completeness_by_body(None, self.fresh(self.full).cycle)
                   if c.extra["code"] == BODY)
        self.assertEqual((row.accepted, row.on_time, row.late, row.missing), (2, 2, 0, expected - 2))
        for report in (self.quick, self.full):
            report = self.fresh(report)
            self.assertTrue(report.on_time)
            self.assertEqual(report.return_reason, "")
        self.assertEqual([a for a, _who in self.actions(self.quick)],
                         ["report.save", "report.submit", "report.approve", "report.accept"])
        self.assertEqual(self.actions(self.full), [
            ("report.save", "nnmt_reporter"), ("report.submit", "nnmt_reporter"), ("report.approve", "nnmt_approver"),
            ("report.return", "coordinator"), ("report.save", "nnmt_reporter"), ("report.submit", "nnmt_reporter"),
            ("report.approve", "nnmt_approver"), ("report.accept", "coordinator")])
        returned = AuditEvent.objects.get(object_type="reporting.taskreport", object_id=str(self.full.pk),
                                          action="report.return")
        self.assertEqual(returned.reason, REASON)
        # the report's history on its page shows the return with its reason
        coordinator.goto(self.url("reporting:report", self.full.pk))
        self.assertIn(REASON, coordinator.inner_text("body"))
