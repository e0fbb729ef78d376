"""Use case: the shipped indicator facts load with their sources, the plan's own targets confirm the
candidates the plan importer found, and loading again changes nothing."""

from decimal import Decimal

import yaml

from tests.personas import PlanTestCase, RegistryTestCase
from xanh.core.models import AuditEvent
from xanh.indicators.enums import TargetKind
from xanh.indicators.models import Indicator, Observation, Target
from xanh.indicators.seed import DATA_DIR, FILES, load_indicator_seed
from xanh.plans.enums import CandidateStatus


class SeedTest(PlanTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.outcome_first = load_indicator_seed()

    def test_it_loads_the_known_indicators_targets_and_figures(self):
        self.assertEqual(self.outcome_first.counts, {"indicators": 18, "targets": 17, "observations": 14})
        self.assertEqual(set(Indicator.objects.filter(framework="tt10").values_list("code", flat=True)),
                         {"1.1", "1.2", "2.1", "2.2", "2.3"})
        ghg = Target.objects.filter(indicator__framework="qd1658", indicator__code="ghg-intensity", year=2030).get()
        self.assertEqual((ghg.kind, ghg.value, ghg.baseline_year, ghg.area), (TargetKind.CHANGE, -15, 2014, None))
        renewable = Target.objects.get(indicator__code="renewable-share", year=2030)
        self.assertEqual((renewable.kind, renewable.value, renewable.value_max), (TargetKind.LEVEL, 15, 20))
        self.assertFalse(Target.objects.filter(indicator__code="primary-energy-intensity").exists())

    def test_the_lead_is_carried_through_successions_and_kept_as_written(self):
        ghg = Indicator.objects.get(framework="tt10", code="1.1")
        self.assertEqual((ghg.lead.code, ghg.lead_as_written), ("bo-nnmt", "Bộ Tài nguyên và Môi trường"))
        energy = Indicator.objects.get(framework="tt10", code="2.1")
        self.assertEqual((energy.lead, energy.lead_as_written), (None, "Tổng cục Thống kê"))
        self.assertIn("chưa xác nhận", ghg.source)  # the unit is xanh's choice

    def test_the_plans_targets_confirm_the_candidates_and_link_the_task(self):
        task = self.task("VIII.5.3")
        self.assertEqual({c.status for c in task.target_candidates.all()}, {CandidateStatus.CONFIRMED})
        trees = Target.objects.get(indicator__framework="plan", indicator__code="VIII.5.3-cay")
        self.assertEqual((trees.kind, trees.value, trees.start_year, trees.year, trees.area.code),
                         (TargetKind.ANNUAL, 6000000, 2023, 2030, "th-ubnd"))
        self.assertEqual(Target.objects.get(indicator__code="VIII.5.3-rung").value, 10000)
        self.assertEqual(set(task.indicators.values_list("code", flat=True)), {"VIII.5.3-cay", "VIII.5.3-rung"})
        self.assertTrue(AuditEvent.objects.filter(action="target_candidate.confirmed").exists())

    def test_the_figures_carry_their_sources_and_confidence(self):
        forest = Observation.objects.get(indicator__code="forest-area", year=2025)
        self.assertEqual((forest.value, forest.confidence, forest.area.code),
                         (Decimal("644796.69"), "secondary", "th-ubnd"))
        cover = Observation.objects.get(indicator__framework="qd1658", indicator__code="forest-cover", year=2022)
        self.assertEqual((cover.value, cover.confidence), (Decimal("53.6"), "confirmed"))
        self.assertIn("790/QĐ-UBND", cover.source)
        grid = Observation.objects.filter(indicator__code="grid-emission-factor")
        self.assertEqual(grid.count(), 10)
        self.assertEqual({o.area.code for o in grid}, {"trung-uong"})
        self.assertIn("327/BĐKH-PTCBT", grid.get(year=2022).source)
        self.assertNotIn("327/BĐKH-PTCBT", grid.get(year=2021).source)
        self.assertEqual(grid.get(year=2016).value, Decimal("0.9185"))
        self.assertFalse(Observation.objects.exclude(flag="").exists())
        for model in (Indicator, Target, Observation):
            self.assertFalse(model.objects.filter(source="").exists(), model.__name__)

    def test_loading_again_changes_nothing(self):
        events = AuditEvent.objects.count()
        snapshot = [list(m.objects.order_by("pk").values()) for m in (Indicator, Target, Observation)]
        outcome = load_indicator_seed()
        self.assertEqual(outcome.counts, {"indicators": 0, "targets": 0, "observations": 0})
        self.assertEqual(AuditEvent.objects.count(), events)
        self.assertEqual([list(m.objects.order_by("pk").values()) for m in (Indicator, Target, Observation)],
                         snapshot)


class SeedWithoutPlanTest(RegistryTestCase):
    def test_without_the_plan_the_plans_targets_wait_and_the_rest_loads(self):
        outcome = load_indicator_seed()
        self.assertFalse(Indicator.objects.filter(framework="plan").exists())
        self.assertEqual(outcome.counts["observations"], 14)
        self.assertEqual(len(outcome.skipped), 1)


class SeedFileTest(RegistryTestCase):
    def test_every_entry_names_a_source_the_file_defines_and_a_confidence(self):
        for name in FILES:
            data = yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8"))
            for item in data["indicators"]:
                entries = [item, *item.get("targets", []), *item.get("observations", [])]
                for entry in entries:
                    with self.subTest(file=name, code=item["code"], entry=entry.get("year")):
                        self.assertIn(entry["source"], data["sources"])
                        self.assertIn(entry["confidence"], {"confirmed", "secondary", "unconfirmed"})
