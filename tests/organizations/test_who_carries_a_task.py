"""Use case: given a date, who carries a duty — through any chain of successions."""

from datetime import date

from tests.personas import PlanTestCase
from xanh.organizations.registry import Registry
from xanh.organizations.services import add_succession, create_organization
from xanh.plans.carriers import task_carriers
from xanh.plans.enums import AssignmentRole

BEFORE = date(2024, 6, 1)
AFTER_MERGERS = date(2025, 4, 1)
TODAY = date(2026, 11, 24)


class WhoCarriesTest(PlanTestCase):
    def carriers(self, code, on):
        return [c.organization.code for c in Registry.load(self.org("th-ubnd")).carriers(self.org(code), on)]

    def lead_carriers(self, ref, on):
        rows = task_carriers(self.task(ref), on)
        return [[c.organization.code for c in r.carriers] for r in rows if r.assignment.role == AssignmentRole.LEAD]

    def test_a_body_that_still_exists_carries_its_own_duties(self):
        self.assertEqual(self.carriers("th-syt", TODAY), ["th-syt"])

    def test_before_the_merger_the_named_body_carries_after_it_its_successor(self):
        self.assertEqual(self.carriers("th-stnmt", BEFORE), ["th-stnmt"])
        self.assertEqual(self.carriers("th-stnmt", AFTER_MERGERS), ["th-snnmt"])
        self.assertEqual(self.lead_carriers("II.4", TODAY), [["th-snnmt"]])
        self.assertEqual(self.lead_carriers("II.1", TODAY), [["th-stc"]])

    def test_a_split_passes_duties_to_several_bodies_each_with_its_scope(self):
        carriers = Registry.load(self.org("th-ubnd")).carriers(self.org("th-sldtbxh"), TODAY)
        scopes = {c.organization.code: c.scopes for c in carriers}
        self.assertEqual(set(scopes), {"th-snv", "th-syt", "th-sgddt"})
        self.assertEqual(scopes["th-syt"], ["bảo trợ xã hội"])

    def test_chains_of_successions_are_followed_to_the_end(self):
        province = self.org("th-ubnd")
        later = create_organization(None, code="th-snnmt-2", name="Sở Nông nghiệp, Môi trường và Biển",
                                    kind="department", parent=province, valid_from=date(2026, 1, 1))
        add_succession(None, predecessor=self.org("th-snnmt"), successor=later, effective_date=date(2026, 1, 1))
        carriers = Registry.load(province).carriers(self.org("th-snnptnt"), TODAY)
        self.assertEqual([c.organization.code for c in carriers], ["th-snnmt-2"])
        self.assertEqual(len(carriers[0].path), 2)
        self.assertEqual(self.carriers("th-snnptnt", date(2025, 6, 1)), ["th-snnmt"])

    def test_a_district_task_goes_to_the_communes_after_july_2025(self):
        rows = task_carriers(self.task("VIII.8.6"), TODAY)
        lead = [r for r in rows if r.assignment.role == AssignmentRole.LEAD][0]
        self.assertEqual(lead.assignment.group.code, "th-ubnd-cap-huyen")
        self.assertEqual(len(lead.carriers), 166)
        self.assertTrue(all(c.organization.kind == "commune_pc" for c in lead.carriers))
        before = [r for r in task_carriers(self.task("VIII.8.6"), BEFORE) if r.assignment.role == "lead"][0]
        self.assertEqual(len(before.carriers), 27)
        self.assertTrue(all(c.organization.kind == "district_pc" for c in before.carriers))

    def test_the_provincial_departments_group_is_read_at_the_date(self):
        rows = task_carriers(self.task("I.1"), TODAY)
        departments = [r for r in rows if r.assignment.as_written == "Các sở, ban ngành cấp tỉnh"][0]
        codes = {c.organization.code for c in departments.carriers}
        self.assertIn("th-snnmt", codes)
        self.assertNotIn("th-stnmt", codes)
        old = [r for r in task_carriers(self.task("I.1"), BEFORE) if r.assignment.as_written ==
               "Các sở, ban ngành cấp tỉnh"][0]
        self.assertIn("th-stnmt", {c.organization.code for c in old.carriers})

    def test_an_open_group_says_the_lead_decides(self):
        rows = task_carriers(self.task("I.1"), TODAY)
        open_group = [r for r in rows if r.assignment.group and r.assignment.group.is_open][0]
        self.assertEqual(open_group.carriers, [])
        self.assertTrue(open_group.note)

    def test_a_body_that_ended_without_successor_is_said_so(self):
        sngv = self.org("th-sngv")
        from xanh.organizations.services import update_organization

        update_organization(None, sngv, sngv.version, valid_to=date(2025, 3, 1))
        rows = task_carriers(self.task("VI.1"), TODAY)
        foreign = [r for r in rows if r.assignment.as_written == "Sở Ngoại vụ"][0]
        self.assertEqual(foreign.carriers, [])
        self.assertTrue(str(foreign.note))

    def test_what_a_body_carries_includes_inherited_and_group_duties(self):
        registry = Registry.load(self.org("th-ubnd"))
        carried = registry.carried_by(self.org("th-snnmt"), TODAY, self.plan.date)
        sources = {s.code for s, _c in carried["organizations"]}
        self.assertEqual(sources, {"th-snnmt", "th-stnmt", "th-snnptnt"})
        self.assertIn("th-cac-so-ban-nganh", {g.code for g, _c in carried["groups"]})
        commune = registry.carried_by(self.org("th-xp-14797"), TODAY, self.plan.date)
        self.assertIn("th-ubnd-cap-huyen", {g.code for g, _c in commune["groups"]})
