"""Opening a cycle computes the expected reports from the plan and the registry as of its date."""

from datetime import date

from tests.personas import PlanTestCase
from xanh.core.errors import PermissionDenied, ServiceError
from xanh.core.models import AuditEvent
from xanh.core.services import SYSTEM
from xanh.plans.enums import PlanState
from xanh.plans.services import set_plan_state
from xanh.reporting.enums import CycleKind, CycleState, ImplementationStatus
from xanh.reporting.models import Contribution, TaskReport
from xanh.reporting.services import add_expected, open_cycle, refresh_expected, remove_expected, save_report


class OpenCycleTests(PlanTestCase):
    def expected(self, cycle, ref):
        return set(TaskReport.objects.filter(cycle=cycle, task__ref=ref).values_list("organization__code", flat=True))

    def test_it_uses_the_plans_deadlines_and_the_decree_09_data_period_by_default(self):
        cycle = open_cycle(self.coordinator, self.plan, year=2026)
        self.assertEqual((cycle.period_start, cycle.period_end), (date(2025, 12, 15), date(2026, 12, 14)))
        self.assertEqual((cycle.body_deadline, cycle.province_deadline), (date(2026, 11, 15), date(2026, 12, 10)))
        self.assertEqual(cycle.reference_date, date(2026, 11, 15))
        self.assertEqual(cycle.state, CycleState.PREPARING)

    def test_a_midterm_review_covers_the_plan_from_its_first_year(self):
        cycle = open_cycle(self.coordinator, self.plan, year=2025, kind=CycleKind.MIDTERM)
        self.assertEqual(cycle.period_start, date(self.plan.period_start - 1, 12, 15))

    def test_a_task_given_to_a_merged_department_is_expected_from_its_successor(self):
        cycle = open_cycle(self.coordinator, self.plan, year=2026)
        self.assertEqual(self.expected(cycle, "II.4"), {"th-snnmt"})
        report = TaskReport.objects.get(cycle=cycle, task__ref="II.4")
        self.assertEqual(report.origin["as_written"], "Sở Tài nguyên và Môi trường")
        self.assertEqual(report.origin["via"][0]["date"], "2025-03-01")

    def test_before_the_mergers_the_department_named_in_the_plan_reports(self):
        cycle = open_cycle(self.coordinator, self.plan, year=2024)
        self.assertEqual(self.expected(cycle, "II.4"), {"th-stnmt"})

    def test_a_task_of_the_district_committees_goes_to_the_communes_after_july_2025(self):
        cycle = open_cycle(self.coordinator, self.plan, year=2026)
        led_by_districts = [t for t in self.plan.tasks.prefetch_related("assignments__group")
                            if [a.as_written for a in t.assignments.all() if a.role == "lead"]
                            and all(a.group and "huyện" in a.group.name
                                    for a in t.assignments.all() if a.role == "lead")]
        self.assertTrue(led_by_districts)
        task = led_by_districts[0]
        kinds = list(TaskReport.objects.filter(cycle=cycle, task=task).values_list("organization__kind", flat=True))
        self.assertEqual((set(kinds), len(kinds)), ({"commune_pc"}, 166))
        earlier = open_cycle(self.coordinator, self.plan, year=2024)
        kinds = set(TaskReport.objects.filter(cycle=earlier, task=task).values_list("organization__kind", flat=True))
        self.assertEqual(kinds, {"district_pc"})

    def test_conditional_tasks_start_as_waiting_for_central_guidance(self):
        cycle = open_cycle(self.coordinator, self.plan, year=2026)
        conditional = TaskReport.objects.filter(cycle=cycle, task__awaits_guidance=True)
        self.assertTrue(conditional.exists())
        self.assertEqual(set(conditional.values_list("status", flat=True)), {ImplementationStatus.AWAITING_GUIDANCE})
        self.assertEqual(set(TaskReport.objects.filter(cycle=cycle, task__awaits_guidance=False)
                             .values_list("status", flat=True)), {""})

    def test_tasks_outside_their_time_frame_are_not_expected(self):
        cycle = open_cycle(self.coordinator, self.plan, year=2026)
        ended = self.plan.tasks.filter(end_year__lt=2026).first()
        if ended is not None:
            self.assertFalse(TaskReport.objects.filter(cycle=cycle, task=ended).exists())
        active = self.plan.tasks.filter(start_year__lte=2026, end_year__gte=2026).values_list("pk", flat=True)
        reported = set(TaskReport.objects.filter(cycle=cycle).values_list("task_id", flat=True))
        self.assertTrue(reported <= set(active) | set(self.plan.tasks.filter(start_year__isnull=True)
                                                      .values_list("pk", flat=True)))

    def test_bodies_named_as_coordinating_are_invited_to_contribute(self):
        cycle = open_cycle(self.coordinator, self.plan, year=2026)
        invited = set(Contribution.objects.filter(cycle=cycle, task__ref="V.5")
                      .values_list("organization__code", flat=True))
        self.assertIn("th-skhcn", invited)

    def test_only_the_coordinator_opens_a_cycle(self):
        for persona in ("nnmt_reporter", "nnmt_approver", "viewer"):
            with self.subTest(persona), self.assertRaises(PermissionDenied):
                open_cycle(self.users[persona], self.plan, year=2026)
        self.assertFalse(TaskReport.objects.exists())

    def test_a_second_annual_cycle_for_the_same_year_is_refused(self):
        open_cycle(self.coordinator, self.plan, year=2026)
        with self.assertRaisesMessage(ServiceError, "2026"):
            open_cycle(self.coordinator, self.plan, year=2026)
        open_cycle(self.coordinator, self.plan, year=2026, kind=CycleKind.ADHOC, title="Báo cáo đột xuất")
        open_cycle(self.coordinator, self.plan, year=2026, kind=CycleKind.ADHOC, title="Báo cáo đột xuất 2")

    def test_a_cycle_cannot_be_opened_on_a_plan_not_in_force(self):
        plan = set_plan_state(SYSTEM, self.plan, self.plan.version, PlanState.CLOSED)
        with self.assertRaises(ServiceError):
            open_cycle(self.coordinator, plan, year=2026)

    def test_deadlines_in_the_wrong_order_are_refused_and_nothing_is_written(self):
        with self.assertRaises(ServiceError) as caught:
            open_cycle(self.coordinator, self.plan, year=2026, body_deadline=date(2026, 12, 20))
        self.assertEqual(caught.exception.field, "body_deadline")
        self.assertFalse(TaskReport.objects.exists())

    def test_opening_is_audited_with_the_count_of_expected_reports(self):
        cycle = open_cycle(self.coordinator, self.plan, year=2026)
        event = AuditEvent.objects.get(action="cycle.open")
        self.assertEqual(event.actor, self.coordinator)
        self.assertEqual(event.after["expected_reports"], cycle.reports.count())


