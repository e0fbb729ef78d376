"""Use case: the import flags defects of the source with a proposed fix; the coordinator
accepts, corrects or keeps them — and a re-import does not undo the decision."""

from tests.personas import SEED, PlanTestCase, seed_bytes
from xanh.core.errors import PermissionDenied, ServiceError
from xanh.core.models import AuditEvent
from xanh.plans.enums import FindingKind, FindingStatus
from xanh.plans.models import Finding, Theme
from xanh.plans.services import import_plan, resolve_finding


class SourceDefectTest(PlanTestCase):
    def finding(self):
        return Finding.objects.get(plan=self.plan, kind=FindingKind.THEME_TITLE)

    def test_the_damaged_health_theme_title_is_flagged_with_the_body_heading_as_fix(self):
        finding = self.finding()
        self.assertEqual(finding.theme.code, "VIII.10")
        self.assertEqual(finding.theme.title_as_written, "Yêu")
        self.assertEqual(finding.proposed_fix, "Y tế")
        self.assertEqual(finding.params["section"], "8.10")
        self.assertIn("Yêu", finding.message)
        self.assertEqual(finding.location, "dòng 613")

    def test_only_that_theme_is_flagged(self):
        self.assertEqual(Finding.objects.filter(plan=self.plan, kind=FindingKind.THEME_TITLE).count(), 1)

    def test_accepting_the_fix_renames_the_theme_keeps_the_original_and_is_audited(self):
        resolve_finding(self.coordinator, self.finding(), "accept")
        theme = Theme.objects.get(plan=self.plan, code="VIII.10")
        self.assertEqual((theme.title, theme.title_as_written), ("Y tế", "Yêu"))
        self.assertEqual(self.finding().status, FindingStatus.ACCEPTED)
        self.assertTrue(AuditEvent.objects.filter(action="theme.title_changed", object_id=str(theme.pk)).exists())
        self.assertIn(" y te ", self.task("VIII.10.1").__class__.objects.get(pk=self.task("VIII.10.1").pk).search_text)

    def test_the_coordinator_can_write_another_correction(self):
        resolve_finding(self.coordinator, self.finding(), "edit", "Y tế và chăm sóc sức khỏe")
        self.assertEqual(Theme.objects.get(plan=self.plan, code="VIII.10").title, "Y tế và chăm sóc sức khỏe")
        self.assertEqual(self.finding().status, FindingStatus.EDITED)

    def test_keeping_it_as_written_changes_nothing_else(self):
        resolve_finding(self.coordinator, self.finding(), "dismiss")
        self.assertEqual(Theme.objects.get(plan=self.plan, code="VIII.10").title, "Yêu")
        self.assertEqual(self.finding().status, FindingStatus.DISMISSED)

    def test_a_fix_made_on_a_stale_page_is_refused(self):
        from xanh.core.errors import StaleEdit
        from xanh.plans.services import update_theme_title

        theme = Theme.objects.get(plan=self.plan, code="VIII.10")
        seen = theme.version
        update_theme_title(self.coordinator, theme, seen, "Y tế (đã sửa tay)")
        with self.assertRaises(StaleEdit):
            resolve_finding(self.coordinator, self.finding(), "accept", theme_version=seen)
        self.assertEqual(Theme.objects.get(pk=theme.pk).title, "Y tế (đã sửa tay)")
        self.assertEqual(self.finding().status, FindingStatus.OPEN)

    def test_a_finding_is_dealt_with_once(self):
        resolve_finding(self.coordinator, self.finding(), "dismiss")
        with self.assertRaises(ServiceError):
            resolve_finding(self.coordinator, self.finding(), "accept")

    def test_only_the_coordinator_decides(self):
        for persona in ("nnmt_reporter", "nnmt_approver", "viewer"):
            with self.assertRaises(PermissionDenied):
                resolve_finding(self.users[persona], self.finding(), "accept")
        self.assertEqual(self.finding().status, FindingStatus.OPEN)

    def test_reimporting_an_export_made_after_the_fix_changes_nothing(self):
        from xanh.plans.exports import plan_xlsx

        resolve_finding(self.coordinator, self.finding(), "accept")
        outcome = import_plan(self.coordinator, plan_xlsx(self.plan), "sau-sua.xlsx")
        self.assertTrue(outcome.unchanged, outcome.changes)
        theme = Theme.objects.get(plan=self.plan, code="VIII.10")
        self.assertEqual((theme.title, theme.title_as_written), ("Y tế", "Yêu"))

    def test_reimporting_the_same_decision_keeps_the_fix_and_does_not_flag_it_again(self):
        resolve_finding(self.coordinator, self.finding(), "accept")
        outcome = import_plan(self.coordinator, seed_bytes(), SEED.name)
        self.assertTrue(outcome.unchanged)
        self.assertEqual(Theme.objects.get(plan=self.plan, code="VIII.10").title, "Y tế")
        self.assertEqual(Finding.objects.filter(plan=self.plan, kind=FindingKind.THEME_TITLE).count(), 1)
