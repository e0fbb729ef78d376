"""The public reads values and their sources, never the officers' accounts behind them."""

from decimal import Decimal

from django.test import Client
from django.urls import reverse

from tests.indicators.board_states import THIS_YEAR, IndicatorTestCase
from xanh.indicators.services import add_target, record_observation


class PublicPrivacyTests(IndicatorTestCase):
    def test_the_public_page_does_not_name_who_entered_a_value_and_officers_see_it(self):
        record_observation(self.coordinator, self.cover, self.province, THIS_YEAR, Decimal("55.1"))
        name = self.coordinator.get_full_name() or self.coordinator.username
        url = reverse("indicators:detail", args=[self.cover.pk])
        self.assertNotContains(Client().get(url), name)
        self.assertContains(self.signed_in("viewer").get(url), name)

    def test_a_target_with_a_baseline_value_needs_its_year(self):
        from xanh.core.errors import ServiceError

        with self.assertRaises(ServiceError) as caught:
            add_target(self.coordinator, self.cover, area=self.province, kind="level", value=Decimal(70),
                       year=2030, baseline_value=Decimal(50))
        self.assertEqual(caught.exception.field, "baseline_year")
