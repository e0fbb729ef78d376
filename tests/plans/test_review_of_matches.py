"""Use case: the coordinator reviews every match that is not an exact name, in the UI."""

from tests.personas import PlanTestCase
from xanh.core.errors import PermissionDenied, StaleEdit
from xanh.organizations.models import Alias
from xanh.organizations.resolver import MatchMethod
from xanh.plans.models import Assignment, TargetCandidate


class ReviewOfMatchesTest(PlanTestCase):
    def typo(self):
        return Assignment.objects.get(task__plan=self.plan, as_written="Sở Nông nghiệp và PTNN")

    def test_the_review_page_lists_each_doubtful_match_with_its_confidence(self):
        page = self.signed_in("coordinator").get(f"/plans/{self.plan.pk}/review/")
        self.assertEqual(page.status_code, 200)
        items = page.context["items"]
        self.assertEqual({a.as_written for a, _form in items}, {
            "Sở Nông nghiệp và PTNN", "Mật trấn Tổ quốc Việt Nam tỉnh Thanh Hóa",
            "Ngân hàng nhà nước Việt Nam chi nhánh Thanh Hóa", "Ban quản lý KKT Nghi Sơn và các KCN",
            "Văn phòng Điều phối Chương trình xây dựng nông thôn mới tỉnh"})
        self.assertContains(page, "93%")

    def test_confirming_through_the_page_records_the_reviewer_and_an_alias(self):
        typo = self.typo()
        response = self.signed_in("coordinator").post(f"/plans/assignments/{typo.pk}/",
                                                      {"action": "confirm", "version": typo.version})
        self.assertEqual(response.status_code, 302)
        typo = self.typo()
        self.assertEqual((typo.reviewed_by, typo.confidence), (self.coordinator, 1.0))
        self.assertTrue(Alias.objects.filter(organization__code="th-snnptnt", name="Sở Nông nghiệp và PTNN",
                                             kind="variant").exists())

    def test_correcting_points_every_unreviewed_copy_of_that_spelling_to_the_chosen_body(self):
        typo = self.typo()
        response = self.signed_in("coordinator").post(f"/plans/assignments/{typo.pk}/", {
            "action": "correct", f"a{typo.pk}-version": typo.version, f"a{typo.pk}-target": "org:th-stnmt"})
        self.assertEqual(response.status_code, 302)
        typo = self.typo()
        self.assertEqual((typo.organization.code, typo.method), ("th-stnmt", MatchMethod.MANUAL))
        self.assertIn(" so tai nguyen va moi truong ", typo.task.__class__.objects.get(pk=typo.task_id).search_text)

    def test_a_stale_review_is_refused(self):
        from xanh.plans.services import confirm_assignment

        typo = self.typo()
        confirm_assignment(self.coordinator, typo, typo.version)
        with self.assertRaises(StaleEdit):
            confirm_assignment(self.coordinator, typo, typo.version - 1)

    def test_nobody_else_reviews(self):
        typo = self.typo()
        for persona in ("nnmt_reporter", "nnmt_approver", "viewer", "commune"):
            client = self.signed_in(persona)
            self.assertEqual(client.get(f"/plans/{self.plan.pk}/review/").status_code, 403)
            self.assertEqual(client.post(f"/plans/assignments/{typo.pk}/",
                                         {"action": "confirm", "version": typo.version}).status_code, 403)
        from xanh.plans.services import confirm_assignment

        with self.assertRaises(PermissionDenied):
            confirm_assignment(self.nnmt_approver, typo, typo.version)
        self.assertIsNone(self.typo().reviewed_at)

    def test_target_candidates_are_confirmed_or_rejected(self):
        candidate = TargetCandidate.objects.get(as_written="10.000 ha rừng/năm")
        self.signed_in("coordinator").post(f"/plans/candidates/{candidate.pk}/", {"status": "confirmed"})
        self.assertEqual(TargetCandidate.objects.get(pk=candidate.pk).status, "confirmed")
