"""Open data in the API: the /open/ datasets as JSON under /api/v1/open/, without credentials.

The response schemas are made from the data dictionary (xanh.portal.opendata), so the OpenAPI
document, the files and docs/open-data.md describe the same fields.
"""

import datetime as dt

from django.http import Http404
from django.urls import reverse
from django.utils import translation
from ninja import Field, Router, Schema
from pydantic import create_model

from xanh.portal import opendata, queries
from xanh.reporting.models import Cycle

router = Router(tags=["open data"])

TYPES = {"integer": int, "string": str, "boolean": bool, "date": dt.date, "url": str}


class FieldOut(Schema):
    name: str = Field(..., description="Field name; stable.")
    type: str = Field(..., description="integer, string, boolean, date (ISO 8601) or url.")
    description: str
    example: str


class NotFound(Schema):
    detail: str


def _schema(dataset: opendata.Dataset):
    stem = "".join(part.capitalize() for part in dataset.name.split("-"))
    with translation.override("en"):
        row = create_model(f"Open{stem}Row", __base__=Schema, **{
            f.name: (TYPES[f.type] | None, Field(None, description=str(f.description))) for f in dataset.fields})
        return create_model(
            f"Open{stem}Dataset", __base__=Schema, __doc__=str(dataset.description),
            dataset=(str, Field(..., description="The dataset's name.")),
            generated_at=(dt.datetime, Field(..., description="When the data was read.")),
            fields=(list[FieldOut], Field(..., description="The data dictionary.")),
            rows=(list[row], ...))


def _payload(request, name: str, cycle_id: int | None = None, plan: int | None = None) -> dict:
    dataset = opendata.DATASETS[name]
    cycle = None
    if dataset.per_cycle:
        try:
            cycle = queries.get_cycle(cycle_id)
        except Cycle.DoesNotExist as exc:
            raise Http404 from exc
    if plan is not None and not queries.plans().filter(pk=plan).exists():
        raise Http404

    def link(viewname, *args):
        return request.build_absolute_uri(reverse(viewname, args=args))

    rows = dataset.rows(opendata.Context(link=link, cycle=cycle, plan_id=plan))
    return {"dataset": dataset.name, "generated_at": dt.datetime.now(dt.UTC), "fields": opendata.dictionary(dataset),
            "rows": rows}


SCHEMAS = {name: _schema(dataset) for name, dataset in opendata.DATASETS.items()}


@router.get("/open/plans", response=SCHEMAS["plans"], auth=None)
def open_plans(request):
    """Published plans (no credentials needed)."""
    return _payload(request, "plans")


@router.get("/open/tasks", response={200: SCHEMAS["tasks"], 404: NotFound}, auth=None)
def open_tasks(request, plan: int | None = None):
    """Tasks of the published plans; `plan` (id) keeps one plan's (no credentials needed)."""
    return _payload(request, "tasks", plan=plan)


@router.get("/open/cycles", response=SCHEMAS["cycles"], auth=None)
def open_cycles(request):
    """Published reporting cycles (no credentials needed)."""
    return _payload(request, "cycles")


@router.get("/open/indicators", response=SCHEMAS["indicators"], auth=None)
def open_indicators(request):
    """Published indicators (no credentials needed)."""
    return _payload(request, "indicators")


@router.get("/open/targets", response=SCHEMAS["targets"], auth=None)
def open_targets(request):
    """Targets of the published indicators (no credentials needed)."""
    return _payload(request, "targets")


@router.get("/open/observations", response=SCHEMAS["observations"], auth=None)
def open_observations(request):
    """Current values of the published indicators (no credentials needed)."""
    return _payload(request, "observations")


@router.get("/open/cycles/{cycle_id}/task-status", response={200: SCHEMAS["task-status"], 404: NotFound}, auth=None)
def open_task_status(request, cycle_id: int):
    """One row per task the published cycle covers, with its consolidated status (no credentials needed)."""
    return _payload(request, "task-status", cycle_id)


@router.get("/open/cycles/{cycle_id}/reports", response={200: SCHEMAS["reports"], 404: NotFound}, auth=None)
def open_reports(request, cycle_id: int):
    """The accepted reports of the published cycle (no credentials needed)."""
    return _payload(request, "reports", cycle_id)


@router.get("/open/cycles/{cycle_id}/outputs", response={200: SCHEMAS["outputs"], 404: NotFound}, auth=None)
def open_outputs(request, cycle_id: int):
    """The outputs listed in the accepted reports of the published cycle (no credentials needed)."""
    return _payload(request, "outputs", cycle_id)
