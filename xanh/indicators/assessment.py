"""Progress assessment: is an indicator on course to reach its target by the target year?

Pure functions over plain numbers (no database): a target, the indicator's direction and one area's
current observations as {year: value}. The method — compare the rate observed so far with the rate
still required; for amounts per year, compare the running total with the pro-rata path — is set out
with its formulas and worked examples in docs/indicators-method.md; keep the two in step.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass, field
from datetime import date

from xanh.indicators.enums import Assessment, Direction, TargetKind

# An annual or cumulative target is "needs acceleration" rather than "off track" while the running total
# is at least this share of the pro-rata path (docs/indicators-method.md explains the choice).
ACCELERATE_SHARE = 0.8

# How the rates were computed (`Progress.method`).
COMPOUND = "compound"  # compound annual growth, percent per year
LINEAR = "linear"  # linear change, indicator units per year (a value or the target is zero or negative)
PRO_RATA = "pro_rata"  # annual/cumulative targets: running total against the pro-rata path, units per year
NO_RATE = "none"  # no rate could be computed

# Why the status is what it is (`Progress.note`), for pages that explain it.
NOTE_MET = "met"  # the latest value already meets the target
NOTE_TARGET_YEAR = "target_year_reached"  # data for the target year exists: met or missed
NOTE_TARGET_YEAR_PASSED = "target_year_passed"  # the target year is over; judged on the latest value up to it
NOTE_NO_OBSERVATION = "no_observation"
NOTE_ONE_OBSERVATION = "single_observation"  # a rate needs two observations
NOTE_NO_BASELINE = "no_baseline"  # a change target without a baseline value
NOTE_GAPS = "gaps"  # more than half of the elapsed years have no observation
NOTE_NOT_STARTED = "not_started"  # the period of an annual/cumulative target has not begun
NOTE_REGRESSING = "regressing"  # moving away from the target
NOTE_STALLED = "stalled"  # not moving
NOTE_BEHIND = "behind"  # annual/cumulative: below the share of the path that still counts as catching up

EPSILON = 1e-9


@dataclass(frozen=True)
class TargetSpec:
    """The numbers of a target; `of()` takes them from a Target (Decimals become floats)."""

    kind: str
    value: float
    year: int
    value_max: float | None = None
    start_year: int | None = None
    baseline_year: int | None = None
    baseline_value: float | None = None

    @classmethod
    def of(cls, target) -> TargetSpec:
        if isinstance(target, TargetSpec):
            return target
        return cls(kind=str(target.kind), value=float(target.value), year=int(target.year),
                   value_max=_float(target.value_max), start_year=target.start_year,
                   baseline_year=target.baseline_year, baseline_value=_float(target.baseline_value))


@dataclass(frozen=True)
class Progress:
    """The assessment of one target for one area."""

    status: str  # an Assessment value
    target_value: float | None  # the level to reach (a range: its edge that counts); per year for annual; total
    target_year: int
    latest_value: float | None = None
    latest_year: int | None = None
    required_rate: float | None = None  # per year: percent when compound, units otherwise
    observed_rate: float | None = None  # same unit as required_rate
    method: str = NO_RATE
    met: bool | None = None
    note: str = ""
    path: list[tuple[int, float]] = field(default_factory=list)  # the target path, one point per year
    trend: list[tuple[int, float]] = field(default_factory=list)  # from the latest value at the observed rate
    cumulative: float | None = None  # annual/cumulative: the total observed since the start year
    years_observed: int | None = None  # annual/cumulative: years of the period so far with an observation
    years_met: int | None = None  # annual/cumulative: of those, years whose value reached the amount per year

    @property
    def latest_period(self) -> int | None:
        return self.latest_year


def assess(target, direction: str, observations: dict[int, float], today_year: int | None = None) -> Progress:
    """Assess `target` (a TargetSpec or a Target) for one area's current observations {year: value}.

    Observations after `today_year` (default: this year; the latest year one could have data for) are
    ignored, so that the same series can be assessed "as of" any earlier year."""
    spec = TargetSpec.of(target)
    today_year = date.today().year if today_year is None else today_year
    series = sorted((int(year), float(value)) for year, value in observations.items()
                    if value is not None and int(year) <= today_year)
    sign = -1 if direction == Direction.LOWER else 1
    if spec.kind in (TargetKind.ANNUAL, TargetKind.CUMULATIVE):
        return _assess_amount(spec, sign, series, today_year)
    return _assess_level(spec, sign, series, today_year)


def _assess_level(spec: TargetSpec, sign: int, series: list[tuple[int, float]], today_year: int) -> Progress:
    # the target is about the value in its year: later values do not decide it
    series = [(y, v) for y, v in series if y <= spec.year]
    baseline = spec.baseline_value
    if baseline is None and spec.baseline_year is not None:
        baseline = dict(series).get(spec.baseline_year)
    goal = _goal(spec, sign, baseline)
    latest_year, latest = series[-1] if series else (None, None)
    base = {"target_value": goal, "target_year": spec.year, "latest_value": latest, "latest_year": latest_year}
    if goal is None:
        return Progress(Assessment.INSUFFICIENT, note=NOTE_NO_BASELINE, **base)
    window = [(y, v) for y, v in series if spec.baseline_year is None or y >= spec.baseline_year]
    anchored = baseline is not None and spec.baseline_year is not None
    start = (spec.baseline_year, baseline) if anchored else (window[0] if window else None)
    path = _path(start, (spec.year, goal))
    if latest is None:
        return Progress(Assessment.INSUFFICIENT, note=NOTE_NO_OBSERVATION, path=path, **base)

    met = sign * (latest - goal) >= -EPSILON * max(1.0, abs(goal))
    first = window[0][1] if window else latest
    compound = first > 0 and latest > 0 and goal > 0
    observed = _rate(window[0], window[-1], compound) if len(window) >= 2 else None
    trend = _trend(latest_year, latest, observed, spec.year, compound)
    rates = {"observed_rate": observed, "method": COMPOUND if compound else LINEAR, "met": met, "path": path,
             "trend": trend}
    if latest_year >= spec.year:
        status = Assessment.ON_TRACK if met else Assessment.OFF_TRACK
        return Progress(status, required_rate=0.0 if met else None, note=NOTE_TARGET_YEAR, **rates, **base)
    if today_year > spec.year and not met:
        # the target year is over and its value is not in: neither a pace to keep nor a verdict
        return Progress(Assessment.INSUFFICIENT, note=NOTE_TARGET_YEAR_PASSED, **rates, **base)
    if met:
        return Progress(Assessment.ON_TRACK, required_rate=0.0, note=NOTE_MET, **rates, **base)
    required = _rate((latest_year, latest), (spec.year, goal), compound)
    if observed is None:
        note = NOTE_ONE_OBSERVATION if window else NOTE_NO_OBSERVATION
        return Progress(Assessment.INSUFFICIENT, required_rate=required, note=note, **rates, **base)
    if sign * observed >= sign * required - EPSILON:
        status, note = Assessment.ON_TRACK, ""
    elif sign * observed > EPSILON:
        status, note = Assessment.ACCELERATE, ""
    else:
        status, note = Assessment.OFF_TRACK, NOTE_REGRESSING if sign * observed < 0 else NOTE_STALLED
    return Progress(status, required_rate=required, note=note, **rates, **base)


def _goal(spec: TargetSpec, sign: int, baseline: float | None) -> float | None:
    """The level to reach. A change target is a signed percent of the baseline. For a range, being inside it
    or beyond it in the good direction meets the target, so the edge that counts is the one reached first."""
    values = [v for v in (spec.value, spec.value_max) if v is not None]
    if spec.kind == TargetKind.CHANGE:
        if baseline is None:
            return None
        values = [baseline * (1 + v / 100) for v in values]
    return min(values) if sign > 0 else max(values)


def _rate(start: tuple[int, float], end: tuple[int, float], compound: bool) -> float:
    (y0, v0), (y1, v1) = start, end
    if compound:
        try:
            return ((v1 / v0) ** (1 / (y1 - y0)) - 1) * 100
        except OverflowError:  # an absurd series (1e-6 then 1e6): the linear change still says something
            pass
    return (v1 - v0) / (y1 - y0)


def _step(value: float, rate: float, years: int, compound: bool) -> float:
    if compound:
        try:
            return value * (1 + rate / 100) ** years
        except OverflowError:
            return math.copysign(sys.float_info.max, value)   # finite: charts and JSON stay valid
    return value + rate * years


def _path(start: tuple[int, float] | None, end: tuple[int, float]) -> list[tuple[int, float]]:
    """Yearly points from the start (baseline or first observation) to the target, compound when both are
    positive, else linear."""
    if start is None or start[0] >= end[0]:
        return [end]
    compound = start[1] > 0 and end[1] > 0
    rate = _rate(start, end, compound)
    points = [(year, _step(start[1], rate, year - start[0], compound)) for year in range(start[0], end[0])]
    return [*points, end]


def _trend(year: int, value: float, rate: float | None, target_year: int, compound: bool) -> list[tuple[int, float]]:
    if rate is None or year >= target_year:
        return []
    return [(year + k, _step(value, rate, k, compound)) for k in range(target_year - year + 1)]


def _assess_amount(spec: TargetSpec, sign: int, series: list[tuple[int, float]], today_year: int) -> Progress:
    """Annual amounts (X per year from start_year to year) and cumulative totals (X over the same years)."""
    start = spec.start_year or spec.baseline_year or spec.year
    total_years = max(1, spec.year - start + 1)
    per_year = spec.value if spec.kind == TargetKind.ANNUAL else spec.value / total_years
    path = [(year, per_year * (year - start + 1)) for year in range(start, start + total_years)]
    window = [(y, v) for y, v in series if start <= y <= spec.year]
    latest_year, latest = window[-1] if window else (None, None)
    base = {"target_value": spec.value, "target_year": spec.year, "latest_value": latest,
            "latest_year": latest_year, "method": PRO_RATA, "path": path, "years_observed": len(window)}
    over = today_year > spec.year   # the period is over: met or missed, never "needs acceleration"
    elapsed = min(today_year, spec.year) - start + 1
    if elapsed < 1:
        return Progress(Assessment.INSUFFICIENT, note=NOTE_NOT_STARTED, **base)
    if not window or 2 * (elapsed - len(window)) > elapsed:
        return Progress(Assessment.INSUFFICIENT, note=NOTE_GAPS if window else NOTE_NO_OBSERVATION, **base)

    # A year without an observation is unknown, not zero: the running total is held against the path over
    # the years that have one, and what remains is spread over the years after the latest observation.
    cumulative = sum(v for _, v in window)
    expected = per_year * len(window)
    years_left = 0 if over else spec.year - latest_year
    observed = cumulative / len(window)
    total = per_year * total_years
    if sign > 0:
        ahead, catching_up = cumulative >= expected - EPSILON, cumulative >= ACCELERATE_SHARE * expected
        met = cumulative >= total - EPSILON
    else:
        ahead, catching_up = cumulative <= expected + EPSILON, ACCELERATE_SHARE * cumulative <= expected
        met = years_left == 0 and ahead
    if ahead:
        status, note = Assessment.ON_TRACK, NOTE_MET if met else ""
    elif catching_up and years_left > 0:
        status, note = Assessment.ACCELERATE, ""
    else:
        status, note = Assessment.OFF_TRACK, NOTE_BEHIND
    if years_left > 0:
        required = max(0.0, (per_year * (len(window) + years_left) - cumulative) / years_left)
    else:
        required = 0.0 if ahead else None
    trend = [(latest_year + k, cumulative + observed * k) for k in range(years_left + 1)] if years_left else []
    years_met = sum(1 for _, v in window if sign * (v - per_year) >= -EPSILON)
    return Progress(status, required_rate=required, observed_rate=observed, met=met, note=note, trend=trend,
                    cumulative=cumulative, years_met=years_met, **base)


def _float(value) -> float | None:
    return None if value is None else float(value)
