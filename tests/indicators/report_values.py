"""An open 2026 cycle and an indicator measuring task VIII.5.3, for the tests of values filed with reports.

    T-PLANT   ha, at least 0, measures task VIII.5.3 (Sở NN&MT reports it); the coordinator recorded 9.600 ha
              for 2025
    T-OTHER   %, measures no task
"""

from decimal import Decimal

from tests.reporting.cycles import CycleTestCase
from xanh.core.services import SYSTEM
from xanh.indicators.enums import Framework
from xanh.indicators.services import create_indicator, record_observation, set_indicator_links
from xanh.reporting import services as reporting

REF, BODY = "VIII.5.3", "th-snnmt"


class ReportValueTestCase(CycleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.province = cls.plan.province
        cls.planted = create_indicator(SYSTEM, framework=Framework.PLAN, code="T-PLANT",
                                       name="Diện tích rừng trồng mới", unit="ha", minimum=Decimal(0))
        set_indicator_links(SYSTEM, cls.planted, tasks=[cls.plan.tasks.get(ref=REF)])
        cls.other = create_indicator(SYSTEM, framework=Framework.OTHER, code="T-OTHER", name="Chỉ tiêu khác",
                                     unit="%")
        cls.earlier = record_observation(SYSTEM, cls.planted, cls.province, 2025, Decimal(9600))

    def own(self):
        return self.report(REF, BODY)

    def file(self, value="10500", year=2026, actor=None, report=None, **kw):
        return record_observation(actor or self.nnmt_reporter, self.planted, kw.pop("area", self.province), year,
                                  value, report=report or self.own(), **kw)

    def deliver(self, report, until="accept"):
        """Save, submit and approve the report as its body would; the coordinator accepts it."""
        report = reporting.save_report(SYSTEM, report, report.version, {"status": "recurring", "results": "Đã trồng."})
        report = reporting.submit(SYSTEM, report, report.version)
        if report.state == "submitted":
            report = reporting.approve(SYSTEM, report, report.version)
        if until == "accept":
            report = reporting.accept(SYSTEM, report, report.version)
        return report
