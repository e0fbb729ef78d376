"""Reading indicators for the pages and the API: restricted querysets, a fixed number of queries each.

The registry list, one indicator's page and the summary board read in a number of queries that does
not grow with the number of indicators, targets or observations (tests pin them).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery

from xanh.core.text import fold
from xanh.indicators.assess_cli import TargetAssessment, assess_all, followed_province, headlines
from xanh.indicators.assessment import assess
from xanh.indicators.enums import Assessment, FlagState, Framework, ValueKind
from xanh.indicators.leads import follow_leads
from xanh.indicators.models import Indicator, Observation, Target
from xanh.plans.models import TargetCandidate, Task, Theme

NO_GROUP = 0  # the board's group for indicators without an objective or a theme


def visible(user):
    return Indicator.objects.restrict(user, "view")


def links(user) -> list[Prefetch]:
    """The indicator's themes and tasks, as far as the user sees their plan."""
    themes = Theme.objects.restrict(user, "view").filter(removed_in__isnull=True).order_by("plan_id", "order")
    tasks = (Task.objects.restrict(user, "view").filter(removed_in__isnull=True).select_related("theme")
             .order_by("plan_id", "theme__order", "number"))
    return [Prefetch("themes", queryset=themes), Prefetch("tasks", queryset=tasks)]


def themes_of(indicator: Indicator) -> list[Theme]:
    """Themes linked directly, then those of the linked tasks (needs the `_links` prefetch)."""
    seen = {}
    for theme in [*indicator.themes.all(), *(task.theme for task in indicator.tasks.all())]:
        seen.setdefault(theme.pk, theme)
    return sorted(seen.values(), key=lambda t: (t.plan_id, t.order))


FRAMEWORK_ORDER = {value: index for index, value in enumerate(Framework.values)}


def registry_order(indicator: Indicator) -> tuple:
    """National set first, then the strategy, the plan, others; codes in natural order (1.2 before 1.10)."""
    parts = tuple((0, int(p), "") if p.isdigit() else (1, 0, p.lower()) for p in re.split(r"[.\-]", indicator.code))
    return FRAMEWORK_ORDER.get(indicator.framework, 99), parts


# -- the registry list --------------------------------------------------------------------------

@dataclass
class RegistryFilters:
    framework: str = ""
    objective: int | None = None
    theme: int | None = None
    q: str = ""


def registry(user, filters: RegistryFilters | None = None) -> list[Indicator]:
    """Visible indicators with lead, themes and tasks, and `target_count`; the search ignores diacritics."""
    filters = filters or RegistryFilters()
    qs = (visible(user).select_related("lead").prefetch_related(*links(user))
          .annotate(target_count=Count("targets", distinct=True)))
    if filters.framework:
        qs = qs.filter(framework=filters.framework)
    if filters.objective is not None:
        qs = qs.filter(objective=filters.objective)
    if filters.theme is not None:
        qs = qs.filter(Q(themes=filters.theme) | Q(tasks__theme=filters.theme)).distinct()
    items = follow_leads(sorted(qs, key=registry_order))
    words = fold(filters.q).split()
    if words:
        items = [i for i in items if all(w in fold(" ".join((i.code, i.national_code, i.name, i.name_en, i.unit,
                                                               i.lead_today.name if i.lead_today
                                                               else i.lead_as_written)))
                                         for w in words)]
    return items


def theme_choices(user) -> list[Theme]:
    """Themes that some visible indicator is linked to, directly or through a task (one query)."""
    shown = visible(user)
    return list(Theme.objects.restrict(user, "view").filter(
        Q(indicators__in=shown) | Q(tasks__indicators__in=shown)).distinct().order_by("plan_id", "order"))


# -- one indicator ------------------------------------------------------------------------------

@dataclass
class IndicatorPage:
    indicator: Indicator
    targets: list[Target]
    observations: list[Observation]
    assessments: list[TargetAssessment]
    flagged: list[Observation] = field(default_factory=list)
    series: dict[int, dict[int, float]] = field(default_factory=dict)   # {area id: {year: value}}, current
    estimates: dict[int, set[int]] = field(default_factory=dict)        # {area id: years whose value is estimated}
    province: object = None   # the province national targets are assessed for, when the page read it


