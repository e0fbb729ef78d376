"""Use case: from a bar of the dashboard, the coordinator or leadership opens the tasks behind it —
filtered by consolidated status, theme, body and delivery of the reports — and goes on to each task
of the plan and, for the coordinator, to its reports. A filter the list does not know is refused
with a 400 that says which, never silently ignored (the list would look filtered and be complete)."""

from datetime import timedelta

from tests.reporting.test_dashboard import Counts, SeasonTestCase
from xanh.core import clock
from xanh.reporting.models import TaskReport


class CycleTaskListTest(SeasonTestCase):
    def tasks(self, query="", persona="coordinator", status_code=200):
        page = self.signed_in(persona).get(f"/reporting/cycles/{self.cycle.pk}/tasks/{query}")
        self.assertEqual(page.status_code, status_code, page.content[:300])
        return page

    def refs(self, page) -> set[str]:
        ids = Counts(page.content.decode()).rows
        self.assertEqual(len(ids), len(set(ids)))
        return set(self.plan.tasks.filter(pk__in=ids).values_list("ref", flat=True))

    def with_status(self, *statuses) -> set[str]:
        found = self.consolidated()
        return set(self.plan.tasks.filter(pk__in=[k for k, v in found.items() if v in statuses])
                   .values_list("ref", flat=True))

    def test_it_lets_the_coordinator_and_leadership_in_and_keeps_others_out(self):
        self.tasks(persona="coordinator")
        self.tasks(persona="viewer")
        for persona in ("nnmt_reporter", "yte_reporter", "commune"):
            self.tasks(persona=persona, status_code=403)
        self.client.logout()
        page = self.client.get(f"/reporting/cycles/{self.cycle.pk}/tasks/")
        self.assertEqual(page.status_code, 302)
        self.assertIn("login", page["Location"])

    def test_without_filters_it_lists_every_task_of_the_cycle_once(self):
        expected = set(self.plan.tasks.filter(reports__cycle=self.cycle).values_list("ref", flat=True))
        self.assertEqual(self.refs(self.tasks()), expected)

    def test_the_status_filter_returns_exactly_the_tasks_with_that_consolidated_status(self):
        self.assertEqual(self.refs(self.tasks("?status=behind")), {"V.2"})
        self.assertEqual(self.refs(self.tasks("?status=recurring")), {"I.1"})
        self.assertEqual(self.refs(self.tasks("?status=done")), {"V.1"})
        self.assertEqual(self.refs(self.tasks("?status=in_progress")), {"I.1", "VIII.10.1"})
        self.assertEqual(self.refs(self.tasks("?status=no_report")), self.with_status("no_report"))
        self.assertEqual(self.refs(self.tasks("?status=overdue")), {"V.2", "II.4"})
        waiting = set(self.plan.tasks.filter(awaits_guidance=True, reports__cycle=self.cycle)
                      .values_list("ref", flat=True))
        self.assertEqual(self.refs(self.tasks("?status=conditional")), waiting)

    def test_after_the_province_deadline_tasks_without_an_accepted_report_are_overdue_too(self):
        with clock.frozen_at(self.cycle.deadline_end + timedelta(days=40)):
            page = self.tasks("?status=overdue")
        self.assertEqual(self.refs(page), self.with_status("behind", "not_started", "no_report"))

    def test_the_theme_filter_takes_in_the_sub_themes(self):
        viii = self.plan.themes.get(code="VIII")
        expected = set(self.plan.tasks.filter(reports__cycle=self.cycle, theme__parent=viii)
                       .values_list("ref", flat=True))
        self.assertTrue(expected)
        self.assertEqual(self.refs(self.tasks(f"?theme={viii.pk}")), expected)
        self.assertEqual(self.refs(self.tasks(f"?theme={viii.pk}&status=in_progress")), {"VIII.10.1"})
        sub = self.plan.themes.get(code="VIII.10")
        in_sub = set(self.plan.tasks.filter(reports__cycle=self.cycle, theme=sub).values_list("ref", flat=True))
        self.assertEqual(self.refs(self.tasks(f"?theme={sub.pk}&status=no_report")), in_sub - {"VIII.10.1"})
        self.assertIn("VIII.10.3", in_sub)  # approved, not yet accepted: no accepted report

    def test_the_body_filter_returns_the_tasks_the_body_reports_on_with_its_report_only(self):
        expected = set(TaskReport.objects.filter(cycle=self.cycle, organization__code="th-syt")
                       .values_list("task__ref", flat=True))
        page = self.tasks("?body=th-syt")
        self.assertEqual(self.refs(page), expected)
        self.assertEqual(self.refs(self.tasks("?body=th-syt&delivery=late")), {"VIII.10.1", "I.1"})
        self.assertEqual(self.refs(self.tasks("?body=th-syt&delivery=on_time")), {"VIII.10.2", "VIII.10.3"})
        self.assertEqual(self.refs(self.tasks("?body=th-syt&delivery=missing")),
                         expected - {"VIII.10.1", "VIII.10.3", "I.1"})
        self.assertEqual(self.refs(self.tasks("?body=th-snnmt&status=not_started")), {"II.4"})
        i1 = TaskReport.objects.get(cycle=self.cycle, task__ref="I.1", organization__code="th-syt")
        self.assertContains(page, f'href="/reporting/reports/{i1.pk}/"')
        other = TaskReport.objects.get(cycle=self.cycle, task__ref="I.1", organization__code="th-snnmt")
        self.assertNotContains(page, f'href="/reporting/reports/{other.pk}/"')

    def test_a_filter_it_does_not_know_is_refused_with_a_400_and_no_rows(self):
        other_plan_theme = 10 ** 6
        for query, value in (("?status=finished", "finished"), ("?delivery=soon", "soon"),
                             (f"?theme={other_plan_theme}", str(other_plan_theme)), ("?theme=VIII", "VIII"),
                             ("?body=th-nowhere", "th-nowhere")):
            page = self.tasks(query, status_code=400)
            self.assertEqual(Counts(page.content.decode()).rows, [], query)
            self.assertContains(page, value, status_code=400)

    def test_each_task_links_to_its_plan_page_and_for_the_coordinator_to_its_reports(self):
        task = self.task("V.1")
        report = TaskReport.objects.get(cycle=self.cycle, task=task)
        coordinator = self.tasks("?status=done")
        self.assertContains(coordinator, f'href="/plans/tasks/{task.pk}/"')
        self.assertContains(coordinator, f'href="/reporting/reports/{report.pk}/"')
        self.assertContains(coordinator, f'href="/reporting/cycles/{self.cycle.pk}/expected/?q=V.1"')
        leadership = self.tasks("?status=done", persona="viewer")
        self.assertContains(leadership, f'href="/plans/tasks/{task.pk}/"')
        self.assertNotContains(leadership, "/reporting/reports/")
        self.assertEqual(self.signed_in("viewer").get(f"/plans/tasks/{task.pk}/").status_code, 200)

    def test_a_cycle_the_person_cannot_see_is_not_found(self):
        from xanh.core.services import SYSTEM
        from xanh.reporting import services

        preparing = services.open_cycle(SYSTEM, self.plan, year=2027)
        self.tasks(persona="coordinator")
        page = self.signed_in("viewer").get(f"/reporting/cycles/{preparing.pk}/tasks/")
        self.assertEqual(page.status_code, 404)
