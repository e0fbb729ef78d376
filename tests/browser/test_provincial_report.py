"""In Debian's Chromium: the coordinator opens the cycle's provincial report, rewrites a section with a
figure in it (saved in place by htmx), downloads the DOCX and finds the section with the figure filled
in; then issues and publishes the files, and a citizen, not signed in, finds the published cycle and
its report on the public portal.

Selectors use URLs, form actions, names and ids, never translated text.
"""

import io
import re

from django.urls import reverse
from docx import Document

from tests.browser.chromium import ChromiumTestCase
from tests.personas import PASSWORD, PERSONAS, SEED, load_registry, seed_bytes
from xanh.core.services import SYSTEM
from xanh.documents.models import ReportFile, ReportSection
from xanh.organizations.models import Organization
from xanh.organizations.services import create_user
from xanh.plans.services import import_plan, set_plan_visibility
from xanh.reporting.enums import CycleKind, ImplementationStatus
from xanh.reporting.models import TaskReport
from xanh.reporting.services import (
    accept,
    approve,
    notify_bodies,
    open_cycle,
    save_report,
    set_cycle_publication,
    submit,
)

THEME = "- Nhiệm vụ II.7: đã hoàn thành việc theo dõi, đánh giá năm {{nam}}."
TEXT = "Năm {{nam}}, tỉnh đã hoàn thành {{hoan_thanh}} trên tổng số {{tong_nhiem_vu}} nhiệm vụ được theo dõi."


class ProvincialReportBrowserTest(ChromiumTestCase):
    def setUp(self):
        load_registry()
        code, role = PERSONAS["coordinator"]
        create_user(SYSTEM, "coordinator", organization=Organization.objects.get(code=code), role=role,
                    password=PASSWORD)
        outcome = import_plan(SYSTEM, seed_bytes(), SEED.name, activate=True)
        set_plan_visibility(SYSTEM, outcome.plan, outcome.plan.version, True)
        cycle = open_cycle(SYSTEM, outcome.plan, year=2026, kind=CycleKind.ANNUAL)
        cycle = notify_bodies(SYSTEM, cycle, cycle.version)
        for ref, code, status in (("II.7", "th-stc", ImplementationStatus.DONE_ON_TIME),
                                  ("I.1", "th-snnmt", ImplementationStatus.ON_TRACK)):
            report = TaskReport.objects.get(cycle=cycle, task__ref=ref, organization__code=code)
            report = save_report(SYSTEM, report, report.version, {"status": status, "results": f"Kết quả {ref}."})
            report = submit(SYSTEM, report, report.version)
            if report.state == "submitted":
                report = approve(SYSTEM, report, report.version)
            accept(SYSTEM, report, report.version)
        cycle.refresh_from_db()
        self.cycle = set_cycle_publication(SYSTEM, cycle, cycle.version, True)
        self.contexts = []

    def tearDown(self):
        for context in self.contexts:
            context.close()

    def url(self, name, *args) -> str:
        return self.live_server_url + reverse(name, args=args)

    def window(self):
        context = self.browser.new_context(locale="vi-VN", accept_downloads=True)
        self.contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20000)
        return page

    def sign_in(self, page, username):
        page.goto(self.url("reporting:cycle", self.cycle.pk))
        page.wait_for_url(re.compile(r"/accounts/login/\?next="))
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        with page.expect_navigation():
            page.click("button[type=submit]")

    def test_the_coordinator_edits_builds_downloads_and_publishes_and_the_public_sees_it(self):
        page = self.window()
        self.sign_in(page, "coordinator")
        page.locator(f"a[href='{reverse('documents:default', args=[self.cycle.pk])}']").click()
        page.wait_for_url(f"**{reverse('documents:document', args=[self.cycle.pk, 'annual'])}")

        section = page.locator("#section-overview")
        section.locator("textarea[name=text]").fill(TEXT)
        url_before = page.url
        section.locator("form[hx-post] button[type=submit]").first.click()
        page.wait_for_selector("#section-overview .badge.info")   # the "edited" badge of the swapped section
        self.assertEqual(page.url, url_before)
        self.assertEqual(ReportSection.objects.get(cycle=self.cycle, key="overview").text, TEXT)

        theme = page.locator("#section-theme-II")   # keys such as "theme:II" must give usable ids
        theme.locator("textarea[name=text]").fill(THEME)
        theme.locator("form[hx-post] button[type=submit]").first.click()
        page.wait_for_selector("#section-theme-II .badge.info")
        self.assertEqual(ReportSection.objects.get(cycle=self.cycle, key="theme:II").text, THEME)

        with page.expect_download() as caught:
            page.locator(f"a[href='{reverse('documents:build', args=[self.cycle.pk, 'annual', 'docx'])}']").click()
        download = caught.value
        self.assertTrue(download.suggested_filename.endswith(".docx"))
        document = Document(io.BytesIO(open(download.path(), "rb").read()))
        text = "\n".join(p.text for p in document.paragraphs)
        tasks = TaskReport.objects.filter(cycle=self.cycle).values("task").distinct().count()
        self.assertIn(f"Năm 2026, tỉnh đã hoàn thành 1 trên tổng số {tasks} nhiệm vụ được theo dõi.", text)
        self.assertIn("- Nhiệm vụ II.7: đã hoàn thành việc theo dõi, đánh giá năm 2026.", text)

        publish = page.locator(f"form[action='{reverse('documents:issue', args=[self.cycle.pk, 'annual'])}']"
                               ":has(input[name=publish])")
        with page.expect_navigation():
            publish.locator("button[type=submit]").click()
        published = ReportFile.objects.filter(cycle=self.cycle, is_public=True, format="docx")
        self.assertEqual(published.count(), 1)

        self.citizen_finds_the_published_cycle(published.get())

    def citizen_finds_the_published_cycle(self, report_file):
        page = self.window()
        page.goto(self.live_server_url + "/portal/")
        page.locator(f"a[href='{PORTAL_CYCLE(self.cycle.pk)}']").first.click()
        page.wait_for_url(f"**{PORTAL_CYCLE(self.cycle.pk)}")
        self.assertIn("II.7", page.content())
        link = page.locator(f"a[href='{PORTAL_FILE(report_file.pk)}']")
        self.assertEqual(link.count(), 1)
        with page.expect_download() as caught:
            link.click()
        self.assertTrue(open(caught.value.path(), "rb").read().startswith(b"PK"))


def PORTAL_CYCLE(pk):  # noqa: N802 - set once the portal's URL names are known
    return reverse("portal:cycle", args=[pk])


def PORTAL_FILE(pk):  # noqa: N802
    return reverse("portal:file", args=[pk])
