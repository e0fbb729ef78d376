"""Use case: the coordinator watches completeness — the cycle page and the API answer in a pinned
number of SQL queries, whatever the number of reports, cycles, plans and provinces loaded."""

from datetime import timedelta

from tests.national import province_plan
from tests.reporting.cycles import CycleTestCase
from xanh.core import clock
from xanh.core.services import SYSTEM
from xanh.reporting import services
from xanh.reporting.models import TaskReport

# Pinned query counts (signed-in coordinator, session). A change here must be deliberate.
# session, user, roles, cycle (with its plan), completeness by body, by theme, reports awaiting review
CYCLE_PAGE = 7
# session, user, roles, cycle, one grouped count
COMPLETENESS_API = 5

FILLED = {"status": "on_track", "results": "Đang triển khai."}


class CompletenessQueryCountTest(CycleTestCase):
    def page(self):
        return f"/reporting/cycles/{self.cycle.pk}/"

    def api(self):
        return f"/api/v1/cycles/{self.cycle.pk}/completeness"

    def deliver(self, report, *, at):
        """Fill and submit as the system (a body without an approver account delivers on submission)."""
        with clock.frozen_at(at):
            report = services.save_report(SYSTEM, report, report.version, FILLED)
            return services.submit(SYSTEM, report, report.version)

    def counts(self) -> dict:
        """The queries of each view, asserted against its pin; the page must show what it counts."""
        client = self.signed_in("coordinator")
        with self.assertNumQueries(CYCLE_PAGE):
            page = client.get(self.page())
        self.assertEqual(page.status_code, 200)
        with self.assertNumQueries(COMPLETENESS_API):
            api = client.get(self.api())
        self.assertEqual(api.status_code, 200, api.content[:300])
        return {"page": page, "rows": api.json()}

    def load_more(self):
        """Reports in every state in this cycle, another Thanh Hóa cycle, another province's plan and cycle."""
        deadline = self.cycle.deadline_end
        reports = list(TaskReport.objects.filter(cycle=self.cycle, organization__code__in=["th-syt", "th-skhcn"])
                       .order_by("pk")[:6])
        for n, report in enumerate(reports):
            report = self.deliver(report, at=deadline + timedelta(days=n - 3))  # on time, then late
            if n == 4:
                services.accept(SYSTEM, report, report.version)
            elif n == 5:
                services.return_report(SYSTEM, report, report.version, "Thiếu số liệu.")
        draft = self.report("I.1", "th-snnmt")
        services.save_report(self.nnmt_reporter, draft, draft.version, FILLED)
        other_year = services.open_cycle(SYSTEM, self.plan, year=2027)
        services.notify_bodies(SYSTEM, other_year, other_year.version)
        _province, other_plan = province_plan(0)
        elsewhere = services.open_cycle(SYSTEM, other_plan, year=2026)
        services.notify_bodies(SYSTEM, elsewhere, elsewhere.version)
        self.assertGreater(elsewhere.reports.count(), 0)

    def test_the_cycle_page_and_the_api_answer_in_their_pinned_queries(self):
        seen = self.counts()
        expected = self.cycle.reports.count()
        self.assertEqual(seen["page"].context["total"].expected, expected)
        self.assertEqual(sum(r["expected"] for r in seen["rows"]), expected)

    def test_the_counts_do_not_grow_with_reports_cycles_plans_and_provinces(self):
        self.counts()
        before = TaskReport.objects.count()
        self.load_more()
        self.assertGreater(TaskReport.objects.count(), 2 * before)
        seen = self.counts()
        page, rows = seen["page"], seen["rows"]
        self.assertEqual(page.context["total"].expected, self.cycle.reports.count())  # this cycle only
        self.assertEqual(len(list(page.context["waiting"])), 4)  # delivered, neither accepted nor returned
        self.assertEqual(sum(r["on_time"] + r["late"] for r in rows), 6)
        self.assertEqual(sum(r["accepted"] for r in rows), 1)
        self.assertEqual(sum(r["returned"] for r in rows), 1)
        for report in page.context["waiting"]:
            self.assertContains(page, f'href="/reporting/reports/{report.pk}/"')
