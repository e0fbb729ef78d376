"""Indicator API: the registry, targets, observations and assessments; the coordinator records values.

Reads need no credentials: the public reads published indicators, officers every one (restricted
querysets, as the pages). Recording a value needs a token, or a session with its CSRF token; refusals
are 400 (a wrong value, with the field), 403 (not the coordinator), 409 (the period already holds a
value: send `replace` to correct it, or the actual for an estimate) — nothing is written then.
"""


import datetime as dt
from decimal import Decimal

from django.db.models import F, IntegerField, OuterRef, Subquery, Value
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from xanh.core.errors import ServiceError
from xanh.indicators import queries
from xanh.indicators.assess_cli import as_json_row, assess_all, headlines
from xanh.indicators.enums import ValueKind
from xanh.indicators.leads import follow_leads
from xanh.indicators.models import Indicator, Observation, Target
from xanh.indicators.services import record_observation, report_areas, withdraw_observation
from xanh.organizations.models import Organization
from xanh.reporting.api import REFUSALS, ErrorOut, SignedIn

router = Router(tags=["indicators"])


class IndicatorOut(Schema):
    """An indicator of the registry."""

    id: int
    framework: str = Field(..., description="tt10 (Circular 10/2023/TT-BKHĐT), qd1658 (Decision 1658/QĐ-TTg), "
                                            "plan (the province's action plan) or other.")
    code: str = Field(..., description="Unique within its framework.")
    national_code: str
    name: str = Field(..., description="Vietnamese name.")
    name_en: str
    unit: str
    direction: str = Field(..., description="higher or lower (which is better).")
    periodicity: str = Field(..., description="annual, biennial, five_yearly or other.")
    objective: int | None = Field(None, description="Objective of Decision 1658/QĐ-TTg (1–4).")
    roadmap: str
    lead: str | None = Field(None, description="Code of the body leading it today, when resolved (followed "
                                               "through mergers since it was set).")
    lead_as_written: str
    disaggregation: str
    themes: list[str] = Field(..., description="Codes of the plan's themes it is linked to.")
    tasks: list[str] = Field(..., description="References of the plan's tasks it measures (II.4).")
    source: str
    confidence: str
    is_public: bool

    @staticmethod
    def resolve_lead(obj):
        return obj.lead_today.code if obj.lead_today else None

    @staticmethod
    def resolve_themes(obj):
        return [t.code for t in obj.themes.all()]

    @staticmethod
    def resolve_tasks(obj):
        return [t.ref for t in obj.tasks.all()]


class TargetOut(Schema):
    """Where an indicator should be by a year: a level, a change from a baseline (percent), an amount every
    year from `start_year`, or a cumulative amount over those years."""

    id: int
    indicator: int = Field(..., description="Indicator id.")
    code: str = Field(..., description="The indicator's code.")
    area: str | None = Field(None, description="Body code of the area; null for a national target.")
    kind: str = Field(..., description="level, change, annual or cumulative.")
    value: Decimal
    value_max: Decimal | None = Field(None, description="Upper value when the target is a range.")
    year: int
    start_year: int | None = None
    baseline_year: int | None = None
    baseline_value: Decimal | None = None
    text: str = Field(..., description="The target as the source words it.")
    source: str
    confidence: str

    @staticmethod
    def resolve_indicator(obj):
        return obj.indicator_id

    @staticmethod
    def resolve_code(obj):
        return obj.indicator.code

    @staticmethod
    def resolve_area(obj):
        return obj.area.code if obj.area_id else None


def _reader(context):
    request = context["request"]
    return getattr(request, "auth", None) or request.user


def _officer(context) -> bool:
    from xanh.core.access import is_member

    return is_member(_reader(context))


