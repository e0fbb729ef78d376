"""Use case: filter the tasks by theme, by body (own or inherited), by year and time frame,
by whether they wait for central guidance."""

from datetime import date

from tests.personas import PlanTestCase
from xanh.plans.queries import TaskFilter, tasks

TODAY = date(2026, 11, 24)


class TaskFilterTest(PlanTestCase):
    def refs(self, **kwargs):
        return [t.ref for t in tasks(self.coordinator, self.plan, TaskFilter(on=TODAY, **kwargs))]

    def test_a_theme_with_sub_themes_includes_their_tasks(self):
        self.assertEqual(len(self.refs(theme="VIII")), 49)  # 84 minus the 35 of I–VII
        self.assertEqual(self.refs(theme="VIII.10"), ["VIII.10.1", "VIII.10.2", "VIII.10.3", "VIII.10.4"])

    def test_a_merged_department_carries_its_predecessors_tasks(self):
        carried = set(self.refs(organization="th-snnmt", role="lead"))
        named_old = set(self.refs(organization="th-stnmt", mode="named", role="lead")) | set(
            self.refs(organization="th-snnptnt", mode="named", role="lead"))
        self.assertTrue(named_old)
        self.assertTrue(named_old <= carried)
        self.assertIn("I.1", carried)  # through "Các sở, ban ngành cấp tỉnh"
        self.assertEqual(self.refs(organization="th-snnmt", mode="named"), [])

    def test_what_a_body_carried_depends_on_the_date(self):
        before = [t.ref for t in tasks(self.coordinator, self.plan,
                                       TaskFilter(organization="th-snnmt", role="lead", on=date(2024, 1, 1)))]
        self.assertNotIn("II.4", before)
        self.assertIn("II.4", self.refs(organization="th-snnmt", role="lead"))

    def test_a_commune_carries_the_district_tasks(self):
        commune = set(self.refs(organization="th-xp-14797", role="lead"))
        self.assertIn("VIII.8.6", commune)
        self.assertIn("VIII.3.7", commune)

    def test_by_year_and_by_time_frame(self):
        self.assertNotIn("II.1", self.refs(year=2026))
        self.assertIn("II.1", self.refs(year=2023))
        self.assertEqual(self.refs(time_frame="2025 - 2026"), ["VIII.6.2"])
        self.assertIn("VIII.8.5", self.refs(year=2030))

    def test_conditional_or_not(self):
        waiting = self.refs(conditional="yes")
        self.assertEqual(len(waiting), 15)
        self.assertEqual(len(self.refs(conditional="no")), 84 - 15)

    def test_filters_combine(self):
        self.assertEqual(self.refs(organization="th-snnmt", conditional="yes", role="lead", theme="II"),
                         ["II.4", "II.5", "II.6"])

    def test_tasks_assigned_to_a_group_as_written(self):
        self.assertIn("VIII.8.6", self.refs(group="th-ubnd-cap-huyen", role="lead"))
        self.assertNotIn("II.4", self.refs(group="th-ubnd-cap-huyen", role="lead"))