class AdjustExpectedTests(PlanTestCase):
    def setUp(self):
        self.cycle = open_cycle(self.coordinator, self.plan, year=2026)

    def test_the_coordinator_asks_one_more_body_and_withdraws_it_again(self):
        task = self.task("II.4")
        report = add_expected(self.coordinator, self.cycle, task, self.org("th-syt"))
        self.assertEqual(report.origin["added_by"], "coordinator")
        with self.assertRaises(ServiceError):
            add_expected(self.coordinator, self.cycle, task, self.org("th-syt"))
        remove_expected(self.coordinator, report, "nhầm")
        self.assertFalse(TaskReport.objects.filter(pk=report.pk).exists())
        self.assertTrue(AuditEvent.objects.filter(action="cycle.remove_expected", reason="nhầm").exists())

    def test_a_body_that_no_longer_exists_cannot_be_asked(self):
        with self.assertRaises(ServiceError) as caught:
            add_expected(self.coordinator, self.cycle, self.task("II.4"), self.org("th-stnmt"))
        self.assertEqual(caught.exception.field, "organization")

    def test_a_started_report_cannot_be_withdrawn(self):
        from xanh.reporting.services import notify_bodies

        cycle = notify_bodies(self.coordinator, self.cycle, self.cycle.version)
        report = TaskReport.objects.get(cycle=cycle, task__ref="II.4")
        save_report(self.nnmt_reporter, report, report.version, {"results": "Đã làm"})
        with self.assertRaises(ServiceError):
            remove_expected(self.coordinator, report)

    def test_recomputing_keeps_what_the_coordinator_added_and_restores_what_was_withdrawn(self):
        added = add_expected(self.coordinator, self.cycle, self.task("II.4"), self.org("th-syt"))
        original = TaskReport.objects.get(cycle=self.cycle, task__ref="II.4", organization__code="th-snnmt")
        remove_expected(self.coordinator, original)
        self.cycle.refresh_from_db()
        result = refresh_expected(self.coordinator, self.cycle, self.cycle.version)
        self.assertEqual(result, {"added": 1, "dropped": 0})
        self.assertTrue(TaskReport.objects.filter(pk=added.pk).exists())
        self.assertTrue(TaskReport.objects.filter(cycle=self.cycle, task__ref="II.4",
                                                  organization__code="th-snnmt").exists())