class ObservationOut(Schema):
    """One value of an indicator for a year and area. Never overwritten: a newer value supersedes it."""

    id: int
    indicator: int = Field(..., description="Indicator id.")
    code: str = Field(..., description="The indicator's code.")
    area: str = Field(..., description="Body code of the area.")
    year: int
    value: Decimal = Field(..., description="In the indicator's unit.")
    value_as_entered: str
    unit_as_entered: str
    kind: ValueKind
    source: str
    confidence: str
    flag: str = Field(..., description="Empty, flagged (an implausible jump, to review) or confirmed.")
    flag_note: str
    current: bool = Field(..., description="False when a newer value superseded it.")
    superseded_by: int | None = None
    report: int | None = Field(None, description="The task report it was filed with.")
    entered_by: str | None = Field(None, description="Username of who entered it; null for the system.")
    entered_at: dt.datetime
    reviewed_at: dt.datetime | None = None

    @staticmethod
    def resolve_indicator(obj):
        return obj.indicator_id

    @staticmethod
    def resolve_code(obj):
        return obj.indicator.code

    @staticmethod
    def resolve_area(obj):
        return obj.area.code

    @staticmethod
    def resolve_flag_note(obj, context):
        # the note may quote a value the public does not read (filed with a report not yet accepted)
        return obj.flag_note if _officer(context) else ""

    @staticmethod
    def resolve_current(obj, context):
        return ObservationOut.resolve_superseded_by(obj, context) is None

    @staticmethod
    def resolve_superseded_by(obj, context):
        # the next value of the period this reader reads (list_observations annotates it); the public reads
        # the newest released value of each period only
        if not _officer(context):
            return None
        return getattr(obj, "next_readable", obj.superseded_by_id)

    @staticmethod
    def resolve_report(obj):
        return obj.report_id

    @staticmethod
    def resolve_entered_by(obj, context):
        # officers' accounts are not public: the public sees the value, its source, not who typed it
        if not obj.entered_by_id or not _officer(context):
            return None
        return obj.entered_by.username


class AssessmentOut(Schema):
    """As `xanh indicators assess --format json`: one target per indicator, the next one due."""

    code: str
    status: str = Field(..., description="on_track, accelerate, off_track or insufficient.")
    latest_value: float | None = None
    latest_period: int | None = Field(None, description="The year of the latest value.")
    target_value: float | None = None
    target_year: int
    required_rate: float | None = Field(None, description="Per year: percent when the method is compound, "
                                                          "else in the indicator's unit.")


class ObservationIn(Schema):
    indicator: str = Field(..., description="Indicator id, or code (with `framework` when codes repeat).")
    framework: str = ""
    area: str = Field("", description="Body code of the area; with `report`, the body's province (a commune's "
                                      "own area) when left empty.")
    year: int
    value: Decimal
    unit: str = Field("", description="When not the indicator's unit; converted (e.g. nghìn ha → ha).")
    kind: ValueKind = ValueKind.ACTUAL
    source: str = ""
    replace: bool = Field(False, description="Correct the current value of the same kind for the year.")
    report: int | None = Field(None, description="File the value with this task report (id): how a body's reporter "
                                                 "or approver records the value of an indicator measuring the "
                                                 "report's task, while the report is editable. Public once the "
                                                 "coordinator accepts the report.")


class IndicatorFilters(Schema):
    framework: str = ""
    objective: int | None = None
    q: str = Field("", description="Search code and names, ignoring diacritics.")


class TargetFilters(Schema):
    indicator: str = Field("", description="Indicator id or code.")
    area: str = Field("", description="Body code; `national` for national targets.")


class ObservationFilters(Schema):
    indicator: str = Field("", description="Indicator id or code.")
    area: str = Field("", description="Body code.")
    year: int | None = None
    current: bool | None = Field(None, description="true: only current values; false: only superseded ones.")


def _by_indicator(qs, ref: str, path: str = "indicator"):
    if not ref:
        return qs
    if ref.isdigit():
        return qs.filter(**{f"{path}_id": int(ref)})
    return qs.filter(**{f"{path}__code": ref})


@router.get("/indicators", response=list[IndicatorOut])
def list_indicators(request, filters: Query[IndicatorFilters]):
    """Indicators the caller may see (the public: published ones), filtered by framework, objective, search."""
    return queries.registry(request.auth, queries.RegistryFilters(
        framework=filters.framework, objective=filters.objective, q=filters.q))


@router.get("/indicators/{indicator_id}", response={200: IndicatorOut, 404: ErrorOut})
def get_indicator(request, indicator_id: int):
    items = queries.visible(request.auth).select_related("lead").prefetch_related(*queries.links(request.auth))
    try:
        return follow_leads([items.get(pk=indicator_id)])[0]
    except Indicator.DoesNotExist as exc:
        raise Http404 from exc


@router.get("/targets", response=list[TargetOut])
def list_targets(request, filters: Query[TargetFilters]):
    """Targets of the indicators the caller may see."""
    qs = Target.objects.restrict(request.auth, "view").select_related("indicator", "area").order_by(
        "indicator__framework", "indicator__code", "year", "pk")
    qs = _by_indicator(qs, filters.indicator)
    if filters.area == "national":
        qs = qs.filter(area__isnull=True)
    elif filters.area:
        qs = qs.filter(area__code=filters.area)
    return qs


