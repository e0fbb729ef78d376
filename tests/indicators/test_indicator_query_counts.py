"""The indicator pages read in a pinned number of queries that does not grow with more indicators, targets
or observations (a page that grows would fall over at national scale: 72 indicators × 34 provinces)."""

from decimal import Decimal

from django.urls import reverse

from tests.indicators.board_states import THIS_YEAR, IndicatorTestCase
from xanh.core.services import SYSTEM
from xanh.indicators.enums import Framework, TargetKind
from xanh.indicators.services import add_target, create_indicator, record_observation, set_indicator_links

# queries per page: (anonymous, coordinator); the coordinator's add the session, the user and the roles.
PINNED = {
    "list": (4, 7),          # indicators, themes, tasks; the theme filter's choices
    "detail": (5, 9),        # indicator, themes, tasks, targets, observations (+ the province for the coordinator's
                             # "add a target" form)
    "national": (6, 9),      # … and the province a national target is assessed for (which the form reuses)
    "board": (7, 10),        # targets, province, values; indicators, themes, tasks; values to review
}


class IndicatorQueryCountTests(IndicatorTestCase):
    def urls(self):
        return {"list": reverse("indicators:list") + "?q=rung",
                "detail": reverse("indicators:detail", args=[self.planted.pk]),
                "national": reverse("indicators:detail", args=[self.cover.pk]),
                "board": reverse("indicators:board")}

    def grow(self):
        """More of everything: indicators with targets, themes and tasks, and years of values."""
        theme = self.plan.themes.get(code="III")
        task = self.plan.tasks.filter(theme__code="VIII.5").exclude(ref="VIII.5.3").first()
        for n in range(4):
            indicator = create_indicator(SYSTEM, framework=Framework.OTHER, code=f"X-{n}", name=f"Rừng {n}", unit="ha",
                                         objective=1 + n % 4)
            set_indicator_links(SYSTEM, indicator, themes=[theme], tasks=[task])
            add_target(SYSTEM, indicator, area=self.province, kind=TargetKind.LEVEL, value=Decimal(100), year=2030)
            add_target(SYSTEM, indicator, kind=TargetKind.LEVEL, value=Decimal(90), year=2030)
            for year in range(2015, THIS_YEAR):
                record_observation(SYSTEM, indicator, self.province, year, Decimal(50 + year - 2015))
        for indicator in (self.planted, self.cover):
            for year in range(2010, 2020):
                record_observation(SYSTEM, indicator, self.province, year, Decimal(50))
        record_observation(SYSTEM, self.planted, self.province, THIS_YEAR - 1, Decimal(9900), replace=True)

    def assert_pinned(self):
        for name, url in self.urls().items():
            for who, count in zip(("anonymous", "coordinator"), PINNED[name], strict=True):
                with self.subTest(page=name, who=who):
                    self.client.logout()
                    if who != "anonymous":
                        self.signed_in(who)
                    with self.assertNumQueries(count):
                        self.assertEqual(self.client.get(url).status_code, 200)

    def test_the_pages_read_in_the_pinned_number_of_queries(self):
        self.assert_pinned()

    def test_the_counts_do_not_grow_with_more_indicators_targets_and_values(self):
        self.grow()
        self.assert_pinned()
        self.assertIn("X-3", self.client.get(reverse("indicators:board")).content.decode())
