"""The report page with the indicator panel reads in a fixed number of queries, however many indicators
measure the task and values were filed."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.indicators.report_values import ReportValueTestCase
from xanh.core.services import SYSTEM
from xanh.indicators.enums import Framework, ValueKind
from xanh.indicators.services import create_indicator, record_observation, set_indicator_links

REPORT_PAGE = 21   # 17 for the report, 4 for the panel: indicators, latest and filed values, the body's writers


class ReportValueQueryCountTests(ReportValueTestCase):
    def count(self) -> int:
        client = self.signed_in("nnmt_reporter")
        url = reverse("reporting:report", args=[self.own().pk])
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(client.get(url).status_code, 200)
        return len(queries)

    def test_the_report_page_query_count_does_not_grow_with_indicators_or_values(self):
        self.file(kind=ValueKind.ESTIMATE)
        self.assertEqual(self.count(), REPORT_PAGE)
        task = self.plan.tasks.get(ref="VIII.5.3")
        for code in ("T-A", "T-B"):
            indicator = create_indicator(SYSTEM, framework=Framework.OTHER, code=code, name=code, unit="ha")
            set_indicator_links(SYSTEM, indicator, tasks=[task])
            record_observation(SYSTEM, indicator, self.province, 2024, Decimal(1))
            record_observation(self.nnmt_reporter, indicator, self.province, 2026, Decimal(2), report=self.own())
        self.file(year=2027)
        self.assertEqual(self.count(), REPORT_PAGE)
