"""In Debian's Chromium: Sở NN&MT's reporter, halfway through writing the report on task VIII.5.3, files the
year's estimate of the indicator measuring the task in the panel below the form — the panel is swapped in
place, and what was typed in the report stays; the reporter withdraws the value, then saves the draft.

Selectors use URLs, ids, names and data attributes, never translated text.
"""

import re
from decimal import Decimal

from django.urls import reverse

from tests.browser.chromium import ChromiumTestCase
from tests.personas import PASSWORD, PERSONAS, SEED, load_registry, seed_bytes
from xanh.core.services import SYSTEM
from xanh.indicators.enums import Framework, ValueKind
from xanh.indicators.models import Observation
from xanh.indicators.services import create_indicator, record_observation, set_indicator_links
from xanh.organizations.models import Organization
from xanh.organizations.services import create_user
from xanh.plans.services import import_plan, set_plan_visibility
from xanh.reporting.enums import CycleKind
from xanh.reporting.models import TaskReport
from xanh.reporting.services import notify_bodies, open_cycle


class ReportValuesBrowserTest(ChromiumTestCase):
    def setUp(self):
        load_registry()
        code, role = PERSONAS["nnmt_reporter"]
        create_user(SYSTEM, "reporter", organization=Organization.objects.get(code=code), role=role,
                    password=PASSWORD)
        outcome = import_plan(SYSTEM, seed_bytes(), SEED.name, activate=True)
        plan = set_plan_visibility(SYSTEM, outcome.plan, outcome.plan.version, True)
        cycle = open_cycle(SYSTEM, plan, year=2026, kind=CycleKind.ANNUAL)
        cycle = notify_bodies(SYSTEM, cycle, cycle.version)
        self.report = TaskReport.objects.get(cycle=cycle, task__ref="VIII.5.3", organization__code=code)
        self.planted = create_indicator(SYSTEM, framework=Framework.PLAN, code="B-PLANT", name="Rừng trồng mới",
                                        unit="ha", minimum=Decimal(0))
        set_indicator_links(SYSTEM, self.planted, tasks=[plan.tasks.get(ref="VIII.5.3")])
        record_observation(SYSTEM, self.planted, plan.province, 2025, Decimal(9600))
        self.context = self.browser.new_context(locale="vi-VN")

    def tearDown(self):
        self.context.close()

    def test_the_reporter_files_and_withdraws_a_value_without_losing_the_report_being_written(self):
        page = self.context.new_page()
        page.set_default_timeout(20000)
        url = self.live_server_url + reverse("reporting:report", args=[self.report.pk])
        page.goto(url)
        page.wait_for_url(re.compile(r"/accounts/login/\?next="))
        page.fill("#id_username", "reporter")
        page.fill("#id_password", PASSWORD)
        with page.expect_navigation():
            page.click("button[type=submit]")
        page.wait_for_url(url)

        page.fill("#id_results", "Đã trồng mới khoảng 10.500 ha rừng tập trung.")
        self.assertEqual(page.input_value("#id_value-year"), "2026")
        page.fill("#id_value-value", "10.500")
        page.fill("#id_value-source", "Ước tính của Sở")
        page.click("#report-value-form button[type=submit]")
        page.wait_for_selector("#report-values .filed-value")
        filed = Observation.objects.get(report=self.report)
        self.assertEqual((filed.value, filed.kind, filed.year), (Decimal(10500), ValueKind.ESTIMATE, 2026))
        self.assertEqual(page.url, url)   # swapped in place: no page load
        self.assertEqual(page.input_value("#id_results"), "Đã trồng mới khoảng 10.500 ha rừng tập trung.")
        self.assertIn("10.500", page.inner_text(f"#filed-{filed.pk}"))

        page.click(f"#filed-{filed.pk} button[type=submit]")
        page.wait_for_selector(f"#filed-{filed.pk}", state="detached")
        self.assertFalse(Observation.objects.filter(pk=filed.pk).exists())
        self.assertEqual(page.input_value("#id_results"), "Đã trồng mới khoảng 10.500 ha rừng tập trung.")

        with page.expect_navigation():
            page.click("#report-form button[name=then][value=save]")
        self.report.refresh_from_db()
        self.assertEqual(self.report.results, "Đã trồng mới khoảng 10.500 ha rừng tập trung.")