def newest(observations) -> set[int]:
    """Ids of the newest of each (indicator, area, year) among rows the user reads: the current values
    (for the public, the newest released ones — ObservationQuerySet)."""
    last: dict[tuple[int, int, int], int] = {}
    for o in observations:
        key = (o.indicator_id, o.area_id, o.year)
        last[key] = max(last.get(key, 0), o.pk)
    return set(last.values())


def current_values(observations) -> tuple[dict[int, dict[int, float]], dict[int, set[int]]]:
    """({area id: {year: value}}, {area id: estimated years}) from the newest of each period among rows the
    user reads (as assess_cli.current_series, from rows already read)."""
    current = newest(observations)
    series: dict[int, dict[int, float]] = defaultdict(dict)
    kinds: dict[int, dict[int, str]] = defaultdict(dict)
    for o in sorted((o for o in observations if o.pk in current), key=lambda o: o.pk):
        series[o.area_id][o.year] = float(o.value)
        kinds[o.area_id][o.year] = o.kind
    estimates = {area: {y for y, k in years.items() if k == ValueKind.ESTIMATE} for area, years in kinds.items()}
    return dict(series), estimates


def indicator_page(user, pk, today_year: int | None = None) -> IndicatorPage:
    """Raises Indicator.DoesNotExist when the user may not see it."""
    indicator = visible(user).select_related("lead").prefetch_related(*links(user)).get(pk=pk)
    follow_leads([indicator])
    targets = list(Target.objects.restrict(user, "view").filter(indicator=indicator).select_related("area")
                   .order_by("year", "area__name", "pk"))
    observations = list(Observation.objects.restrict(user, "view").filter(indicator=indicator)
                        .select_related("area", "entered_by", "reviewed_by", "report__cycle")
                        .order_by("area__name", "year", "-entered_at", "-pk"))
    province = followed_province() if any(t.area_id is None for t in targets) else None
    series, estimates = current_values(observations)
    today_year = date.today().year if today_year is None else today_year
    assessments = []
    for target in targets:
        target.indicator = indicator
        area = target.area or province
        values = series.get(area.pk, {}) if area else {}
        assessments.append(TargetAssessment(indicator, target, area,
                                            assess(target, indicator.direction, values, today_year=today_year)))
    current = newest(observations)
    for o in observations:
        o.shown_current = o.pk in current
    flagged = [o for o in observations if o.flag == FlagState.FLAGGED and o.shown_current]
    return IndicatorPage(indicator, targets, observations, assessments, flagged, series, estimates, province)


# -- the summary board --------------------------------------------------------------------------

@dataclass
class BoardRow:
    indicator: Indicator
    item: TargetAssessment
    flagged: int = 0


@dataclass
class BoardGroup:
    key: int
    title: str
    rows: list[BoardRow] = field(default_factory=list)

    @property
    def counts(self) -> list[tuple[str, int]]:
        found = defaultdict(int)
        for row in self.rows:
            found[row.item.progress.status] += 1
        return [(status, found[status]) for status in Assessment.values if found[status]]


@dataclass
class Board:
    by_objective: list[BoardGroup]
    by_theme: list[BoardGroup]
    rows: list[BoardRow]
    to_review: list[Observation]

    @property
    def counts(self) -> list[tuple[str, int]]:
        return BoardGroup(0, "", self.rows).counts

    @property
    def flagged(self) -> int:
        return len(self.to_review)


