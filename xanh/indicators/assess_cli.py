"""`xanh indicators assess`: every target assessed on the current observations, and the reading behind it.

`assess_all(user)` reads targets and observations in three queries (pages reuse it); `headlines()` keeps
one target per indicator for the command. The area a target is assessed for is the target's own; a
national target (no area) is assessed for the province of the plan in force — the province this
installation follows (docs/indicators-method.md, "Which area").
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from xanh.core.services import SYSTEM
from xanh.indicators.assessment import COMPOUND, Progress, assess
from xanh.indicators.enums import Assessment, ValueKind
from xanh.indicators.models import Indicator, Observation, Target
from xanh.organizations.models import Organization
from xanh.plans.enums import PlanState
from xanh.plans.models import Plan

FIELDS = ["code", "status", "latest_value", "latest_period", "target_value", "target_year", "required_rate"]


@dataclass(frozen=True)
class TargetAssessment:
    indicator: Indicator
    target: Target
    area: Organization | None  # where the observations come from; None when no province is known
    progress: Progress


def followed_plan(plans=None) -> Plan | None:
    """The plan in force (the latest one if several; else the latest plan), among `plans` (default: all)."""
    plans = (Plan.objects.all() if plans is None else plans).select_related("province").order_by("-date", "-pk")
    return plans.filter(state=PlanState.ACTIVE).first() or plans.first()


def followed_province() -> Organization | None:
    """The province of the plan in force."""
    plan = followed_plan()
    return plan.province if plan else None


def assess_all(user=SYSTEM, today_year: int | None = None) -> list[TargetAssessment]:
    """Every target the user may see, assessed for its area on the current observations (estimates count
    until an actual supersedes them), ordered by indicator then target year. `user=None` is the system."""
    targets = Target.objects.all() if user is SYSTEM else Target.objects.restrict(user, "view")
    targets = list(targets.select_related("indicator", "area").order_by("indicator__framework", "indicator__code",
                                                                          "year", "pk"))
    if not targets:
        return []
    province = followed_province() if any(t.area_id is None for t in targets) else None
    areas = {t.area or province for t in targets} - {None}
    series = current_series({t.indicator_id for t in targets}, {a.pk for a in areas}, user)
    today_year = date.today().year if today_year is None else today_year
    result = []
    for target in targets:
        area = target.area or province
        values = series.get((target.indicator_id, area.pk), {}) if area else {}
        progress = assess(target, target.indicator.direction, values, today_year=today_year)
        result.append(TargetAssessment(target.indicator, target, area, progress))
    return result


def current_series(indicator_ids, area_ids, user=SYSTEM) -> dict[tuple[int, int], dict[int, float]]:
    """{(indicator id, area id): {year: value}} from the values `user` reads as current (officers: the newest;
    the public: the newest released — ObservationQuerySet); should two current values share a year, an
    actual wins over an estimate, then the later entry."""
    rows = (Observation.objects.current_for(user).filter(indicator_id__in=indicator_ids, area_id__in=area_ids)
            .values_list("indicator_id", "area_id", "year", "value", "kind", "entered_at", "pk"))
    series = defaultdict(dict)
    for indicator_id, area_id, year, value, _kind, _at, _pk in sorted(
            rows, key=lambda r: (r[4] == ValueKind.ACTUAL, r[5], r[6])):
        series[indicator_id, area_id][year] = float(value)
    return dict(series)


def headlines(assessments: list[TargetAssessment], today_year: int | None = None) -> list[TargetAssessment]:
    """One target per indicator: the next one due (the earliest year not yet past), a provincial target before
    a national one of the same year; when every year is past, the latest."""
    today_year = date.today().year if today_year is None else today_year
    by_indicator: dict[int, list[TargetAssessment]] = defaultdict(list)
    for item in assessments:
        by_indicator[item.indicator.pk].append(item)

    def rank(item):
        year = item.target.year
        return (year < today_year, year if year >= today_year else -year, item.target.area_id is None, item.target.pk)

    return [min(items, key=rank) for items in by_indicator.values()]


def as_json_row(item: TargetAssessment) -> dict:
    p = item.progress
    return {"code": item.indicator.code, "status": str(p.status), "latest_value": _number(p.latest_value),
            "latest_period": p.latest_period, "target_value": _number(p.target_value),
            "target_year": p.target_year, "required_rate": _number(p.required_rate)}


def indicators_assess(args) -> int:
    items = headlines(assess_all(SYSTEM))
    if args.format == "json":
        print(json.dumps([as_json_row(item) for item in items], ensure_ascii=False, indent=2))
        return 0
    if not items:
        print(_("No indicator has a target yet."))
        return 0
    header = [_("Code"), _("Assessment"), _("Latest value"), _("Year"), _("Target"), _("Target year"),
              _("Rate needed per year")]
    rows = [header] + [[
        item.indicator.code, Assessment(item.progress.status).label, _value(item.progress.latest_value),
        str(item.progress.latest_period or "—"), _value(item.progress.target_value), str(item.progress.target_year),
        _rate(item)] for item in items]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    counts = defaultdict(int)
    for item in items:
        counts[item.progress.status] += 1
    print("; ".join(f"{choice.label}: {counts[choice]}" for choice in Assessment if counts[choice]))
    return 0


def _number(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def _value(value: float | None) -> str:
    """At most four decimals, trailing zeros dropped, in the active language's format (vi: 1.234,5)."""
    if value is None:
        return "—"
    amount = Decimal(str(round(value, 4)))
    decimals = max(0, -amount.normalize().as_tuple().exponent)
    return number_format(amount, decimal_pos=decimals, force_grouping=True)


def _rate(item: TargetAssessment) -> str:
    rate = item.progress.required_rate
    if rate is None:
        return "—"
    unit = "%" if item.progress.method == COMPOUND else item.indicator.unit
    return f"{_value(rate)} {unit}".rstrip()
