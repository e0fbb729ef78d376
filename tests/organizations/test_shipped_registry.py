"""Use case: the Thanh Hóa bodies, groups and 2025 successions ship as sourced data."""

from datetime import date
from pathlib import Path

import yaml

from tests.personas import RegistryTestCase, load_registry
from xanh.organizations.models import Alias, GroupMember, Organization, OrgGroup, OrgKind, Succession
from xanh.organizations.services.loader import REGISTRY_DIR


class ShippedRegistryTest(RegistryTestCase):
    def test_every_fact_in_the_data_files_has_a_source_and_a_confidence_mark(self):
        for path in REGISTRY_DIR.glob("*.yaml"):
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
            sources = data.get("sources", {})
            for section in ("organizations", "groups", "successions"):
                for item in data.get(section) or []:
                    self.assertIn(item.get("confidence"), {"confirmed", "secondary", "unconfirmed"}, (path.name, item))
                    self.assertIn(item.get("source"), sources, (path.name, item))

    def test_the_department_mergers_of_march_2025_are_recorded(self):
        def successors(code):
            return {(s.successor.code, s.scope != "") for s in Succession.objects.filter(predecessor__code=code)}

        self.assertEqual(successors("th-skhdt"), {("th-stc", False)})
        self.assertEqual(successors("th-stnmt"), {("th-snnmt", False)})
        self.assertEqual(successors("th-snnptnt"), {("th-snnmt", False)})
        self.assertEqual(successors("th-sgtvt"), {("th-sxd", False)})
        self.assertEqual(successors("th-stttt"), {("th-skhcn", True), ("th-svhttdl", True)})
        self.assertEqual(successors("th-sldtbxh"), {("th-snv", True), ("th-syt", True), ("th-sgddt", True)})
        self.assertEqual(successors("th-bdt"), {("th-sdttg", False)})
        for s in Succession.objects.filter(predecessor__code__in=["th-skhdt", "th-stnmt", "th-snnptnt"]):
            self.assertEqual(s.effective_date, date(2025, 3, 1))
            self.assertIn("45/2025/NĐ-CP", s.legal_basis)

    def test_unconfirmed_facts_are_marked_so_and_editable_data(self):
        self.assertEqual(self.org("th-sngv").confidence, "unconfirmed")
        self.assertIsNone(self.org("th-sngv").valid_to)
        self.assertEqual(Succession.objects.get(predecessor__code="th-ubnd-dong-son").confidence, "unconfirmed")

    def test_district_committees_end_on_1_july_2025_and_pass_local_duties_to_the_communes(self):
        districts = Organization.objects.filter(kind=OrgKind.DISTRICT_PC)
        self.assertEqual(districts.count(), 27)
        self.assertEqual(districts.filter(valid_to=date(2025, 7, 1)).count(), 26)
        to_communes = Succession.objects.filter(predecessor__kind=OrgKind.DISTRICT_PC,
                                                successor_group__code="th-ubnd-cap-xa")
        self.assertEqual(to_communes.count(), 26)
        self.assertTrue(all(s.effective_date == date(2025, 7, 1) and s.scope for s in to_communes))

    def test_the_166_communes_of_july_2025_are_loaded_from_the_spreadsheet(self):
        communes = Organization.objects.filter(kind=OrgKind.COMMUNE_PC)
        self.assertEqual(communes.count(), 166)
        self.assertEqual(communes.filter(name__contains=" phường ").count(), 19)
        self.assertTrue(all(c.valid_from == date(2025, 7, 1) for c in communes))
        self.assertEqual(communes.first().province.code, "th-ubnd")

    def test_collective_names_of_the_plan_are_groups(self):
        self.assertTrue(OrgGroup.objects.filter(code="th-ubnd-cap-huyen", member_kinds=["district_pc"]).exists())
        self.assertTrue(OrgGroup.objects.get(code="th-don-vi-lien-quan").is_open)
        self.assertTrue(Alias.objects.filter(group__code="th-don-vi-lien-quan",
                                             name="Các đơn vị khác có liên quan").exists())

    def test_plan_typos_are_not_shipped_as_aliases(self):
        self.assertFalse(Alias.objects.filter(name__contains="PTNN").exists())
        self.assertFalse(Alias.objects.filter(name__contains="Mật trấn").exists())

    def test_loading_again_adds_nothing_and_keeps_corrections(self):
        from xanh.organizations.services import update_organization

        sngv = self.org("th-sngv")
        update_organization(None, sngv, sngv.version, valid_to=date(2025, 3, 1))
        counts = (Organization.objects.count(), Alias.objects.count(), Succession.objects.count(),
                  GroupMember.objects.count())
        load_registry()
        self.assertEqual((Organization.objects.count(), Alias.objects.count(), Succession.objects.count(),
                          GroupMember.objects.count()), counts)
        self.assertEqual(self.org("th-sngv").valid_to, date(2025, 3, 1))
