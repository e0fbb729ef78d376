"""Use case: the dashboard and the task lists behind it answer in a pinned number of SQL queries,
whatever the number of reports, outputs, cycles, plans and provinces loaded."""

from datetime import timedelta

from tests.national import province_plan
from tests.reporting.test_dashboard import Counts, SeasonTestCase
from xanh.core.services import SYSTEM
from xanh.reporting import services
from xanh.reporting.models import Output, TaskReport

# Pinned query counts (signed-in coordinator, session). A change here must be deliberate.
# session, user, roles; the cycles offered (with plan and province); cycle progress: expected rows, tasks,
# accepted reports, bodies missing; the registry for the ministries' successors (4); completeness by body;
# on time per annual cycle
DASHBOARD = 14
# session, user, roles, cycle; cycle progress (4); the expected reports with their bodies
TASK_LIST = 9
# …plus the theme and the body the filters name
TASK_LIST_FILTERED = 11


class DashboardQueryCountTest(SeasonTestCase):
    def counts(self) -> dict:
        client = self.signed_in("coordinator")
        with self.assertNumQueries(DASHBOARD):
            board = client.get(f"/reporting/dashboard/?cycle={self.cycle.pk}")
        self.assertEqual(board.status_code, 200)
        base = f"/reporting/cycles/{self.cycle.pk}/tasks/"
        with self.assertNumQueries(TASK_LIST):
            everything = client.get(base)
        self.assertEqual(everything.status_code, 200)
        viii = self.plan.themes.get(code="VIII").pk
        with self.assertNumQueries(TASK_LIST_FILTERED):
            filtered = client.get(f"{base}?theme={viii}&body=th-syt&status=no_report&delivery=undelivered")
        self.assertEqual(filtered.status_code, 200)
        return {"board": board.context["board"], "all": len(Counts(everything.content.decode()).rows),
                "filtered": len(Counts(filtered.content.decode()).rows)}

    def load_more(self):
        """Accepted reports with outputs in this cycle, two more annual cycles, another province's plan."""
        deadline = self.cycle.deadline_end
        outputs = [services.OutputInput(kind="bao_cao", number=f"{n}/BC-SYT", title="Báo cáo") for n in range(3)]
        for n, report in enumerate(TaskReport.objects.filter(cycle=self.cycle, organization__code="th-xp-14797")
                                   .order_by("pk")[:6]):
            report = services.save_report(SYSTEM, report, report.version, {"status": "on_track", "results": "Có."},
                                          outputs=outputs)
            self.deliver(report.task.ref, "th-xp-14797", "behind" if n % 2 else "recurring",
                         deadline + timedelta(days=n - 3), "accept")
        for year in (2025, 2027):
            cycle = services.open_cycle(SYSTEM, self.plan, year=year)
            cycle = services.notify_bodies(SYSTEM, cycle, cycle.version)
            self.deliver("V.1", "th-skhcn", "on_track", cycle.deadline_end, "accept", cycle=cycle)
        _province, other_plan = province_plan(0)
        elsewhere = services.open_cycle(SYSTEM, other_plan, year=2026)
        services.notify_bodies(SYSTEM, elsewhere, elsewhere.version)

    def test_the_dashboard_and_the_task_lists_answer_in_their_pinned_queries(self):
        seen = self.counts()
        self.assertEqual(seen["board"].summary["expected"], self.cycle.reports.count())
        self.assertGreater(seen["all"], seen["filtered"])
        self.assertGreater(seen["filtered"], 0)

    def test_the_counts_do_not_grow_with_reports_outputs_cycles_plans_and_provinces(self):
        before = self.counts()
        reports, outputs = TaskReport.objects.count(), Output.objects.count()
        self.load_more()
        self.assertGreater(TaskReport.objects.count(), 2 * reports)
        self.assertGreaterEqual(Output.objects.count(), outputs + 18)
        after = self.counts()
        self.assertEqual(len(after["board"].years), 3)
        self.assertEqual(after["board"].summary["expected"], self.cycle.reports.count())  # this cycle only
        self.assertEqual(after["board"].progress.accepted, before["board"].progress.accepted + 6)
