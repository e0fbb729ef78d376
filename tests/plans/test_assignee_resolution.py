"""Use case: assignees as written are resolved to bodies and groups, honestly."""

from tests.personas import PlanTestCase
from xanh.organizations.models import Organization
from xanh.organizations.resolver import MatchMethod, NameResolver
from xanh.plans.enums import AssignmentRole, FindingKind
from xanh.plans.models import Assignment, Finding


class AssigneeResolutionTest(PlanTestCase):
    def resolver(self):
        return NameResolver.for_province(self.org("th-ubnd"), self.plan.date)

    def assignees(self, ref, role=AssignmentRole.LEAD):
        return list(self.task(ref).assignments.filter(role=role).order_by("position"))

    def test_exact_names_and_aliases_are_certain(self):
        lead = self.assignees("II.4")[0]
        self.assertEqual((lead.organization.code, lead.confidence, lead.method), ("th-stnmt", 1.0, MatchMethod.EXACT))
        self.assertFalse(lead.needs_review)

    def test_an_ocr_typo_is_matched_with_less_than_full_confidence(self):
        lead = self.assignees("II.6")[0]  # "Sở Nông nghiệp và PTNN"
        self.assertEqual(lead.as_written, "Sở Nông nghiệp và PTNN")
        self.assertEqual(lead.organization.code, "th-snnptnt")
        self.assertEqual(lead.method, MatchMethod.FUZZY)
        self.assertTrue(0.8 <= lead.confidence < 0.95)
        self.assertTrue(lead.needs_review)

    def test_wrong_diacritics_are_matched_as_the_same_name(self):
        front = [a for a in self.assignees("I.1") if a.as_written.startswith("Mật trấn")][0]
        self.assertEqual(front.organization.code, "th-mttq")
        self.assertEqual((front.confidence, front.method), (0.95, MatchMethod.NORMALISED))

    def test_abbreviations_are_expanded_before_comparing(self):
        lead = self.assignees("VIII.2.3")[0]  # "Ban quản lý KKT Nghi Sơn và các KCN"
        self.assertEqual(lead.organization.code, "th-bqlkkt")
        self.assertEqual(lead.method, MatchMethod.NORMALISED)

    def test_collective_assignees_resolve_to_groups(self):
        lead = self.assignees("I.1")
        self.assertEqual([a.group.code if a.group else a.organization.code for a in lead],
                         ["th-cac-so-ban-nganh", "th-ubnd-cap-huyen", "th-mttq", "th-to-chuc-ctxh",
                          "th-don-vi-lien-quan"])
        rangers = self.assignees("VIII.5.3", AssignmentRole.COORDINATING)
        self.assertIn("th-chu-rung", [a.group.code for a in rangers if a.group])

    def test_a_cell_is_split_on_semicolons_and_on_conjunctions_between_names(self):
        coordinating = self.assignees("I.2", AssignmentRole.COORDINATING)
        self.assertEqual([a.as_written for a in coordinating],
                         ["Các sở, ban ngành cấp tỉnh", "UBND các huyện, thị xã, thành phố", "các đơn vị liên quan"])
        lead = self.assignees("VIII.9.1")  # "Các sở, ban ngành thuộc tỉnh và UBND các huyện, thị xã, thành phố"
        self.assertEqual([a.group.code for a in lead], ["th-cac-so-ban-nganh", "th-ubnd-cap-huyen"])

    def test_a_name_with_and_inside_is_not_split(self):
        matches = self.resolver().resolve_cell("Sở Văn hóa, Thể thao và Du lịch; Sở Khoa học và Công nghệ")
        self.assertEqual([m.organization.code for m in matches], ["th-svhttdl", "th-skhcn"])
        self.assertTrue(all(m.confidence == 1.0 for m in matches))

    def test_a_long_list_of_names_is_split_into_every_name(self):
        names = ["Sở Y tế", "Sở Xây dựng", "Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính", "Sở Công Thương",
                 "Sở Khoa học và Công nghệ", "Sở Giáo dục và Đào tạo", "Sở Văn hóa, Thể thao và Du lịch",
                 "Ban Dân tộc", "Sở Ngoại vụ", "Sở Kế hoạch và Đầu tư", "Sở Giao thông vận tải"]
        matches = self.resolver().resolve_cell(", ".join(names) + " và các đơn vị liên quan")
        self.assertEqual([m.as_written for m in matches], names + ["các đơn vị liên quan"])
        self.assertTrue(all(m.confidence == 1.0 for m in matches))

    def test_an_unknown_name_is_reported_with_suggestions_not_dropped(self):
        matches = self.resolver().resolve_cell("Sở Nông nghiệp; Cục Hải quan Nghệ An")
        self.assertEqual(len(matches), 2)
        unknown = matches[1]
        self.assertFalse(unknown.resolved)
        self.assertEqual((unknown.confidence, unknown.method), (0.0, MatchMethod.UNRESOLVED))
        self.assertTrue(unknown.suggestions)

    def test_when_two_bodies_share_a_name_the_one_existing_on_the_plan_date_wins(self):
        from xanh.organizations.services import create_organization

        create_organization(None, code="th-stc-old", name="Sở Tài chính tỉnh Thanh Hóa (cũ)", kind="department",
                            parent=self.org("th-ubnd"), valid_to=self.plan.date.replace(year=2020))
        from xanh.organizations.services import add_alias
        add_alias(None, Organization.objects.get(code="th-stc-old"), "Sở Tài chính")
        match = self.resolver().resolve_one("Sở Tài chính")
        self.assertEqual(match.organization.code, "th-stc")

    def test_a_body_named_both_as_lead_and_as_coordinating_is_a_finding(self):
        finding = Finding.objects.get(plan=self.plan, kind=FindingKind.LEAD_ALSO_COORDINATING)
        self.assertEqual(finding.task.ref, "VIII.2.4")
        self.assertIn("Sở Công Thương", finding.message)

    def test_every_seed_assignee_is_resolved(self):
        self.assertFalse(Assignment.objects.filter(task__plan=self.plan, organization__isnull=True,
                                                   group__isnull=True).exists())
        self.assertFalse(Finding.objects.filter(plan=self.plan, kind=FindingKind.UNRESOLVED_ASSIGNEE).exists())
