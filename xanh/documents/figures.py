"""The figures a provincial document quotes, as named tokens the coordinator can write into any section.

A section's text says ``{{hoan_thanh}}`` where it wants the number of completed tasks; the builder
puts in the value computed from the same `CycleProgress` that fills the appendix table, so the text
and the appendix cannot disagree, whatever the coordinator edits. Token names are Vietnamese (the
people who type them are), values are formatted the Vietnamese way (1.234,5).
"""

import re
from decimal import ROUND_HALF_UP, Decimal

from django.utils.numberformat import format as number_format
from django.utils.translation import gettext_lazy as _

from xanh.reporting.enums import ImplementationStatus as S
from xanh.reporting.progress import NO_REPORT, CycleProgress

TOKEN = re.compile(r"\{\{\s*([a-z0-9_]+)\s*\}\}")

DESCRIPTIONS = {
    "nam": _("the year of the cycle"),
    "tong_nhiem_vu": _("tasks in the cycle"),
    "hoan_thanh": _("tasks completed (on time or late)"),
    "hoan_thanh_dung_han": _("tasks completed on time"),
    "hoan_thanh_muon": _("tasks completed late"),
    "thuong_xuyen": _("tasks carried out regularly"),
    "dung_tien_do": _("tasks in progress on schedule"),
    "cham_tien_do": _("tasks behind schedule"),
    "chua_trien_khai": _("tasks not started"),
    "cho_huong_dan": _("tasks waiting for central guidance"),
    "chua_co_bao_cao": _("tasks without an accepted report"),
    "ty_le_hoan_thanh": _("share of tasks completed (%)"),
    "ty_le_hoan_thanh_dung_han": _("share of tasks completed on time (%)"),
    "bao_cao_phai_nop": _("reports expected from the bodies"),
    "bao_cao_da_nhan": _("reports delivered to the coordinator"),
    "bao_cao_da_chap_nhan": _("reports accepted"),
    "bao_cao_dung_han": _("reports delivered on time"),
    "bao_cao_nop_muon": _("reports delivered late"),
    "ty_le_nop_dung_han": _("share of expected reports delivered on time (%)"),
    "so_co_quan": _("bodies that owe reports"),
    "co_quan_chua_bao_cao": _("bodies with reports not delivered"),
}


def rounded(value, decimals: int = 0) -> Decimal:
    """Rounded half up, as people round (number_format alone would cut 14,46 to 14,4)."""
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def vi_number(value, decimals: int = 0) -> str:
    """1234.5 → "1.234,5" whatever the interface language: the documents are Vietnamese."""
    return number_format(rounded(value, decimals), ",", decimal_pos=decimals, grouping=3, thousand_sep=".",
                         force_grouping=True)


def percent_value(part: int, whole: int) -> Decimal:
    """The share in percent with one decimal, the same number in the text and in the spreadsheet."""
    return rounded(Decimal(100) * part / whole if whole else 0, 1)


def vi_percent(part: int, whole: int) -> str:
    return vi_number(percent_value(part, whole), 1)


def values(progress: CycleProgress) -> dict[str, str]:
    """Every token's value for this cycle, formatted for the document."""
    counts = progress.by_status
    done = counts[S.DONE_ON_TIME] + counts[S.DONE_LATE]
    total = progress.task_count
    bodies = {org_id for item in progress.tasks for org_id in item.missing} | {
        report.organization_id for item in progress.tasks for report in item.reports}
    numbers = {
        "nam": str(progress.cycle.year),
        "tong_nhiem_vu": total,
        "hoan_thanh": done,
        "hoan_thanh_dung_han": counts[S.DONE_ON_TIME],
        "hoan_thanh_muon": counts[S.DONE_LATE],
        "thuong_xuyen": counts[S.RECURRING],
        "dung_tien_do": counts[S.ON_TRACK],
        "cham_tien_do": counts[S.BEHIND],
        "chua_trien_khai": counts[S.NOT_STARTED],
        "cho_huong_dan": counts[S.AWAITING_GUIDANCE],
        "chua_co_bao_cao": counts[NO_REPORT],
        "ty_le_hoan_thanh": vi_percent(done, total),
        "ty_le_hoan_thanh_dung_han": vi_percent(counts[S.DONE_ON_TIME], total),
        "bao_cao_phai_nop": progress.expected,
        "bao_cao_da_nhan": progress.delivered,
        "bao_cao_da_chap_nhan": progress.accepted,
        "bao_cao_dung_han": progress.on_time,
        "bao_cao_nop_muon": progress.late,
        "ty_le_nop_dung_han": vi_percent(progress.on_time, progress.expected),
        "so_co_quan": len(bodies),
        "co_quan_chua_bao_cao": len(progress.bodies_missing),
    }
    return {key: value if isinstance(value, str) else vi_number(value) for key, value in numbers.items()}


def unknown_tokens(text: str) -> list[str]:
    return sorted({name for name in TOKEN.findall(text or "") if name not in DESCRIPTIONS})


def fill(text: str, figures: dict[str, str]) -> str:
    """The text with every token replaced by its value (unknown tokens are left as typed)."""
    return TOKEN.sub(lambda m: figures.get(m.group(1), m.group(0)), text or "")
