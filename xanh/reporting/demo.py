"""Demo reporting data: a closed 2025 cycle and an open 2026 annual cycle with reports in every state.

Everything here is illustration, and says so: each narrative starts with “[Dữ liệu minh họa]”.
The season is laid out on the calendar with `clock.frozen_at`, so some bodies delivered before
the 15/11 deadline, some after, and some not at all. Work is done through the services, as the
demo accounts where they exist, so histories and audit events are the real thing.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from xanh.core.clock import frozen_at
from xanh.core.services import SYSTEM
from xanh.plans.enums import ProductKind
from xanh.reporting.enums import CycleKind, ImplementationStatus, ReportState
from xanh.reporting.letters import abbreviation
from xanh.reporting.models import Cycle, TaskReport
from xanh.reporting.services import (
    OutputInput,
    accept,
    approve,
    close_cycle,
    notify_bodies,
    open_cycle,
    reopen,
    return_report,
    save_report,
        set_cycle_publication,
    submit,
)

MARK = "[Dữ liệu minh họa] "
RESULTS = [
    "Đã ban hành kế hoạch triển khai, giao nhiệm vụ cho các phòng chuyên môn; tổ chức 02 hội nghị quán triệt.",
    "Đã hoàn thành dự thảo, lấy ý kiến các sở, ngành và địa phương; đang tổng hợp, hoàn thiện để trình.",
    "Triển khai thường xuyên theo kế hoạch năm; lồng ghép vào chương trình công tác của đơn vị.",
    "Đã phối hợp tổ chức 03 lớp tập huấn cho cán bộ cấp xã về tăng trưởng xanh (khoảng 180 lượt người).",
]
DIFFICULTIES = "Kinh phí bố trí còn hạn chế; thiếu hướng dẫn chi tiết của Trung ương về một số nội dung."
PROPOSALS = "Đề nghị bố trí kinh phí năm sau và tổ chức tập huấn chuyên sâu cho cán bộ đầu mối."
DEPARTMENT_SAMPLE = 6  # reports filled per other department: enough to look alive, quick to load
NNMT_LANES = (0, 1, 0, 2, 0, 3, 0, 4, 0, 5)   # half accepted, one in ten in each other state
LANES = (0, 1, 2, 0, 3, 4)   # the other bodies in turn: see _department
# accepted, then reopened by the coordinator: the task the plan's quantitative targets measure, so that the
# body's officers see the panel filing indicator values with the report (no value is made up for them)
REOPENED = ("VIII.5.3", "Đề nghị bổ sung số liệu năm 2026 của các chỉ tiêu đo lường nhiệm vụ (diện tích rừng "
                        "trồng, số cây xanh phân tán) trong khung “Chỉ tiêu của nhiệm vụ này”.")
STATUSES = [ImplementationStatus.ON_TRACK, ImplementationStatus.DONE_ON_TIME, ImplementationStatus.RECURRING,
            ImplementationStatus.BEHIND, ImplementationStatus.DONE_LATE]


def load_reporting_demo(plan) -> list[str]:
    """Idempotent: does nothing when the plan already has a 2026 annual cycle."""
    if Cycle.objects.filter(plan=plan, kind=CycleKind.ANNUAL, year=2026).exists():
        return []
    users = {u.username: u for u in get_user_model().objects.filter(
        username__in=["dieuphoi", "nnmt.baocao", "nnmt.duyet", "yte.baocao", "hacthanh.baocao"])}
    lines = [_season_2025(plan, users), _season_2026(plan, users)]
    return [line for line in lines if line]


def _at(year, month, day, hour=9) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour, 0))


def _pick(code: str, salt: str, n: int) -> int:
    """A stable choice per body, so the demo looks the same on every machine."""
    return int(hashlib.sha256(f"{code}:{salt}".encode()).hexdigest(), 16) % n


def _fill(report, actor, *, status=None, outputs=True):
    i = _pick(report.organization.code + report.task.ref, "text", len(RESULTS))
    status = status or (ImplementationStatus.AWAITING_GUIDANCE if report.task.awaits_guidance
                        else STATUSES[_pick(report.task.ref, report.organization.code, len(STATUSES))])
    done = status in (ImplementationStatus.DONE_ON_TIME, ImplementationStatus.DONE_LATE)
    changes = {"status": status, "progress": 100 if done else 30 + 10 * i, "results": MARK + RESULTS[i],
               "difficulties": DIFFICULTIES if i % 2 else "", "proposals": PROPOSALS if i % 3 == 0 else "",
               "budget_used": 50_000_000 * (i + 1) if i % 2 == 0 else None, "is_estimate": i == 1}
    items = []
    if outputs and status != ImplementationStatus.AWAITING_GUIDANCE:
        short = abbreviation(report.organization)
        items = [OutputInput(kind=ProductKind.PLAN, number=f"{100 + i * 17}/KH-{short}",
                             date=dt.date(report.cycle.year, 3, 10 + i), issuer=report.organization.name,
                             title=MARK + "Kế hoạch triển khai nhiệm vụ " + report.task.ref)]
    return save_report(actor, report, report.version, changes, items)


def _deliver(report, writer, approver, when):
    with frozen_at(when):
        report = _fill(report, writer)
        report = submit(writer, report, report.version)
    if report.state == ReportState.SUBMITTED:
        with frozen_at(when + dt.timedelta(hours=5)):
            report = approve(approver, report, report.version)
    return report


def _season_2025(plan, users) -> str:
    with frozen_at(_at(2025, 10, 1)):
        cycle = open_cycle(SYSTEM, plan, year=2025, kind=CycleKind.ANNUAL)
        cycle = notify_bodies(SYSTEM, cycle, cycle.version)
    reports = list(cycle.reports.select_related("organization", "task", "cycle")
                   .filter(organization__code__in=["th-snnmt", "th-syt", "th-sct", "th-sxd", "th-skhcn"]))
    accepted = 0
    for report in reports:
        if _pick(report.organization.code, "2025", 4) == 0:
            continue  # a quarter of the departments never reported in 2025
        report = _deliver(report, SYSTEM, SYSTEM, _at(2025, 11, 5 + _pick(report.organization.code, "d", 15)))
        with frozen_at(_at(2025, 12, 2)):
            accept(users.get("dieuphoi", SYSTEM), report, report.version)
        accepted += 1
    with frozen_at(_at(2025, 12, 20)):
        cycle.refresh_from_db()
        cycle = close_cycle(SYSTEM, cycle, cycle.version)
        set_cycle_publication(SYSTEM, cycle, cycle.version, True)
    return _("2025 annual cycle (demo data, closed): %(accepted)d of %(total)d department reports accepted.") % {
        "accepted": accepted, "total": len(reports)}


def _season_2026(plan, users) -> str:
    coordinator = users.get("dieuphoi", SYSTEM)
    with frozen_at(_at(2026, 10, 1)):
        cycle = open_cycle(coordinator, plan, year=2026, kind=CycleKind.ANNUAL)
        cycle = notify_bodies(coordinator, cycle, cycle.version)
    everything = list(cycle.reports.select_related("organization", "task", "cycle").order_by("pk"))
    by_body: dict[str, list[TaskReport]] = {}
    for report in everything:
        by_body.setdefault(report.organization.code, []).append(report)
    departments = 0
    for code, reports in sorted(by_body.items()):
        if code == "th-snnmt":
            _nnmt(reports, users)
        elif code == "th-syt":
            _yte(reports, users)
        elif reports[0].organization.kind in ("commune", "commune_pc"):
            if code == "th-xp-14797":
                _commune(reports, users)
            elif _pick(code, "commune", 8) == 0:  # one commune in eight reported on time, accepted
                for report in reports:
                    report = _deliver(report, SYSTEM, SYSTEM, _at(2026, 11, 12))
                    with frozen_at(_at(2026, 11, 21)):
                        accept(coordinator, report, report.version)
        else:
            _department(LANES[departments % len(LANES)], reports, coordinator)
            departments += 1
    counts = ", ".join(f"{ReportState(s).label} {cycle.reports.filter(state=s).count()}" for s in ReportState.values)
    return _("2026 annual cycle (demo data, open, id %(id)d): %(counts)s.") % {"id": cycle.pk, "counts": counts}


def _nnmt(reports, users):
    """Sở Nông nghiệp và Môi trường: every state, so its officers see a working season."""
    writer, approver = users.get("nnmt.baocao", SYSTEM), users.get("nnmt.duyet", SYSTEM)
    coordinator = users.get("dieuphoi", SYSTEM)
    for n, report in enumerate(reports):
        lane = NNMT_LANES[n % len(NNMT_LANES)]
        if lane == 0:  # accepted, delivered on time
            report = _deliver(report, writer, approver, _at(2026, 11, 10))
            with frozen_at(_at(2026, 11, 18)):
                report = accept(coordinator, report, report.version)
            if report.task.ref == REOPENED[0]:
                with frozen_at(_at(2026, 11, 22)):
                    reopen(coordinator, report, report.version, REOPENED[1])
        elif lane == 1:  # approved, waiting for the coordinator
            _deliver(report, writer, approver, _at(2026, 11, 14))
        elif lane == 2:  # returned by the coordinator with a reason
            report = _deliver(report, writer, approver, _at(2026, 11, 13))
            with frozen_at(_at(2026, 11, 19)):
                return_report(coordinator, report, report.version,
                              "Đề nghị bổ sung số liệu cụ thể và số, ngày văn bản đã ban hành.")
        elif lane == 3:  # submitted, waiting for the approver
            with frozen_at(_at(2026, 11, 20)):
                report = _fill(report, writer)
                submit(writer, report, report.version)
        elif lane == 4:  # a draft being written
            with frozen_at(_at(2026, 11, 21)):
                _fill(report, writer, outputs=False)
        # lane 5: not started


def _yte(reports, users):
    """Sở Y tế has no approver account: a submission goes straight to the coordinator."""
    writer, coordinator = users.get("yte.baocao", SYSTEM), users.get("dieuphoi", SYSTEM)
    for n, report in enumerate(reports):
        if n % 3 == 0:  # delivered two days late
            _deliver(report, writer, SYSTEM, _at(2026, 11, 17))
        elif n % 3 == 1:  # delivered, returned by the coordinator
            report = _deliver(report, writer, SYSTEM, _at(2026, 11, 14))
            with frozen_at(_at(2026, 11, 20)):
                return_report(coordinator, report, report.version, "Đề nghị nêu rõ kết quả đạt được trong năm.")


def _commune(reports, users):
    writer = users.get("hacthanh.baocao", SYSTEM)
    for n, report in enumerate(reports):
        if n < 5:
            _deliver(report, writer, SYSTEM, _at(2026, 11, 14))
        elif n < 8:
            with frozen_at(_at(2026, 11, 20)):
                _fill(report, writer, outputs=False)


def _department(lane, reports, coordinator):
    """Two bodies in three deliver everything and most of it is accepted, so a 2026 provincial report
    can be built from the demo; the others left drafts or nothing (they get the chasing letter)."""
    for n, report in enumerate(reports if lane < 3 else reports[:DEPARTMENT_SAMPLE]):
        if lane == 0:  # everything accepted, on time
            report = _deliver(report, SYSTEM, SYSTEM, _at(2026, 11, 11))
            with frozen_at(_at(2026, 11, 18)):
                accept(coordinator, report, report.version)
        elif lane == 1:  # delivered on time; the coordinator has accepted all but the last two
            report = _deliver(report, SYSTEM, SYSTEM, _at(2026, 11, 15, 16))
            if n < len(reports) - 2:
                with frozen_at(_at(2026, 11, 20)):
                    accept(coordinator, report, report.version)
        elif lane == 2:  # delivered late, accepted (two lanes in six)
            report = _deliver(report, SYSTEM, SYSTEM, _at(2026, 11, 19))
            with frozen_at(_at(2026, 11, 23)):
                accept(coordinator, report, report.version)
        elif lane == 3:  # drafts only
            with frozen_at(_at(2026, 11, 16)):
                _fill(report, SYSTEM, outputs=False)
        # lane 4: nothing yet — these bodies get the chasing letter
