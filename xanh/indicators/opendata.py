"""Rows of the indicator open datasets (the fields are defined with the others in xanh.portal.opendata),
and the observations in SDMX-CSV for statistical exchange.

Read as the public reads them, whoever asks: published indicators, their targets, and their current
values (a superseded estimate is not published; the actual that replaced it is).
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch
from django.utils import timezone

from xanh.indicators.enums import ValueKind
from xanh.indicators.leads import follow_leads
from xanh.indicators.models import Indicator, Observation, Target
from xanh.plans.models import Task, Theme

PUBLIC = AnonymousUser()
DATAFLOW = "XANH:GREEN_GROWTH_INDICATORS(1.0)"
SDMX_COLUMNS = ["DATAFLOW", "INDICATOR", "REF_AREA", "TIME_PERIOD", "OBS_VALUE", "UNIT_MEASURE", "OBS_STATUS"]
OBS_STATUS = {ValueKind.ACTUAL: "A", ValueKind.ESTIMATE: "E"}  # SDMX code list CL_OBS_STATUS
_NOT_ID = re.compile(r"[^A-Za-z0-9_@$-]")


def sdmx_id(indicator: Indicator) -> str:
    """The indicator's code as an SDMX identifier: framework, underscore, code; characters SDMX ids do not
    allow (anything but letters, digits, _ @ $ -) become underscores. tt10 1.1 → TT10_1_1."""
    return _NOT_ID.sub("_", f"{indicator.framework.upper()}_{indicator.code}")


def decimal_text(value) -> str | None:
    """A stored decimal as plain text, dot as the decimal mark, no trailing zeros: 647737.350000 → 647737.35."""
    if value is None:
        return None
    text = f"{Decimal(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _published():
    return Indicator.objects.restrict(PUBLIC, "view")


def indicator_rows(ctx):
    themes = Theme.objects.restrict(PUBLIC, "view").filter(removed_in__isnull=True).order_by("plan_id", "order")
    tasks = Task.objects.restrict(PUBLIC, "view").filter(removed_in__isnull=True).order_by("plan_id", "number")
    items = (_published().select_related("lead").order_by("framework", "code")
             .prefetch_related(Prefetch("themes", queryset=themes), Prefetch("tasks", queryset=tasks)))
    for i in follow_leads(list(items)):
        yield {"id": i.pk, "framework": i.framework, "code": i.code, "sdmx_id": sdmx_id(i),
               "national_code": i.national_code, "name": i.name, "name_en": i.name_en, "unit": i.unit,
               "direction": i.direction, "periodicity": i.periodicity, "objective": i.objective,
               "roadmap": i.roadmap, "lead_body": i.lead_today.name if i.lead_today else i.lead_as_written,
               "themes": "; ".join(t.code for t in i.themes.all()),
               "tasks": "; ".join(t.ref for t in i.tasks.all()), "source": i.source, "confidence": i.confidence,
               "url": ctx.link("indicators:detail", i.pk)}


def target_rows(ctx):
    targets = (Target.objects.filter(indicator__in=_published()).select_related("indicator", "area")
               .order_by("indicator__framework", "indicator__code", "year", "pk"))
    for t in targets:
        yield {"indicator_id": t.indicator_id, "indicator_code": t.indicator.code, "framework": t.indicator.framework,
               "area_code": t.area.code if t.area_id else None, "area_name": t.area.name if t.area_id else None,
               "kind": t.kind, "value": decimal_text(t.value), "value_max": decimal_text(t.value_max),
               "year": t.year, "start_year": t.start_year, "baseline_year": t.baseline_year,
               "baseline_value": decimal_text(t.baseline_value), "text": t.text, "source": t.source}


def current_observations():
    return (Observation.objects.public_current().filter(indicator__in=_published())
            .select_related("indicator", "area")
            .order_by("indicator__framework", "indicator__code", "area__code", "year", "pk"))


def observation_rows(ctx):
    for o in current_observations():
        yield {"indicator_id": o.indicator_id, "indicator_code": o.indicator.code, "framework": o.indicator.framework,
               "sdmx_id": sdmx_id(o.indicator), "area_code": o.area.code, "area_name": o.area.name, "year": o.year,
               "value": decimal_text(o.value), "unit": o.indicator.unit, "kind": o.kind, "source": o.source,
               "confidence": o.confidence, "flag": o.flag, "entered_on": timezone.localdate(o.entered_at)}


def csv_cell(text: str) -> str:
    """Free text in a CSV cell: an apostrophe before = + - @ so that a spreadsheet does not run it."""
    from xanh.plans.exports import FORMULA_STARTS

    return "'" + text if text.startswith(FORMULA_STARTS) else text


def sdmx_csv() -> bytes:
    """SDMX-CSV 1.0: DATAFLOW, the dimensions, OBS_VALUE, then attributes; UTF-8 without a byte-order mark."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(SDMX_COLUMNS)
    for o in current_observations():
        writer.writerow([DATAFLOW, sdmx_id(o.indicator), o.area.code, str(o.year), decimal_text(o.value),
                         csv_cell(o.indicator.unit), OBS_STATUS.get(o.kind, "A")])
    return buffer.getvalue().encode("utf-8")