def _next_readable(user):
    """The id of the next value of the same period among those `user` reads (None: this one is current)."""
    newer = Observation.objects.restrict(user, "view").filter(
        indicator=OuterRef("indicator"), area=OuterRef("area"), year=OuterRef("year"), pk__gt=OuterRef("pk"))
    from xanh.core.access import is_coordinator, is_member

    if is_coordinator(user):
        return F("superseded_by_id")
    if not is_member(user):
        return Value(None, output_field=IntegerField())   # the public reads current values only
    return Subquery(newer.order_by("pk").values("pk")[:1])


@router.get("/observations", response=list[ObservationOut])
@paginate(LimitOffsetPagination)
def list_observations(request, filters: Query[ObservationFilters]):
    """Values of the indicators the caller may see, superseded ones included unless `current=true`,
    paginated (`limit`, `offset`)."""
    qs = (Observation.objects.restrict(request.auth, "view").select_related("indicator", "area", "entered_by")
          .annotate(next_readable=_next_readable(request.auth))
          .order_by("indicator__framework", "indicator__code", "area__code", "year", "pk"))
    qs = _by_indicator(qs, filters.indicator)
    if filters.area:
        qs = qs.filter(area__code=filters.area)
    if filters.year is not None:
        qs = qs.filter(year=filters.year)
    if filters.current is not None:
        current = Observation.objects.current_for(request.auth)
        qs = qs.filter(pk__in=current.values("pk")) if filters.current else qs.exclude(pk__in=current.values("pk"))
    return qs


@router.get("/assessments", response=list[AssessmentOut])
def list_assessments(request):
    """For each visible indicator with a target, its next target due, assessed on the current values the caller
    reads (the public: published indicators, released values; the coordinator reads what `xanh indicators
    assess` reads)."""
    return [as_json_row(item) for item in headlines(assess_all(request.auth))]


def _indicator_for(user, ref: str, framework: str) -> Indicator:
    qs = Indicator.objects.restrict(user, "view")
    qs = qs.filter(pk=int(ref)) if ref.isdigit() else qs.filter(code=ref)
    if framework:
        qs = qs.filter(framework=framework)
    found = list(qs[:2])
    if not found:
        raise ServiceError(_("There is no indicator “%(code)s”.") % {"code": ref}, field="indicator")
    if len(found) > 1:
        raise ServiceError(_("Code “%(code)s” is used in several frameworks: send `framework`.") % {"code": ref},
                           field="framework")
    return found[0]


def _report_for(user, pk: int):
    from xanh.reporting.models import TaskReport
    from xanh.reporting.queries import get_report

    try:
        return get_report(user, pk)
    except TaskReport.DoesNotExist as exc:
        raise HttpError(404, _("There is no task report %(id)d you may see.") % {"id": pk}) from exc


@router.post("/observations", response={201: ObservationOut, **REFUSALS}, auth=SignedIn())
def create_observation(request, payload: ObservationIn):
    """Record one value (as the form and the upload do): converted to the indicator's unit, checked against
    its plausible range, flagged (not refused) when it jumps implausibly. The coordinator records any value;
    a body's reporter or approver files one with its editable report (`report`) on a task the indicator
    measures."""
    indicator = _indicator_for(request.auth, payload.indicator, payload.framework)
    report = _report_for(request.auth, payload.report) if payload.report is not None else None
    if not payload.area:
        if report is None:
            raise ServiceError(_("Give the area: the code of the body whose area the value is for."), field="area")
        area = report_areas(report)[0]
    else:
        area = Organization.objects.filter(code=payload.area).first()
    if area is None:
        raise ServiceError(_("Unknown body code “%(code)s”.") % {"code": payload.area}, field="area")
    try:
        observation = record_observation(request.auth, indicator, area, payload.year, payload.value,
                                         unit=payload.unit or None, kind=payload.kind, source=payload.source,
                                         report=report, replace=payload.replace,
                                         value_as_entered=str(payload.value))
    except ServiceError as exc:
        held = Observation.objects.filter(indicator=indicator, area=area, year=payload.year,
                                          superseded_by__isnull=True).exists()
        if held and exc.field in ("year", "kind"):
            raise HttpError(409, str(exc.message)) from exc
        raise
    observation = Observation.objects.select_related("indicator", "area", "entered_by").get(pk=observation.pk)
    return Status(201, observation)


@router.delete("/observations/{observation_id}", response={204: None, **REFUSALS}, auth=SignedIn())
def delete_observation(request, observation_id: int):
    """Withdraw a value filed with a task report while the report is still editable (its body's reporter or
    approver, or the coordinator); the value it superseded is current again. Other values are never deleted:
    a newer value supersedes them."""
    observation = Observation.objects.restrict(request.auth, "view").filter(pk=observation_id).first()
    if observation is None:
        raise Http404
    withdraw_observation(request.auth, observation)
    return Status(204, None)
