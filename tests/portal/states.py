"""Reports in every state the public must not see, and one it must, each with a unique marker.

The 2026 cycle is published; in it, reports of Sở Nông nghiệp và Môi trường sit in draft,
submitted, approved, returned and accepted, moved by the personas themselves (so the accounts'
names are on them). A 2025 cycle, not published, holds an accepted report too. Every report's
results and its one output carry the marker of its state; the accounts carry "ACCOUNT-" names.
"""

from django.contrib.auth import get_user_model

from tests.reporting.cycles import CycleTestCase
from xanh.core.services import SYSTEM
from xanh.reporting.models import Cycle, TaskReport
from xanh.reporting.services import (
    OutputInput,
    accept,
    approve,
    notify_bodies,
    open_cycle,
    return_report,
    save_report,
    set_cycle_publication,
    submit,
)

BODY = "th-snnmt"
# state → visible to the public
STATES = {
    "draft": False,
    "submitted": False,
    "approved": False,
    "returned": False,
    "accepted-unpublished-cycle": False,
    "accepted-published": True,
}
STEPS = {"draft": 0, "submitted": 1, "approved": 2, "returned": 3, "accepted-unpublished-cycle": 4,
         "accepted-published": 4}


def marker(state: str) -> str:
    return f"MARK{state.upper().replace('-', '')}Z"


def output_marker(state: str) -> str:
    return f"OUT{state.upper().replace('-', '')}Z"


class PortalTestCase(CycleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        get_user_model().objects.filter(pk__in=[u.pk for u in cls.users.values()]).update(
            first_name="ACCOUNT-first", last_name="ACCOUNT-last")
        for user in cls.users.values():
            user.refresh_from_db()
        from xanh.indicators.seed import load_indicator_seed

        load_indicator_seed(SYSTEM)   # the indicator datasets have rows too
        older = open_cycle(SYSTEM, cls.plan, year=2025)
        cls.older = notify_bodies(SYSTEM, older, older.version)
        ours = list(cls.cycle.reports.filter(organization__code=BODY)
                    .order_by("task__theme__order", "task__number")[:6])
        cls.reports = {}
        for state, report in zip(STATES, ours, strict=True):
            if state == "accepted-unpublished-cycle":
                report = TaskReport.objects.get(cycle=cls.older, task=report.task, organization=report.organization)
            cls.reports[state] = cls.move(report, state)
        cycle = Cycle.objects.get(pk=cls.cycle.pk)
        cls.cycle = set_cycle_publication(SYSTEM, cycle, cycle.version, True)

    @classmethod
    def move(cls, report, state):
        report = save_report(cls.nnmt_reporter, report, report.version, {
            "status": "on_track", "progress": 40, "results": marker(state), "difficulties": f"D-{marker(state)}",
            "proposals": f"P-{marker(state)}"}, [
            OutputInput(kind="ke_hoach", number=f"1/KH-{state[:3]}", title=output_marker(state),
                        url=f"https://example.org/van-ban/{output_marker(state)}")])
        steps = STEPS[state]
        if steps >= 1:
            report = submit(cls.nnmt_reporter, report, report.version)
        if steps >= 2:
            report = approve(cls.nnmt_approver, report, report.version)
        if steps == 3:
            report = return_report(cls.coordinator, report, report.version, "Bổ sung số liệu")
        if steps == 4:
            report = accept(cls.coordinator, report, report.version)
        return report

    def task_of(self, state):
        return self.reports[state].task
