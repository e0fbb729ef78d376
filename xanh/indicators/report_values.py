"""The indicators of a task on its report page: the values the reporting body files with its report.

Registered with reporting.extensions when the app loads. The panel lists the indicators that measure the
report's task (as far as the user sees them), each with its latest value and the values filed with this
report; while the report is editable, those who write for the body record a value (usually the year's
estimate, filed by 15/11 and superseded by the actual later) or withdraw one they filed. Three queries.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from xanh.indicators.enums import ValueKind
from xanh.indicators.forms import ObservationForm
from xanh.indicators.models import Indicator, Observation
from xanh.indicators.services import report_areas
from xanh.indicators.services.observations import body_writers

TEMPLATE = "indicators/_report_values.html"


@dataclass
class TaskIndicator:
    indicator: Indicator
    latest: Observation | None = None               # the newest current value for the report's areas
    filed: list[Observation] = field(default_factory=list)   # filed with this report, newest first


def task_indicators(user, report) -> list[TaskIndicator]:
    """The indicators measuring the report's task that `user` sees, with their latest value for the report's
    areas and the values filed with this report."""
    indicators = list(Indicator.objects.restrict(user, "view").filter(tasks=report.task_id).order_by(
        "framework", "code"))
    if not indicators:
        return []
    rows = {i.pk: TaskIndicator(i) for i in indicators}
    areas = [a.pk for a in report_areas(report)]
    values = (Observation.objects.restrict(user, "view").current_for(user)
              .filter(indicator__in=indicators, area__in=areas).select_related("area").order_by("year", "pk"))
    for observation in values:
        rows[observation.indicator_id].latest = observation
    filed = defaultdict(list)
    for observation in (Observation.objects.restrict(user, "view").filter(report=report, indicator__in=indicators)
                        .select_related("area").order_by("-year", "-pk")):
        filed[observation.indicator_id].append(observation)
    for pk, row in rows.items():
        row.filed = filed[pk]
    return list(rows.values())


def value_form(report, indicators, data=None) -> ObservationForm:
    """The form recording one value with the report: the year of the cycle, an estimate, the usual area."""
    areas = report_areas(report)
    initial = {"year": report.cycle.year, "kind": ValueKind.ESTIMATE, "area": str(areas[0].pk) if areas else ""}
    if len(indicators) == 1:
        initial["indicator"] = str(indicators[0].pk)
    return ObservationForm(data, indicators=indicators, areas=areas, initial=initial, prefix="value")


def mark_withdrawable(user, report, rows: list[TaskIndicator]) -> None:
    """`withdrawable` on each filed value the user may take back now (withdraw_observation's rule): never
    public, current, and filed by the body (the coordinator: any); one query when values were filed."""
    filed = [o for row in rows for o in row.filed]
    if not filed:
        return
    from xanh.core.access import is_coordinator

    coordinator = is_coordinator(user)
    writers = body_writers(report.organization_id)
    for observation in filed:
        observation.withdrawable = (observation.is_current and not observation.released
                                    and (coordinator or observation.entered_by_id in writers))


def panel(request, report, can_edit: bool, state: dict) -> dict | None:
    """The report page's panel (None when no indicator measures the task)."""
    rows = task_indicators(request.user, report)
    if not rows:
        return None
    if can_edit:
        mark_withdrawable(request.user, report, rows)
    form = state.get("value_form")
    if form is None and can_edit:
        form = value_form(report, [row.indicator for row in rows])
    return {"template": TEMPLATE, "rows": rows, "form": form if can_edit else None, "can_edit": can_edit,
            "report": report, "note": state.get("note")}
