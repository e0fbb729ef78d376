"""Indicator pages: the registry, one indicator with its assessment and chart (and, for the coordinator, the
form adding a target), the summary board, and the coordinator's recording, upload and confirmation of values.
Reads through xanh.indicators.queries; every change through the services (which check the coordinator and record
the audit event)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from xanh.core.access import is_coordinator
from xanh.core.errors import InputError, ServiceError
from xanh.core.views import coordinator_required, form_error
from xanh.indicators import charts, queries
from xanh.indicators.enums import Assessment, FlagState, Framework
from xanh.indicators.forms import ConfirmForm, ObservationForm, RegistryFilterForm, TargetForm, UploadForm
from xanh.indicators.importers import import_indicator_file
from xanh.indicators.models import Indicator, Observation
from xanh.indicators.services import confirm_observation, record_observation
from xanh.organizations.models import Organization, OrgKind

AREA_KINDS = [OrgKind.PROVINCE, OrgKind.DISTRICT_PC, OrgKind.COMMUNE_PC]


@require_safe
def registry(request):
    themes = queries.theme_choices(request.user)
    form = RegistryFilterForm(request.GET or None, themes=themes)
    filters = queries.RegistryFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = queries.RegistryFilters(framework=data["framework"], q=data["q"],
                                          objective=int(data["objective"]) if data["objective"] else None,
                                          theme=int(data["theme"]) if data["theme"] else None)
    items = queries.registry(request.user, filters)
    return render(request, "indicators/registry.html", {
        "form": form, "items": items, "frameworks": dict(Framework.choices), "section": "indicators"})


@require_safe
def indicator_detail(request, pk):
    try:
        page = queries.indicator_page(request.user, pk)
    except Indicator.DoesNotExist as exc:
        raise Http404 from exc
    assessed = []
    for item in page.assessments:
        area_id = item.area.pk if item.area else None
        target = item.target
        chart = charts.build(item.progress, page.series.get(area_id, {}), page.estimates.get(area_id, set()),
                             target.start_year or target.baseline_year or target.year)
        assessed.append((item, chart))
    target_form = None
    if is_coordinator(request.user):
        target_form = TargetForm(areas=queries.target_areas(province=page.province))
    # the values table for one area (a commune, say) when asked: the areas come from the values read
    areas = sorted({o.area.code: o.area for o in page.observations}.values(), key=lambda a: (a.kind != "province",
                                                                                              a.name))
    area = request.GET.get("area", "")
    shown = [o for o in page.observations if o.area.code == area] if area else page.observations
    return render(request, "indicators/detail.html", {
        "page": page, "indicator": page.indicator, "assessed": assessed, "themes": queries.themes_of(page.indicator),
        "confirm_form": ConfirmForm(), "target_form": target_form, "areas": areas, "area": area,
        "observations": shown, "section": "indicators"})


@require_safe
def board(request):
    data = queries.board(request.user)
    return render(request, "indicators/board.html", {
        "board": data, "statuses": Assessment, "confirm_form": ConfirmForm(), "section": "indicators"})


def _areas(user):
    areas = Organization.objects.restrict(user, "view").filter(kind__in=AREA_KINDS, valid_to__isnull=True)
    return sorted(areas, key=lambda a: (AREA_KINDS.index(a.kind), a.name))


@coordinator_required
def observation_new(request):
    indicators = list(Indicator.objects.restrict(request.user, "change").order_by("framework", "code"))
    initial = {"indicator": request.GET.get("indicator", "")}
    areas = _areas(request.user)
    if areas:
        initial["area"] = str(areas[0].pk)
    form = ObservationForm(request.POST or None, indicators=indicators, areas=areas, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        indicator = form.indicators[data["indicator"]]
        try:
            observation = record_observation(
                request.user, indicator, form.areas[data["area"]], data["year"], data["number"],
                unit=data["unit"] or None, kind=data["kind"], source=data["source"], replace=data["replace"],
                value_as_entered=data["value"])
        except ServiceError as exc:
            form_error(form, exc)
        else:
            if observation.flag == FlagState.FLAGGED:
                messages.warning(request, _("Recorded, and flagged for review: %(note)s") % {
                    "note": observation.flag_note})
            else:
                messages.success(request, _("Recorded."))
            return redirect("indicators:detail", indicator.pk)
    return render(request, "indicators/observation_form.html", {"form": form, "section": "indicators"})


@coordinator_required
def upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    outcome, problems, flagged = None, [], []
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            outcome = import_indicator_file(request.user, file.read(), file.name)
        except InputError as exc:
            problems = exc.problems
        except ServiceError as exc:
            form_error(form, exc)
        else:
            flagged = queries.flagged_observations(request.user, [o.pk for o in outcome.flagged])
    return render(request, "indicators/upload.html", {
        "form": form, "outcome": outcome, "problems": problems, "flagged": flagged,
        "confirm_form": ConfirmForm(), "section": "indicators"})


@require_POST
@coordinator_required
def observation_confirm(request, pk):
    try:
        observation = (Observation.objects.restrict(request.user, "change").select_related("indicator")
                       .get(pk=pk))
    except Observation.DoesNotExist as exc:
        raise Http404 from exc
    form = ConfirmForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        confirm_observation(request.user, observation, note)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Value confirmed: %(code)s, %(year)d.") % {
            "code": observation.indicator.code, "year": observation.year})
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return redirect(target)
    return redirect("indicators:detail", observation.indicator_id)
