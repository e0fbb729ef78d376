"""`xanh demo` leaves a living season: a closed 2025 cycle and an open 2026 cycle with reports in every state."""

from django.test import TestCase

from xanh.demo import load_demo
from xanh.reporting.enums import CycleState, ReportState
from xanh.reporting.models import Cycle, TaskReport


class DemoSeasonTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.lines = load_demo(with_users=True)

    def test_the_2026_annual_cycle_is_open_with_reports_in_every_state(self):
        cycle = Cycle.objects.get(year=2026, kind="annual")
        self.assertEqual(cycle.state, CycleState.OPEN)
        states = set(cycle.reports.values_list("state", flat=True))
        self.assertEqual(states, set(ReportState.values))
        delivered = cycle.reports.filter(delivered_at__isnull=False)
        on_time = [r for r in delivered.select_related("cycle") if r.on_time]
        self.assertTrue(0 < len(on_time) < delivered.count(), "some on time, some late")

    def test_last_years_cycle_is_closed_and_published_with_accepted_reports(self):
        cycle = Cycle.objects.get(year=2025, kind="annual")
        self.assertEqual((cycle.state, cycle.is_public), (CycleState.CLOSED, True))
        self.assertTrue(cycle.reports.filter(state=ReportState.ACCEPTED, organization__code="th-snnmt").exists())

    def test_every_narrative_says_it_is_demo_data(self):
        written = TaskReport.objects.exclude(results="")
        self.assertTrue(written.exists())
        self.assertFalse(written.exclude(results__startswith="[Dữ liệu minh họa]").exists())

    def test_running_the_demo_again_adds_no_second_season(self):
        before = TaskReport.objects.count()
        load_demo(with_users=False)
        self.assertEqual(TaskReport.objects.count(), before)
        self.assertEqual(Cycle.objects.count(), 2)

    def test_the_work_was_done_by_the_demo_accounts(self):
        from xanh.core.models import AuditEvent

        actors = set(AuditEvent.objects.filter(action__startswith="report.").values_list("actor_name", flat=True))
        self.assertTrue({"nnmt.baocao", "nnmt.duyet", "dieuphoi"} <= actors)

    def test_the_2026_cycle_has_enough_accepted_reports_for_a_meaningful_provincial_report(self):
        from xanh.documents.builders import build
        from xanh.documents.content import build_content

        cycle = Cycle.objects.get(year=2026, kind="annual")
        content = build_content(None, cycle)
        reported = [t for t in content.progress.tasks if t.accepted]
        self.assertGreater(len(reported), 0.6 * content.progress.task_count)
        self.assertTrue(any(t.outputs for t in reported), "some accepted reports list documents issued")
        self.assertTrue(build(None, cycle, "annual", "docx").data.startswith(b"PK"))
