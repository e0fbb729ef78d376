"""Indicators for the page, API and open-data tests, made through the services as the coordinator would.

    T-COVER   published, objective 2, theme II; a level target (60 % by 2030) for the province and a
              national one (62 % by 2050); values 50 (2020) and 54,09 (last year)
    T-PLANT   published, no objective, measures task VIII.5.3 (theme VIII.5); 10.000 ha a year from two
              years ago to 2030; 9.500 ha (two years ago, an estimate superseded by the actual 9.600) and
              1.234,5 ha (last year: an implausible drop, flagged)
    T-HIDDEN  not published; a target and a value
    9.9       published, Circular 10 set, no target; a name with diacritics ("đô thị xanh")
"""

from datetime import date
from decimal import Decimal

from tests.personas import PlanTestCase
from xanh.core.services import SYSTEM
from xanh.indicators.enums import Direction, Framework, TargetKind, ValueKind
from xanh.indicators.services import add_target, create_indicator, record_observation, set_indicator_links

THIS_YEAR = date.today().year


class IndicatorTestCase(PlanTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.province = cls.plan.province
        cls.cover = create_indicator(SYSTEM, framework=Framework.OTHER, code="T-COVER",
                                     name="Tỷ lệ che phủ rừng thử", name_en="Test forest cover", unit="%",
                                     direction=Direction.HIGHER, objective=2, minimum=Decimal(0), maximum=Decimal(100))
        set_indicator_links(SYSTEM, cls.cover, themes=[cls.plan.themes.get(code="II")])
        cls.cover_target = add_target(SYSTEM, cls.cover, area=cls.province, kind=TargetKind.LEVEL, value=Decimal(60),
                                      year=2030)
        add_target(SYSTEM, cls.cover, kind=TargetKind.LEVEL, value=Decimal(62), year=2050)  # national
        record_observation(SYSTEM, cls.cover, cls.province, 2020, Decimal(50))
        record_observation(SYSTEM, cls.cover, cls.province, THIS_YEAR - 1, Decimal("54.09"))

        cls.planted = create_indicator(SYSTEM, framework=Framework.PLAN, code="T-PLANT",
                                       name="Diện tích rừng trồng thử", unit="ha", direction=Direction.HIGHER,
                                       minimum=Decimal(0))
        set_indicator_links(SYSTEM, cls.planted, tasks=[cls.plan.tasks.get(ref="VIII.5.3")])
        cls.planted_target = add_target(SYSTEM, cls.planted, area=cls.province, kind=TargetKind.ANNUAL,
                                        value=Decimal(10000), start_year=THIS_YEAR - 2, year=2030)
        cls.estimate = record_observation(SYSTEM, cls.planted, cls.province, THIS_YEAR - 2, Decimal(9500),
                                          kind=ValueKind.ESTIMATE)
        cls.actual = record_observation(SYSTEM, cls.planted, cls.province, THIS_YEAR - 2, Decimal(9600))
        cls.drop = record_observation(SYSTEM, cls.planted, cls.province, THIS_YEAR - 1, Decimal("1234.5"))

        cls.hidden = create_indicator(SYSTEM, framework=Framework.OTHER, code="T-HIDDEN", name="Chỉ tiêu nội bộ",
                                      unit="%", is_public=False, objective=2)
        add_target(SYSTEM, cls.hidden, area=cls.province, kind=TargetKind.LEVEL, value=Decimal(10), year=2030)
        record_observation(SYSTEM, cls.hidden, cls.province, THIS_YEAR - 1, Decimal(5))

        cls.untargeted = create_indicator(SYSTEM, framework=Framework.NATIONAL_SET, code="9.9",
                                          name="Tỷ lệ diện tích đô thị xanh", unit="%", objective=3)