def board(user, today_year: int | None = None) -> Board:
    """Each indicator with a target, once (its headline target), grouped by objective and by theme,
    with the current values still flagged for review."""
    items = headlines(assess_all(user, today_year=today_year), today_year=today_year)
    ids = {item.indicator.pk for item in items}
    linked = {i.pk: i for i in visible(user).filter(pk__in=ids).prefetch_related(*links(user))}
    to_review = list(Observation.objects.restrict(user, "view").current_for(user)
                     .filter(flag=FlagState.FLAGGED)
                     .select_related("indicator", "area", "entered_by").order_by("indicator__code", "year", "pk"))
    flags = defaultdict(int)
    for observation in to_review:
        flags[observation.indicator_id] += 1
    rows = [BoardRow(linked.get(item.indicator.pk, item.indicator), item, flags[item.indicator.pk])
            for item in items]
    rows.sort(key=lambda r: (r.indicator.objective or 99, registry_order(r.indicator)))
    objectives: dict[int, BoardGroup] = {}
    themes: dict[int, BoardGroup] = {}
    for row in rows:
        key = row.indicator.objective or NO_GROUP
        objectives.setdefault(key, BoardGroup(key, "")).rows.append(row)
        linked_themes = themes_of(row.indicator) if row.indicator.pk in linked else []
        for theme in linked_themes or [None]:
            tkey = theme.pk if theme else NO_GROUP
            themes.setdefault(tkey, BoardGroup(tkey, str(theme) if theme else "", [])).rows.append(row)
    by_objective = sorted(objectives.values(), key=lambda g: g.key or 99)
    order = {t.pk: (t.plan_id, t.order) for r in rows if r.indicator.pk in linked for t in themes_of(r.indicator)}
    by_theme = sorted(themes.values(), key=lambda g: order.get(g.key, (float("inf"), 0)))
    return Board(by_objective, by_theme, rows, to_review)


def flagged_observations(user, ids) -> list[Observation]:
    """Observations among `ids` still flagged (for the page after an upload)."""
    return list(Observation.objects.restrict(user, "view").filter(pk__in=ids, flag=FlagState.FLAGGED)
                .select_related("indicator", "area").order_by("indicator__code", "year", "pk"))


# -- targets and the plan's candidate targets (the coordinator's) -------------------------------

def target_areas(target: Target | None = None, province=None) -> list:
    """The areas a target may be set for besides the whole country: the province the plan is for (read
    unless given: one query), and the target's own area when it is another one."""
    province = province or followed_province()
    areas = [province] if province else []
    if target is not None and target.area_id and target.area not in areas:
        areas.append(target.area)
    return areas


def editable_indicator(user, pk: int) -> Indicator:
    """An indicator the user may change (Http404 otherwise)."""
    from django.http import Http404

    try:
        return Indicator.objects.restrict(user, "change").get(pk=pk)
    except Indicator.DoesNotExist as exc:
        raise Http404 from exc


def editable_target(user, pk: int) -> Target:
    """A target the user may change, with its indicator and area (Target.DoesNotExist otherwise)."""
    return Target.objects.restrict(user, "change").select_related("indicator", "area").get(pk=pk)


def _adopted(user):
    """Targets of an indicator linked to the candidate's task, with its value or its words: the candidate
    already became a target."""
    return (Target.objects.restrict(user, "view").filter(indicator__tasks=OuterRef("task"))
            .filter(Q(value=OuterRef("value")) | Q(text=OuterRef("as_written"))).order_by("pk"))


def candidate_targets(user) -> list[TargetCandidate]:
    """The plan's candidate targets the user reviews (the coordinator), each with its task and plan and, when
    it already became a target, `adopted_id`/`adopted_code` of that target's indicator (one query)."""
    adopted = _adopted(user)
    return list(TargetCandidate.objects.restrict(user, "review").filter(task__removed_in__isnull=True)
                .select_related("task", "task__plan")
                .annotate(adopted_id=Subquery(adopted.values("indicator_id")[:1]),
                          adopted_code=Subquery(adopted.values("indicator__code")[:1]))
                .order_by("task__plan__date", "task__plan_id", "task__theme__order", "task__number", "pk"))


def reviewable_candidate(user, pk: int) -> TargetCandidate:
    """One candidate the user reviews, with its task, plan and the plan's province."""
    return (TargetCandidate.objects.restrict(user, "review")
            .select_related("task", "task__plan", "task__plan__province").get(pk=pk))


def adoptable_indicators(user) -> list[Indicator]:
    return sorted(Indicator.objects.restrict(user, "change"), key=registry_order)
