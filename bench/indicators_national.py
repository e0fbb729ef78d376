"""Progress assessment at national scale: 72 indicators × 34 provinces × 10 years of SYNTHETIC observations,
every indicator assessed for every province as of every year (24 480 assessments), against the same numbers
computed by a plain vectorised numpy program; the two must agree on every status and rate.

The data are invented (seeded random walks, ~8 % of the years missing): they measure speed, nothing else.
Each indicator has one national target (no area), which is assessed for each province — 12 of each kind
shape: a level, a level crossing zero (linear rates), a range, a change from a baseline, an amount per year,
a cumulative amount. Rows are written with bulk_create: this measures the assessment, not the services.

    .venv/bin/python bench/indicators_national.py          # SQLite in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xanh_bench_indicators .venv/bin/python bench/indicators_national.py
"""

import math
import os
import random
import sys
import time
from decimal import Decimal

import numpy as np
from common import postgres_database, ratio, setup_django, summary, timed

PROVINCES = 34
INDICATORS = 72
YEARS = np.arange(2016, 2026)
EPSILON = 1e-9  # as xanh.indicators.assessment
SHARE = 0.8  # ACCELERATE_SHARE
ON, ACCELERATE, OFF, INSUFFICIENT = range(4)
STATUS_CODES = {"on_track": ON, "accelerate": ACCELERATE, "off_track": OFF, "insufficient": INSUFFICIENT}


def populate() -> float:
    """34 provinces, 72 indicators each with a national target, and their observations; returns seconds."""
    from tests.national import PROVINCE_NAMES
    from xanh.indicators.models import Indicator, Observation, Target
    from xanh.organizations.models import Organization

    start = time.perf_counter()
    rng = random.Random(5)
    names = ["Thanh Hóa", *PROVINCE_NAMES]
    Organization.objects.bulk_create([Organization(code=f"bench-p{i:02d}", name=f"Ủy ban nhân dân tỉnh {name}",
                                                   kind="province") for i, name in enumerate(names)])
    provinces = list(Organization.objects.filter(code__startswith="bench-p").order_by("code"))
    codes = [f"{i % 4 + 1}.{i // 4 + 1}" for i in range(INDICATORS)]  # <objective>.<n>, as Circular 10/2023
    Indicator.objects.bulk_create([
        Indicator(framework="tt10", code=code, name=f"Chỉ tiêu {code} (dữ liệu giả lập)", unit="%",
                  direction="lower" if i % 6 == 3 or i % 12 == 7 else "higher", source="synthetic benchmark data")
        for i, code in enumerate(codes)])
    by_code = {indicator.code: indicator for indicator in Indicator.objects.all()}
    indicators = [by_code[code] for code in codes]
    targets, observations = [], []
    for i, indicator in enumerate(indicators):
        shape = i % 6
        year = (2020, 2025, 2030)[i % 3] if shape < 3 else 2030
        if shape == 0:
            targets.append(Target(indicator=indicator, kind="level", value=60, year=year))
        elif shape == 1:
            targets.append(Target(indicator=indicator, kind="level", value=5, year=year))
        elif shape == 2:
            targets.append(Target(indicator=indicator, kind="level", value=55, value_max=70, year=year))
        elif shape == 3:
            targets.append(Target(indicator=indicator, kind="change", value=-15, year=2030, baseline_year=2018,
                                  baseline_value=100))
        elif shape == 4:
            targets.append(Target(indicator=indicator, kind="annual", value=1000, year=2030, start_year=2020))
        else:
            targets.append(Target(indicator=indicator, kind="cumulative", value=11_000, year=2030, start_year=2020))
        for province in provinces:
            value = {0: rng.uniform(30, 70), 1: rng.uniform(-10, 10), 2: rng.uniform(40, 75), 3: rng.uniform(90, 110)
                     }.get(shape, 0.0)
            growth = rng.gauss(0.01, 0.025)
            sparse = rng.random() < 0.1  # a tenth of the series miss most years
            for year_ in YEARS:
                if rng.random() < (0.6 if sparse else 0.08):
                    continue
                if shape == 1:
                    value += rng.gauss(-0.5, 2)
                elif shape >= 4:
                    value = rng.uniform(600, 1300)
                else:
                    value *= 1 + growth + rng.gauss(0, 0.01)
                observations.append(Observation(indicator=indicator, area=province, year=int(year_),
                                                value=Decimal(f"{value:.6f}"), source="synthetic"))
    Target.objects.bulk_create(targets)
    Observation.objects.bulk_create(observations, batch_size=2000)
    return time.perf_counter() - start


def application(as_of_years) -> dict:
    """The application's way: the current series read as `xanh indicators assess` reads them, then
    `assess()` for every national target × province × as-of year."""
    from xanh.indicators.assess_cli import current_series
    from xanh.indicators.assessment import assess
    from xanh.indicators.models import Target
    from xanh.organizations.models import Organization

    targets = list(Target.objects.select_related("indicator").order_by("indicator_id"))
    areas = list(Organization.objects.filter(code__startswith="bench-p").order_by("code").values_list("pk", flat=True))
    series = current_series({t.indicator_id for t in targets}, set(areas))
    results = {}
    for target in targets:
        direction = target.indicator.direction
        for area in areas:
            values = series.get((target.indicator_id, area), {})
            for as_of in as_of_years:
                results[target.indicator_id, area, as_of] = assess(target, direction, values, today_year=as_of)
    return results


