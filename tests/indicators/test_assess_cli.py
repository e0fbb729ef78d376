"""Use case: an operator asks where every indicator with a target stands, with `xanh indicators assess`."""

import contextlib
import io
import json
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser

from tests.personas import PlanTestCase
from xanh.cli import main
from xanh.core.services import SYSTEM
from xanh.indicators.assess_cli import FIELDS, assess_all, headlines
from xanh.indicators.enums import Direction, Framework, TargetKind, ValueKind
from xanh.indicators.models import Indicator, Observation, Target
from xanh.organizations.models import Organization

THIS_YEAR = date.today().year


def run(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


class AssessCommandTest(PlanTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.province = cls.plan.province
        elsewhere = Organization.objects.get(code="th-syt")

        def indicator(code, direction=Direction.HIGHER, unit="%", framework=Framework.NATIONAL_SET, **kw):
            return Indicator.objects.create(framework=framework, code=code, name=code, unit=unit,
                                            direction=direction, **kw)

        def observe(ind, year, value, area=None, **kw):
            return Observation.objects.create(indicator=ind, area=area or cls.province, year=year,
                                              value=Decimal(str(value)), **kw)

        # A national change target, assessed on the province's figures: −15 % vs 2014 (baseline 100) by 2030.
        cls.ghg = indicator("1.1", Direction.LOWER, unit="kgCO2e/triệu đồng")
        Target.objects.create(indicator=cls.ghg, kind=TargetKind.CHANGE, value=-15, year=2030, baseline_year=2014,
                              baseline_value=100)
        observe(cls.ghg, 2014, 100)
        actual = observe(cls.ghg, 2024, 90)
        observe(cls.ghg, 2024, 95, kind=ValueKind.ESTIMATE, superseded_by=actual)  # superseded: ignored
        observe(cls.ghg, 2024, 40, area=elsewhere)  # another area: ignored
        # The plan's own annual target for the province: 10,000 ha a year over the last two years and six to come.
        cls.forest = indicator("plan-1", unit="ha", framework=Framework.PLAN)
        Target.objects.create(indicator=cls.forest, area=cls.province, kind=TargetKind.ANNUAL, value=10_000,
                              start_year=THIS_YEAR - 2, year=THIS_YEAR + 5)
        observe(cls.forest, THIS_YEAR - 2, 9_000)
        observe(cls.forest, THIS_YEAR - 1, 10_000)
        # Two targets for forest cover (2030 and 2050, national) and a provincial one for 2030.
        cls.cover = indicator("7.1")
        for year, area, value in ((2050, None, 43), (2030, None, 42), (2030, cls.province, 55)):
            Target.objects.create(indicator=cls.cover, area=area, kind=TargetKind.LEVEL, value=value, year=year)
        observe(cls.cover, 2022, "53.60")
        observe(cls.cover, 2025, "54.09")
        # A target without any observation, and an indicator without a target (not listed).
        cls.renewable = indicator("2.3", is_public=False)
        Target.objects.create(indicator=cls.renewable, kind=TargetKind.LEVEL, value=15, value_max=20, year=2030)
        indicator("2.1")

    def test_json_has_one_row_per_indicator_with_a_target_and_the_contracts_fields(self):
        code, out, err = run("indicators", "assess", "--format", "json")
        self.assertEqual((code, err), (0, ""))
        rows = {row["code"]: row for row in json.loads(out)}
        self.assertEqual(sorted(rows), ["1.1", "2.3", "7.1", "plan-1"])
        self.assertTrue(all(list(row) == FIELDS for row in rows.values()))
        # 100 (2014) → 90 (2024) is −1.05 %/year; 85 by 2030 needs (85 / 90)^(1/6) − 1 = −0.948117 %/year.
        self.assertEqual(rows["1.1"], {"code": "1.1", "status": "on_track", "latest_value": 90.0,
                                       "latest_period": 2024, "target_value": 85.0, "target_year": 2030,
                                       "required_rate": -0.948117})
        # 9,000 + 10,000 = 19,000 against 20,000 (95 %); needed (8 × 10,000 − 19,000) / 6 = 10,166.666667 a year.
        self.assertEqual(rows["plan-1"], {"code": "plan-1", "status": "accelerate", "latest_value": 10000.0,
                                          "latest_period": THIS_YEAR - 1, "target_value": 10000.0,
                                          "target_year": THIS_YEAR + 5, "required_rate": 10166.666667})
        self.assertEqual(rows["2.3"], {"code": "2.3", "status": "insufficient", "latest_value": None,
                                       "latest_period": None, "target_value": 15.0, "target_year": 2030,
                                       "required_rate": None})

    def test_the_headline_target_is_the_next_one_due_and_the_provinces_own_first(self):
        _code, out, _err = run("indicators", "assess", "--format", "json")
        cover = next(row for row in json.loads(out) if row["code"] == "7.1")
        if THIS_YEAR <= 2030:
            # The provincial 55 % by 2030, not the national 42 % (met): 54.09 < 55 needs (55 / 54.09)^(1/5) − 1
            # = +0.3342 %/year, more than the (54.09 / 53.60)^(1/3) − 1 = +0.3038 %/year observed.
            self.assertEqual((cover["target_value"], cover["target_year"], cover["status"], cover["required_rate"]),
                             (55.0, 2030, "accelerate", 0.334235))
        items = [item for item in assess_all(SYSTEM, today_year=2040) if item.indicator == self.cover]
        self.assertEqual([(i.target.year, i.progress.target_value) for i in items], [(2030, 42), (2030, 55),
                                                                                   (2050, 43)])
        self.assertEqual(headlines(items, today_year=2040)[0].target.year, 2050)
        self.assertEqual(headlines(items, today_year=2051)[0].target.year, 2050)  # all past: the latest
        self.assertTrue(all(item.area == self.province for item in items))

    def test_text_is_a_table_with_localised_numbers(self):
        code, out, err = run("indicators", "assess")
        self.assertEqual((code, err), (0, ""))
        lines = out.splitlines()
        self.assertEqual(len(lines), 1 + 4 + 1)  # header, one line per indicator, the counts
        ghg = next(line for line in lines if line.startswith("1.1 "))
        self.assertIn("-0,9481 %", ghg)  # Vietnamese decimal comma
        forest = next(line for line in lines if line.startswith("plan-1 "))
        self.assertIn("10.166,6667 ha", forest)  # and thousands point

    def test_the_reading_is_three_queries_and_restricted_to_what_the_user_may_see(self):
        with self.assertNumQueries(3):
            everything = assess_all(SYSTEM, today_year=2026)
        self.assertEqual(len(everything), 6)
        public = {item.indicator.code for item in assess_all(AnonymousUser(), today_year=2026)}
        self.assertEqual(public, {"1.1", "plan-1", "7.1"})
        coordinator = {item.indicator.code for item in assess_all(self.coordinator, today_year=2026)}
        self.assertEqual(coordinator, {"1.1", "plan-1", "7.1", "2.3"})

    def test_without_any_target_json_is_an_empty_list(self):
        Target.objects.all().delete()
        self.assertEqual(run("indicators", "assess", "--format", "json"), (0, "[]\n", ""))
        code, out, _err = run("indicators", "assess")
        self.assertEqual((code, len(out.splitlines())), (0, 1))
