"""A plan in force with an open 2026 annual cycle, for the reporting tests."""

from tests.personas import PlanTestCase
from xanh.core.services import SYSTEM
from xanh.reporting.enums import CycleKind
from xanh.reporting.models import TaskReport
from xanh.reporting.services import notify_bodies, open_cycle


class CycleTestCase(PlanTestCase):
    """…plus the 2026 annual cycle, opened by the system and notified."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cycle = open_cycle(SYSTEM, cls.plan, year=2026, kind=CycleKind.ANNUAL)
        cls.cycle = notify_bodies(SYSTEM, cycle, cycle.version)

    def report(self, ref, code) -> TaskReport:
        return TaskReport.objects.get(cycle=self.cycle, task__ref=ref, organization__code=code)

    def fresh(self, report) -> TaskReport:
        return TaskReport.objects.get(pk=report.pk)
