"""The assessment chart as numbers for an inline SVG (drawn by the template, no script): observed
values, the trend at the observed rate, and the target path, with the same numbers as a table.

For amounts per year (annual and cumulative targets) the assessment works on running totals, so the
chart plots the running total of the observations from the target's start year.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from xanh.indicators.assessment import PRO_RATA, Progress

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 72, 16, 16, 32


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    year: int
    value: float
    estimate: bool = False

    @property
    def cx(self) -> str:   # SVG coordinates as plain text, whatever the language's number format
        return f"{self.x:.1f}"

    @property
    def cy(self) -> str:
        return f"{self.y:.1f}"


@dataclass(frozen=True)
class Row:
    year: int
    observed: float | None
    estimate: bool
    trend: float | None
    path: float | None


@dataclass
class Chart:
    cumulative: bool
    observed: list[Point]
    trend: str                 # SVG polyline points
    path: str
    target: Point | None
    x_ticks: list[tuple[str, str]]     # (x, year)
    y_ticks: list[tuple[str, float]]   # (y, value)
    rows: list[Row] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM

    @property
    def box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def axes(self) -> str:
        """The two axes as one SVG path."""
        return f"M{self.left},{self.top} V{self.bottom} H{self.right}"

    @property
    def label_x(self) -> str:
        return str(self.left - 6)

    @property
    def year_y(self) -> str:
        return str(self.bottom + 18)

    @property
    def line(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.observed)

    @property
    def empty(self) -> bool:
        return not (self.observed or self.target)


def observed_points(progress: Progress, values: dict[int, float], estimates: set[int],
                    start_year: int | None) -> list[tuple[int, float, bool]]:
    """(year, value, is estimate) as the assessment reads them: running totals for amounts per year."""
    years = sorted(values)
    if progress.method != PRO_RATA:
        return [(y, values[y], y in estimates) for y in years]
    total, points = 0.0, []
    for year in years:
        if (start_year is None or year >= start_year) and year <= progress.target_year:
            total += values[year]
            points.append((year, total, year in estimates))
    return points


def build(progress: Progress, values: dict[int, float], estimates: set[int] = frozenset(),
          start_year: int | None = None) -> Chart:
    observed = observed_points(progress, values, estimates, start_year)
    trend, path = list(progress.trend), list(progress.path)
    target = (progress.target_year, progress.target_value) if progress.target_value is not None else None
    if target is not None and progress.method == PRO_RATA and path:
        target = path[-1]
    numbers = [v for _, v, _ in observed] + [v for _, v in trend + path] + ([target[1]] if target else [])
    years = [y for y, _, _ in observed] + [y for y, _ in trend + path] + ([target[0]] if target else [])
    chart = Chart(progress.method == PRO_RATA, [], "", "", None, [], [])
    if not numbers:
        return chart
    y0, y1 = min(years), max(years)
    if y0 == y1:
        y0, y1 = y0 - 1, y1 + 1
    low, high = min(numbers), max(numbers)
    if low >= 0 and (low <= 0.5 * high or chart.cumulative):
        low = 0.0
    ticks = nice_ticks(low, high)
    low, high = ticks[0], ticks[-1]

    def x(year):
        return chart.left + (year - y0) / (y1 - y0) * (chart.right - chart.left)

    def y(value):
        return chart.bottom - (value - low) / (high - low) * (chart.bottom - chart.top)

    chart.observed = [Point(x(yr), y(v), yr, v, est) for yr, v, est in observed]
    chart.trend = " ".join(f"{x(yr):.1f},{y(v):.1f}" for yr, v in trend)
    chart.path = " ".join(f"{x(yr):.1f},{y(v):.1f}" for yr, v in path)
    chart.target = Point(x(target[0]), y(target[1]), target[0], target[1]) if target else None
    step = max(1, math.ceil((y1 - y0) / 10))
    chart.x_ticks = [(f"{x(yr):.1f}", str(yr)) for yr in range(y0, y1 + 1, step)]
    chart.y_ticks = [(f"{y(v):.1f}", v) for v in ticks]
    chart.rows = table(observed, trend, path)
    return chart


def table(observed, trend, path) -> list[Row]:
    seen = {yr: (v, est) for yr, v, est in observed}
    trends, paths = dict(trend), dict(path)
    return [Row(yr, seen.get(yr, (None, False))[0], seen.get(yr, (None, False))[1], trends.get(yr), paths.get(yr))
            for yr in sorted(set(seen) | set(trends) | set(paths))]


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values (1, 2, 2.5 or 5 × 10^k apart) covering [low, high]."""
    if math.isclose(low, high):
        pad = abs(low) * 0.1 or 1.0
        low, high = low - pad, high + pad
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value < high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(value, 10))
    return ticks if len(ticks) > 1 else [ticks[0], ticks[0] + step]
