"""Use case: the coordinator deletes or moves a target the system shipped; loading the shipped facts again
(`xanh demo`, an upgrade) leaves the coordinator's decision alone."""

from decimal import Decimal

from tests.personas import PlanTestCase
from xanh.indicators.models import Target
from xanh.indicators.seed import load_indicator_seed
from xanh.indicators.services import delete_target, update_target


class SeedKeepsCoordinatorChangesTest(PlanTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_indicator_seed()

    def test_a_deleted_shipped_target_is_not_shipped_again(self):
        target = Target.objects.get(indicator__code="ghg-intensity", year=2030)
        delete_target(self.coordinator, target, target.version)
        outcome = load_indicator_seed()
        self.assertEqual(outcome.counts["targets"], 0)
        self.assertFalse(Target.objects.filter(indicator__code="ghg-intensity", year=2030).exists())

    def test_a_shipped_target_moved_to_another_year_is_not_shipped_again_beside_it(self):
        target = Target.objects.get(indicator__code="ghg-intensity", year=2030)
        update_target(self.coordinator, target, target.version, year=2035, value=Decimal(-20))
        load_indicator_seed()
        years = sorted(Target.objects.filter(indicator__code="ghg-intensity").values_list("year", flat=True))
        self.assertNotIn(2030, years)
        self.assertIn(2035, years)
