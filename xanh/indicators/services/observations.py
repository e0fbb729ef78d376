"""Recording observations: one value of an indicator for one year and area.

Checks, in order: who may record it, the year, the unit (converted to the indicator's), the plausible
range, and the period already holding a value. Rows are never overwritten: a newer value supersedes
the current one (`superseded_by`), which stays for the record —
- an actual supersedes an estimate (the estimate filed with the 15/11 report, then the actual);
- an actual replaces an actual, or an estimate an estimate, only when asked explicitly (`replace=True`);
  otherwise the period is refused as a duplicate;
- an estimate never supersedes an actual.
A value that moves from the previous observed year's by more than the indicator's `max_jump` per cent
(DEFAULT_MAX_JUMP when it has none) is saved but flagged for the coordinator, who confirms it.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from xanh.core import audit, clock
from xanh.core.access import is_coordinator
from xanh.core.enums import Confidence
from xanh.core.errors import PermissionDenied, ServiceError
from xanh.core.services import SYSTEM, require_coordinator
from xanh.indicators import units
from xanh.indicators.enums import FlagState, ValueKind
from xanh.indicators.models import Indicator, Observation
from xanh.indicators.services.targets import FIRST_YEAR, LAST_YEAR

DEFAULT_MAX_JUMP = Decimal(50)   # per cent, from one observed year to the next, when the indicator sets none
PLACES = Decimal("0.000001")     # the precision Observation.value stores
LARGEST = Decimal(10) ** 14      # max_digits 20 with 6 decimal places
OBSERVATION_FIELDS = ["indicator", "area", "year", "value", "value_as_entered", "unit_as_entered", "kind", "source",
                      "confidence", "flag", "flag_note", "report", "released"]


def check_may_record(actor, indicator: Indicator, area, report=None) -> None:
    """The coordinator records anything; a body's reporter or approver attaches a value to its own open
    report. A value filed with a report is one of that report's task, for the body itself or its province,
    while the report can be edited — whoever files it."""
    coordinator = actor is SYSTEM or is_coordinator(actor)
    if report is None:
        if not coordinator:
            raise PermissionDenied(_("Only the plan coordinator may record this value."))
        return
    from xanh.reporting.access import can_write_for

    if not coordinator and not can_write_for(actor, report.organization_id):
        raise PermissionDenied(_("Only the plan coordinator may record this value."))
    if not report.is_editable:
        raise ServiceError(_("This report can no longer be edited, so no value can be attached to it."))
    if not indicator.tasks.filter(pk=report.task_id).exists():
        raise PermissionDenied(_("Indicator %(code)s does not measure task %(task)s: only the coordinator may "
                                 "record it.") % {"code": indicator.code, "task": report.task.ref})
    if area.pk not in (report.organization_id, report.organization.province_id):
        raise PermissionDenied(_("A report of %(body)s can only carry values for its own area.") % {
            "body": report.organization})


LOCAL_AREAS = ("district_pc", "commune_pc")   # bodies that are an area themselves (OrgKind values)


def report_areas(report) -> list:
    """The areas a report's values may be for, the usual one first: a commune's (or a former district's) own
    area, else the body's province; the other one second."""
    body, province = report.organization, report.organization.province
    areas = [body, province] if body.kind in LOCAL_AREAS or province is None else [province, body]
    return [area for index, area in enumerate(areas) if area is not None and area not in areas[:index]]


def parse_value(value) -> Decimal:
    """A number, or its text written the Vietnamese way (1.234,5) or plainly (1234.5)."""
    from xanh.indicators.importers.cells import CellError, read_number

    try:
        return read_number(value)
    except CellError as exc:
        raise ServiceError(exc.message, field="value") from exc


def _in_unit(indicator: Indicator, number: Decimal, unit: str | None) -> Decimal:
    converted = units.convert(number, unit, indicator.unit) if unit and unit.strip() else number
    converted = converted.quantize(PLACES, rounding=ROUND_HALF_EVEN)
    if abs(converted) >= LARGEST:
        raise ServiceError(_("The value %(value)s is too large to store.") % {"value": converted}, field="value")
    return converted


def _fmt(value: Decimal) -> str:
    return units.vi_decimal(value)


def check_range(indicator: Indicator, value: Decimal) -> None:
    low, high = indicator.minimum, indicator.maximum
    if (low is not None and value < low) or (high is not None and value > high):
        raise ServiceError(_("%(value)s %(unit)s is outside the plausible range of indicator %(code)s "
                             "(%(low)s to %(high)s).") % {
            "value": _fmt(value), "unit": indicator.unit, "code": indicator.code,
            "low": _fmt(low) if low is not None else "…", "high": _fmt(high) if high is not None else "…"},
            field="value")


def jump_note(indicator: Indicator, previous: Observation | None, value: Decimal, year: int) -> str:
    """Why the value is implausible next to the previous observed year's, or "" when it is not."""
    if previous is None:
        return ""
    limit = indicator.max_jump if indicator.max_jump is not None else DEFAULT_MAX_JUMP
    if previous.value == 0:
        if value == 0:
            return ""
        change = None
    else:
        change = (value - previous.value) / abs(previous.value) * 100
        if abs(change) <= limit:
            return ""
    shown = "∞" if change is None else ("+" if change > 0 else "") + _fmt(change.quantize(Decimal("0.1")))
    return _("From %(old)s %(unit)s in %(old_year)d to %(new)s %(unit)s in %(new_year)d: a change of %(change)s %%, "
             "more than the plausible %(limit)s %%.") % {
        "old": _fmt(previous.value), "old_year": previous.year, "new": _fmt(value), "new_year": year,
        "unit": indicator.unit, "change": shown, "limit": _fmt(limit)}


def _supersede_check(actor, current: Observation | None, kind: str, replace: bool, report) -> None:
    if current is None:
        return
    coordinator = actor is SYSTEM or is_coordinator(actor)
    pending = not current.released and current.report_id != getattr(report, "pk", None)
    if pending and not coordinator:
        # a value waiting with another report: neither shown nor replaced from this one
        raise ServiceError(_("A value for %(area)s, %(year)d is waiting with another task report; the coordinator "
                             "decides which value stands.") % {"year": current.year, "area": current.area},
                           field="year")
    period = {"year": current.year, "area": current.area}
    if current.kind == ValueKind.ACTUAL and kind == ValueKind.ESTIMATE:
        raise ServiceError(_("%(area)s already has the actual value for %(year)d; an estimate cannot replace "
                             "it.") % period, field="kind")
    if pending and report is None:
        return   # the coordinator's figure supersedes a value still waiting with a body's report
    if current.kind == kind and not replace:
        raise ServiceError(_("%(area)s already has a value for %(year)d (%(value)s, entered %(when)s). Replace it "
                             "explicitly if the new value is a correction.") % {
            **period, "value": _fmt(current.value),
            "when": timezone.localtime(current.entered_at).strftime("%d/%m/%Y")}, field="year")
    if current.kind == kind and not coordinator and current.report_id != getattr(report, "pk", None):
        raise PermissionDenied(_("Only the coordinator may replace a value filed by someone else."))


def comparable(indicator: Indicator, area, report=None):
    """The values a new value is judged against for jumps: the released ones (what the public reads) and
    those filed with the same report — never another body's draft, which a flag note would otherwise quote
    to people who may not read it. The newest of a year is its highest id."""
    condition = Q(released=True) | Q(report=report) if report is not None else Q(released=True)
    return Observation.objects.filter(indicator=indicator, area=area).filter(condition)


def _before(values, year: int) -> Observation | None:
    return values.filter(year__lt=year).order_by("-year", "-pk").first()


def _after(values, year: int) -> Observation | None:
    return values.filter(year__gt=year).order_by("year", "-pk").first()


@transaction.atomic
def record_observation(actor, indicator: Indicator, area, year: int, value, unit: str | None = None,
                       kind: str = ValueKind.ACTUAL, source: str = "", report=None, *, replace: bool = False,
                       confidence: str = Confidence.CONFIRMED, value_as_entered: str | None = None) -> Observation:
    if report is not None:   # one writer per report (as its workflow), then per indicator
        report = _locked_report(report.pk)
    check_may_record(actor, indicator, area, report)
    if kind not in ValueKind.values:
        raise ServiceError(_("A value is an actual or an estimate."), field="kind")
    if confidence not in Confidence.values:
        raise ServiceError(_("Unknown confidence “%(value)s”.") % {"value": confidence}, field="confidence")
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = 0
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ServiceError(_("The year must be between %(first)d and %(last)d.") % {
            "first": FIRST_YEAR, "last": LAST_YEAR}, field="year")
    number = _in_unit(indicator, parse_value(value), unit)
    check_range(indicator, number)
    # one writer per indicator at a time: a row not yet written cannot be locked, the indicator can
    Indicator.objects.select_for_update().filter(pk=indicator.pk).first()
    series = Observation.objects.filter(indicator=indicator, area=area, superseded_by__isnull=True)
    current = series.select_for_update(of=("self",)).filter(year=year).order_by("-pk").first()
    _supersede_check(actor, current, kind, replace, report)
    note = jump_note(indicator, _before(comparable(indicator, area, report), year), number, year)
    entered_by = actor if getattr(actor, "is_authenticated", False) else None
    observation = Observation.objects.create(
        indicator=indicator, area=area, year=year, value=number,
        value_as_entered=str(value if value_as_entered is None else value_as_entered)[:60],
        unit_as_entered=(unit or "").strip()[:40], kind=kind, source=(source or "").strip(), confidence=confidence,
        flag=FlagState.FLAGGED if note else FlagState.NONE, flag_note=note, report=report, entered_by=entered_by,
        entered_at=clock.now(), released=report is None)
    after = audit.snapshot(observation, OBSERVATION_FIELDS)
    if current is not None:
        current.superseded_by = observation
        current.save(update_fields=["superseded_by"])
        after["supersedes"] = current.pk
    audit.record(actor, "observation.recorded", observation, after=after)
    # a value put before (or in place of) an existing year can make the next year's value a jump; a value
    # waiting with its report is held against that report's own values only
    following = comparable(indicator, area, report) if observation.released else Observation.objects.filter(
        indicator=indicator, area=area, report=report)
    _rejudge(actor, indicator, _after(following, year), comparable(indicator, area, report))
    if observation.released:   # values waiting with reports were judged against what the public read before
        waiting = Observation.objects.filter(indicator=indicator, area=area, released=False, year__gt=year,
                                             superseded_by__isnull=True)
        for report_id in waiting.values_list("report_id", flat=True).distinct().order_by("report_id"):
            _rejudge(actor, indicator, _after(waiting.filter(report_id=report_id), year),
                     comparable(indicator, area, report_id))
    return observation


def _rejudge(actor, indicator: Indicator, observation: Observation | None, values) -> None:
    """Judge `observation` again against the value before it among `values` (a flag the coordinator confirmed
    stays): flagged when it now jumps, unflagged when it no longer does; audited."""
    if observation is None or observation.flag == FlagState.CONFIRMED:
        return
    note = jump_note(indicator, _before(values.exclude(pk=observation.pk), observation.year), observation.value,
                     observation.year)
    if note == observation.flag_note:
        return
    flag = FlagState.FLAGGED if note else FlagState.NONE
    Observation.objects.filter(pk=observation.pk).update(flag=flag, flag_note=note)
    audit.record(actor, "observation.flagged" if note else "observation.unflagged", observation,
                 before={"flag": observation.flag, "note": observation.flag_note}, after={"flag": flag, "note": note})


@transaction.atomic
def confirm_observation(actor, observation: Observation, note: str = "") -> Observation:
    """The coordinator has checked a flagged jump: the value stands."""
    require_coordinator(actor)
    reviewer = actor if getattr(actor, "is_authenticated", False) else None
    now = clock.now()
    done = Observation.objects.filter(pk=observation.pk, flag=FlagState.FLAGGED).update(
        flag=FlagState.CONFIRMED, reviewed_by=reviewer, reviewed_at=now)
    if not done:
        raise ServiceError(_("This value is not flagged for review (any more)."))
    observation.flag, observation.reviewed_by, observation.reviewed_at = FlagState.CONFIRMED, reviewer, now
    audit.record(actor, "observation.confirmed", observation, before={"flag": FlagState.FLAGGED},
                 after={"flag": FlagState.CONFIRMED}, reason=note)
    return observation


def body_writers(organization_id) -> set[int]:
    """Ids of the people who write a body's reports (its reporters and approvers): who may take back what the
    body filed (withdraw_observation, and the report page's buttons)."""
    from xanh.organizations.models import Membership
    from xanh.reporting.access import WRITERS

    return set(Membership.objects.filter(organization_id=organization_id, is_active=True, role__in=WRITERS)
               .values_list("user_id", flat=True))


def _locked_report(report_id: int):
    """The report as it is now, its row locked (without joins: PostgreSQL locks no nullable side of one)."""
    from xanh.reporting.models import TaskReport

    TaskReport.objects.select_for_update(of=("self",)).filter(pk=report_id).order_by().first()
    return TaskReport.objects.select_related("cycle", "task", "organization").get(pk=report_id)


def release_report_values(actor, report) -> None:
    """The coordinator accepted `report`: the values filed with it become public (reporting calls this in the
    accepting transaction). Released values stay released if the report is reopened."""
    for observation in Observation.objects.filter(report=report, released=False).order_by("year", "pk"):
        Observation.objects.filter(pk=observation.pk).update(released=True)
        audit.record(actor, "observation.released", observation, before={"released": False},
                     after={"released": True})
        # now among what the public reads: judged against it, and the next public value against it
        if observation.superseded_by_id is not None:
            continue   # replaced meanwhile: the value that replaced it was judged
        public = comparable(observation.indicator, observation.area)
        _rejudge(actor, observation.indicator, Observation.objects.get(pk=observation.pk), public)
        _rejudge(actor, observation.indicator, _after(public, observation.year), public)


@transaction.atomic
def withdraw_observation(actor, observation: Observation) -> None:
    """Take back a value a body filed with its report while the report is still a draft (or returned), before
    it was ever public: the value it superseded, if any, is current again, and the next year's jump flag is
    checked again. The body's reporter or approver withdraws what the body filed; the coordinator any such
    value. Other values are corrected by a newer value, never removed. The audit event keeps the value."""
    row = Observation.objects.filter(pk=observation.pk).values("report_id").first()
    if row is None:
        raise ServiceError(_("This value no longer exists."))
    if row["report_id"] is None:
        raise ServiceError(_("Only a value filed with a task report can be withdrawn; correct this one with a "
                             "newer value."))
    report = _locked_report(row["report_id"])
    # the same order as record_observation: the report, the indicator, then the value
    Indicator.objects.select_for_update().filter(pk=observation.indicator_id).order_by().first()
    observation = Observation.objects.select_for_update(of=("self",)).filter(pk=observation.pk).order_by().first()
    if observation is None:
        raise ServiceError(_("This value no longer exists."))
    if not (actor is SYSTEM or is_coordinator(actor)):
        writers = body_writers(report.organization_id)
        if getattr(actor, "pk", None) not in writers or observation.entered_by_id not in writers:
            raise PermissionDenied(_("Only the body that filed this value, or the coordinator, may withdraw it."))
    if observation.released:
        raise ServiceError(_("This value has been public since the report was accepted: it stays; file a corrected "
                             "value instead."))
    if not report.is_editable:
        raise ServiceError(_("The report this value was filed with can no longer be edited, so the value stays."))
    if observation.superseded_by_id is not None:
        raise ServiceError(_("A newer value has replaced this one; it stays for the record."))
    before = audit.snapshot(observation, OBSERVATION_FIELDS)
    previous = Observation.objects.filter(superseded_by=observation).first()
    if previous is not None:
        previous.superseded_by = None
        previous.save(update_fields=["superseded_by"])
        before["supersedes"] = previous.pk
    audit.record(actor, "observation.withdrawn", observation, before=before)
    indicator, area, year = observation.indicator, observation.area, observation.year
    observation.delete()
    # the report's next value was judged against the withdrawn one: judge it again
    values = comparable(indicator, area, report)
    _rejudge(actor, indicator, _after(Observation.objects.filter(indicator=indicator, area=area, report=report),
                                      year), values)