def read_arrays():
    """The observations as one (indicator, province, year) array (NaN where missing), the targets as columns."""
    from xanh.indicators.models import Observation, Target

    targets = list(Target.objects.order_by("indicator_id").values_list(
        "indicator_id", "indicator__direction", "kind", "value", "value_max", "year", "start_year", "baseline_year",
        "baseline_value"))
    ind_index = {row[0]: n for n, row in enumerate(targets)}
    rows = np.array(list(Observation.objects.filter(superseded_by__isnull=True).order_by("area_id").values_list(
        "indicator_id", "area_id", "year", "value")), dtype=float)
    areas, area_idx = np.unique(rows[:, 1], return_inverse=True)
    values = np.full((len(targets), len(areas), len(YEARS)), np.nan)
    ind_idx = np.array([ind_index[int(i)] for i in rows[:, 0]])
    values[ind_idx, area_idx, rows[:, 2].astype(int) - YEARS[0]] = rows[:, 3]
    columns = list(zip(*targets, strict=True))
    return targets, areas, values, columns


def vectorised(values, columns):
    """Status, required rate, latest value and year for every (indicator, province, as-of year), in numpy."""
    _ids, directions, kinds, value, value_max, year, start, baseline_year, baseline_value = columns
    f = lambda seq: np.array([math.nan if v is None else float(v) for v in seq])[:, None, None]  # noqa: E731
    sign = np.where(np.array(directions) == "lower", -1.0, 1.0)[:, None, None]
    kind = np.array(kinds)[:, None, None]
    target_year, v, vmax = f(year), f(value), f(value_max)
    vmax = np.where(np.isnan(vmax), v, vmax)
    base = f(baseline_value)
    low, high = np.where(kind == "change", base * (1 + v / 100), v), np.where(kind == "change", base * (1 + vmax / 100),
                                                                              vmax)
    goal = np.where(sign > 0, np.minimum(low, high), np.maximum(low, high))
    n_years = len(YEARS)
    idx = np.arange(n_years)
    known = ~np.isnan(values)[:, :, None, :] & (YEARS[None, :] <= YEARS[:, None])  # (indicator, area, as-of, year)
    known &= YEARS <= target_year[..., None]   # a target is about its year: later values do not decide it
    full = np.broadcast_to(values[:, :, None, :], known.shape)
    big = n_years

    def pick(where_idx):
        return np.take_along_axis(full, np.clip(where_idx, 0, n_years - 1)[..., None], -1)[..., 0]

    with np.errstate(all="ignore"):
        # Levels and changes
        last = np.where(known, idx, -1).max(-1)
        has = last >= 0
        latest, latest_year = pick(last), YEARS[np.clip(last, 0, n_years - 1)]
        by = f(baseline_year)
        window = known & ~(YEARS < np.where(np.isnan(by), -np.inf, by)[..., None])
        first_idx = np.where(window, idx, big).min(-1)
        n_window = window.sum(-1)
        first = np.where(n_window >= 1, pick(first_idx), latest)
        met = sign * (latest - goal) >= -EPSILON * np.maximum(1.0, np.abs(goal))
        compound = (first > 0) & (latest > 0) & (goal > 0)
        span = latest_year - YEARS[np.clip(first_idx, 0, n_years - 1)]
        observed = np.where(compound, ((latest / first) ** (1 / span) - 1) * 100, (latest - first) / span)
        left = target_year - latest_year
        required = np.where(compound, ((goal / latest) ** (1 / left) - 1) * 100, (goal - latest) / left)
        on = sign * observed >= sign * required - EPSILON
        moving = sign * observed > EPSILON
        rate_status = np.where(on, ON, np.where(moving, ACCELERATE, OFF))
        reached = has & (latest_year >= target_year)
        over = YEARS[None, None, :] > target_year   # as of a year after the target year
        passed = over & ~met   # the target year is over, its value not in: no pace, no verdict
        level_status = np.select([~has, reached, passed, met, n_window < 2],
                                 [INSUFFICIENT, np.where(met, ON, OFF), INSUFFICIENT, ON, INSUFFICIENT], rate_status)
        level_required = np.select([~has, reached | met, passed], [np.nan, np.where(met, 0.0, np.nan), np.nan],
                                   required)
        # Amounts per year and cumulative totals
        first_year = f(start)
        total_years = target_year - first_year + 1
        per_year = np.where(kind == "annual", v, v / total_years)
        inside = known & (YEARS >= first_year[..., None]) & (YEARS <= target_year[..., None])
        count = inside.sum(-1)
        total = np.where(inside, full, 0.0).sum(-1)
        a_last = np.where(inside, idx, -1).max(-1)
        a_latest, a_year = pick(a_last), YEARS[np.clip(a_last, 0, n_years - 1)]
        elapsed = np.minimum(YEARS[None, None, :], target_year) - first_year + 1
        expected = per_year * count
        a_left = np.where(over, 0, target_year - a_year)   # the period is over: nothing left to catch up
        ahead = np.where(sign > 0, total >= expected - EPSILON, total <= expected + EPSILON)
        catching = np.where(sign > 0, total >= SHARE * expected, SHARE * total <= expected)
        lacking = (elapsed < 1) | (count == 0) | (2 * (elapsed - count) > elapsed)
        amount_status = np.where(lacking, INSUFFICIENT, np.where(ahead, ON, np.where(catching & (a_left > 0),
                                                                                      ACCELERATE, OFF)))
        needed = np.maximum(0.0, (per_year * (count + a_left) - total) / a_left)
        amount_required = np.where(lacking, np.nan, np.where(a_left > 0, needed, np.where(ahead, 0.0, np.nan)))
    amount = (kind == "annual") | (kind == "cumulative")
    return (np.where(amount, amount_status, level_status), np.where(amount, amount_required, level_required),
            np.where(amount, np.where(a_last >= 0, a_latest, np.nan), np.where(has, latest, np.nan)),
            np.where(amount, np.where(a_last >= 0, a_year, -1), np.where(has, latest_year, -1)))


