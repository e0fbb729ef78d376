"""Use case: re-importing the same file changes nothing; an amended plan becomes a new version
that says what changed, without losing the coordinator's corrections."""

from tests.personas import SEED, PlanTestCase, seed_bytes
from xanh.core.models import AuditEvent
from xanh.organizations.models import Alias
from xanh.plans.enums import AssignmentRole
from xanh.plans.models import Assignment, Plan, PlanVersion, Task
from xanh.plans.services import confirm_assignment, correct_assignment, import_plan


def amend(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


class ReimportTest(PlanTestCase):
    def seed_text(self):
        return seed_bytes().decode("utf-8")

    def counts(self):
        return (Plan.objects.count(), PlanVersion.objects.count(), Task.objects.count(), Assignment.objects.count(),
                AuditEvent.objects.count())

    def test_the_same_file_again_changes_nothing_at_all(self):
        before = self.counts()
        outcome = import_plan(self.coordinator, seed_bytes(), SEED.name)
        self.assertTrue(outcome.unchanged)
        self.assertIsNone(outcome.version)
        self.assertEqual(self.counts(), before)

    def test_an_amended_plan_becomes_version_two_listing_each_change(self):
        text = self.seed_text()
        text = amend(text, "Sở Y tế\tCác sở, ban, ngành cấp tỉnh; UBND các huyện, thị xã, thành phố và các đơn vị "
                           "liên quan\t2023 - 2030\tBáo cáo; công văn",
                     "Sở Y tế\tCác sở, ban, ngành cấp tỉnh\t2024 - 2030\tBáo cáo; công văn")
        text = amend(text, "\n2\tTuyên truyền, vận động các doanh nghiệp kinh doanh dịch vụ du lịch",
                     "\n3\tThí điểm du lịch xanh không rác thải nhựa.\tSở Văn hóa, Thể thao và Du lịch\t"
                     "Các đơn vị liên quan\t2026 - 2030\tMô hình; báo cáo\t\n"
                     "2\tTuyên truyền, vận động các doanh nghiệp kinh doanh dịch vụ du lịch")
        outcome = import_plan(self.coordinator, text.encode(), "3825-sua-doi.txt")
        self.assertEqual(outcome.version.seq, 2)
        changes = {(c["op"], c["ref"], c.get("field")) for c in outcome.changes}
        self.assertEqual(changes, {("changed", "VIII.10.4", "coordinating"), ("changed", "VIII.10.4", "time_frame"),
                                   ("added", "VIII.11.3", None)})
        task = self.task("VIII.10.4")
        self.assertEqual((task.start_year, task.time_frame), (2024, "2024 - 2030"))
        self.assertEqual([a.as_written for a in task.assignments.filter(role=AssignmentRole.COORDINATING)],
                         ["Các sở, ban, ngành cấp tỉnh"])
        self.assertEqual(self.task("VIII.11.3").added_in, 2)
        self.assertEqual(self.plan.versions.count(), 2)
        self.assertTrue(AuditEvent.objects.filter(action="plan.amended").exists())

    def test_a_task_the_amendment_drops_is_marked_removed_not_deleted(self):
        text = self.seed_text()
        line = [ln for ln in text.split("\n") if ln.startswith("2\tTuyên truyền, vận động các doanh nghiệp")][0]
        outcome = import_plan(self.coordinator, text.replace("\n" + line, "").encode(), "3825-bo-nhiem-vu.txt")
        self.assertEqual([(c["op"], c["ref"]) for c in outcome.changes], [("removed", "VIII.11.2")])
        task = Task.objects.get(plan=self.plan, ref="VIII.11.2")
        self.assertEqual(task.removed_in, 2)
        self.assertEqual(Task.objects.filter(plan=self.plan, removed_in__isnull=True).count(), 83)

    def test_a_removed_task_that_comes_back_is_current_again(self):
        text = self.seed_text()
        line = [ln for ln in text.split("\n") if ln.startswith("2\tTuyên truyền, vận động các doanh nghiệp")][0]
        import_plan(self.coordinator, text.replace("\n" + line, "").encode(), "v2.txt")
        outcome = import_plan(self.coordinator, seed_bytes(), "v3.txt")
        self.assertEqual([(c["op"], c["ref"]) for c in outcome.changes], [("added", "VIII.11.2")])
        self.assertIsNone(Task.objects.get(plan=self.plan, ref="VIII.11.2").removed_in)
        self.assertEqual(Task.objects.filter(plan=self.plan, removed_in__isnull=True).count(), 84)

    def test_the_same_decision_number_in_another_year_is_another_plan(self):
        text = self.seed_text().replace("ngày 18 tháng 10 năm 2023", "ngày 05 tháng 3 năm 2026", 1).replace(
            "Kế hoạch hành động về tăng trưởng xanh\ntỉnh Thanh Hóa", "Kế hoạch khác hẳn\ntỉnh Thanh Hóa")
        outcome = import_plan(self.coordinator, text.encode(), "2026.txt")
        self.assertTrue(outcome.created)
        self.assertEqual(Plan.objects.filter(number="3825/QĐ-UBND").count(), 2)

    def test_reviewed_resolutions_survive_an_amendment_that_does_not_touch_them(self):
        typo = Assignment.objects.get(task__plan=self.plan, as_written="Sở Nông nghiệp và PTNN")
        correct_assignment(self.coordinator, typo, typo.version, organization=self.org("th-snnptnt"))
        text = amend(self.seed_text(), "Năm 2023\tQuyết định; Kế hoạch", "Năm 2024\tQuyết định; Kế hoạch")
        outcome = import_plan(self.coordinator, text.encode(), "3825-v2.txt")
        self.assertEqual(len(outcome.changes), 1)
        typo = Assignment.objects.get(task__plan=self.plan, as_written="Sở Nông nghiệp và PTNN")
        self.assertIsNotNone(typo.reviewed_at)
        self.assertEqual(typo.confidence, 1.0)

    def test_a_confirmed_spelling_is_remembered_so_the_next_plan_resolves_it_exactly(self):
        front = Assignment.objects.get(task__plan=self.plan, as_written__startswith="Mật trấn")
        confirm_assignment(self.coordinator, front, front.version)
        self.assertTrue(Alias.objects.filter(organization__code="th-mttq", name__startswith="Mật trấn",
                                             kind="typo").exists())
        other = self.seed_text().replace("3825 /QĐ-UBND", "9999 /QĐ-UBND").replace(
            "Kế hoạch hành động về tăng trưởng xanh\ntỉnh Thanh Hóa", "Kế hoạch thử nghiệm\ntỉnh Thanh Hóa")
        outcome = import_plan(self.coordinator, other.encode(), "khac.txt")
        self.assertTrue(outcome.created)
        again = Assignment.objects.get(task__plan=outcome.plan, as_written__startswith="Mật trấn")
        self.assertEqual((again.confidence, again.method), (1.0, "exact"))

    def test_a_dry_run_reports_the_changes_and_writes_nothing(self):
        before = self.counts()
        text = amend(self.seed_text(), "Năm 2023\tQuyết định; Kế hoạch", "Năm 2024\tQuyết định; Kế hoạch")
        outcome = import_plan(self.coordinator, text.encode(), "3825-v2.txt", dry_run=True)
        self.assertTrue(outcome.dry_run)
        self.assertEqual(len(outcome.changes), 1)
        self.assertEqual(self.counts(), before)
        self.assertEqual(self.task("II.1").start_year, 2023)
