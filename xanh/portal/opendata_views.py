"""Open data under /open/: the index documenting every dataset, and each dataset as CSV or JSON."""

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from xanh.indicators.opendata import sdmx_csv
from xanh.portal import opendata, queries
from xanh.reporting.models import Cycle

MAX_AGE = 300


def context_for(request, dataset: opendata.Dataset, cycle_id=None) -> opendata.Context:
    """The rows' context from the request; an unknown or unpublished plan or cycle is 404."""
    link = lambda name, *args: request.build_absolute_uri(reverse(name, args=args))  # noqa: E731
    cycle = plan_id = None
    if dataset.per_cycle:
        try:
            cycle = queries.get_cycle(cycle_id)
        except (Cycle.DoesNotExist, ValueError, TypeError) as exc:
            raise Http404 from exc
    wanted = request.GET.get("plan", "") if dataset.params else ""
    if wanted:
        if not wanted.isdigit() or not queries.plans().filter(pk=int(wanted)).exists():
            raise Http404
        plan_id = int(wanted)
    return opendata.Context(link=link, cycle=cycle, plan_id=plan_id)


@require_safe
@cache_control(public=True, max_age=MAX_AGE)
def dataset(request, name, fmt, cycle_id=None):
    item = opendata.DATASETS[name]
    rows = item.rows(context_for(request, item, cycle_id))
    if fmt == "json":
        return JsonResponse(opendata.as_json(item, rows), json_dumps_params={"ensure_ascii": False})
    stem = f"{name}-{cycle_id}" if cycle_id is not None else name
    response = HttpResponse(opendata.as_csv(item, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="xanh-{stem}.csv"'
    return response


@require_safe
@cache_control(public=True, max_age=MAX_AGE)
def sdmx_observations(request):
    """The current values of the published indicators in SDMX-CSV 1.0 (docs/open-data.md)."""
    response = HttpResponse(sdmx_csv(), content_type="application/vnd.sdmx.data+csv; version=1.0.0; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="xanh-observations-sdmx.csv"'
    return response


@require_safe
def index(request):
    example = queries.cycles().order_by("-pk").first()
    plan = queries.plans().order_by("pk").first()
    return render(request, "portal/opendata.html", {
        "datasets": list(opendata.DATASETS.values()), "example_cycle": example, "example_plan": plan,
        "cycles": list(queries.cycles()), "section": "portal"})