def compare(results, targets, areas, computed) -> int:
    """How many assessments the two computations disagree on (status, required rate, latest value and year)."""
    status, required, latest, latest_year = computed
    wrong = 0
    for i, row in enumerate(targets):
        for a, area in enumerate(areas):
            for t, as_of in enumerate(YEARS):
                p = results[row[0], int(area), int(as_of)]
                expected_rate = math.nan if p.required_rate is None else p.required_rate
                same = (STATUS_CODES[p.status] == status[i, a, t]
                        and (p.latest_year or -1) == latest_year[i, a, t]
                        and _close(p.latest_value, latest[i, a, t]) and _close(expected_rate, required[i, a, t]))
                wrong += not same
    return wrong


def _close(x, y) -> bool:
    x = math.nan if x is None else x
    return (math.isnan(x) and math.isnan(y)) or math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9)


def main(repeat: int = 5) -> int:
    with postgres_database():
        setup_django()
        from django.db import connection

        from xanh.indicators.models import Observation

        seconds = populate()
        as_of_years = [int(y) for y in YEARS]
        results = application(as_of_years)
        targets, areas, values, columns = read_arrays()
        computed = vectorised(values, columns)
        wrong = compare(results, targets, areas, computed)
        count = len(results)

        app_full = timed(lambda: application(as_of_years), repeat)
        numpy_full = timed(lambda: vectorised(*read_arrays()[2:]), repeat * 4)
        numpy_compute = timed(lambda: vectorised(values, columns), repeat * 4)
        from django.contrib.auth.models import AnonymousUser

        from xanh.indicators.assess_cli import current_series

        ids, area_ids = {row[0] for row in targets}, {int(a) for a in areas}
        read_only = timed(lambda: current_series(ids, area_ids), repeat)
        # the public reads the newest value released with an accepted report (or without one): an EXISTS per row
        public_read = timed(lambda: current_series(ids, area_ids, AnonymousUser()), repeat)
        assert current_series(ids, area_ids, AnonymousUser()) == current_series(ids, area_ids)  # nothing filed
        engine = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
        statuses = np.bincount(computed[0].ravel().astype(int), minlength=4)
        print(f"== progress assessment at national scale ({engine}) — SYNTHETIC data, invented for timing only")
        print(f"set-up: {len(targets)} indicators with a national target, {len(areas)} provinces, "
              f"{Observation.objects.count()} observations over {YEARS[0]}–{YEARS[-1]} (bulk_create) "
              f"in {seconds:.1f} s")
        print(f"{count} assessments (indicator × province × as-of year): on track {statuses[ON]}, needs acceleration "
              f"{statuses[ACCELERATE]}, off track {statuses[OFF]}, insufficient data {statuses[INSUFFICIENT]}; "
              f"numpy and assess() disagree on {wrong}")
        print(f"numpy, arrays in memory           {summary(numpy_compute)}   ratio {1:8.1f}×")
        for name, times in (("numpy, read + compute", numpy_full), ("application: read the series", read_only)):
            print(f"{name:33} {summary(times)}   ratio {ratio(times, numpy_compute):8.1f}×")
        print(f"application: the public's series  {summary(public_read)}   ratio {ratio(public_read, read_only):8.1f}× "
              f"the officers' read")
        print(f"application: read + assess all    {summary(app_full)}   ratio {ratio(app_full, numpy_compute):8.1f}×"
              f"   ({ratio(app_full, numpy_full):.1f}× numpy read + compute; "
              f"{per_assessment_us(app_full, count):.1f} µs an assessment)")
        connection.close()
        return 1 if wrong else 0


def per_assessment_us(times, count) -> float:
    return sorted(times)[len(times) // 2] / count * 1e6


if __name__ == "__main__":
    sys.exit(main(int(os.environ.get("XANH_BENCH_REPEAT", "5"))))
