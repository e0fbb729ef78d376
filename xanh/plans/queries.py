"""Reads of plans and tasks, always through restricted querysets, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, Q

from xanh.core.text import search_phrase
from xanh.organizations.models import Organization
from xanh.organizations.registry import Registry
from xanh.plans.enums import FindingStatus
from xanh.plans.models import Assignment, Finding, Plan, PlanVersion, TargetCandidate, Task, Theme

ASSIGNMENTS = Prefetch("assignments", queryset=Assignment.objects.select_related("organization", "group")
                       .order_by("-role", "position"))


def plans(user):
    return (Plan.objects.restrict(user, "view").select_related("province")
            .annotate(task_count=Count("tasks", filter=Q(tasks__removed_in__isnull=True))))


def plan(user, pk: int) -> Plan:
    return Plan.objects.restrict(user, "view").select_related("province").get(pk=pk)


def plan_contents(plan: Plan):
    """The plan's current themes and tasks (with assignments), for exports and overviews."""
    themes = list(Theme.objects.filter(plan=plan, removed_in__isnull=True).select_related("parent"))
    tasks = list(Task.objects.filter(plan=plan, removed_in__isnull=True)
                 .select_related("theme", "guidance_from").prefetch_related(ASSIGNMENTS))
    return themes, tasks


def themes_with_counts(plan: Plan) -> list[Theme]:
    return list(Theme.objects.filter(plan=plan, removed_in__isnull=True).select_related("parent")
                .annotate(task_count=Count("tasks", filter=Q(tasks__removed_in__isnull=True))))


@dataclass
class TaskFilter:
    q: str = ""
    theme: str = ""
    organization: str = ""
    group: str = ""                # tasks assigned to this group as the decision names it
    mode: str = "carries"          # "carries": now, own, inherited and through groups; "succession": own and
                                   # inherited only; "named": as the decision names it
    role: str = ""                 # "", "lead", "coordinating"
    year: int | None = None
    time_frame: str = ""
    conditional: str = ""          # "", "yes", "no"
    on: date | None = None         # the date "now" means


def body_sources(registry: Registry, org: Organization, on: date, origin: date) -> tuple[set[int], set[int]]:
    """Bodies and groups whose tasks `org` carries on `on` (itself, predecessors, its groups)."""
    carried = registry.carried_by(org, on, origin)
    return ({source.pk for source, _c in carried["organizations"]} | {org.pk},
            {group.pk for group, _c in carried["groups"]})


def tasks(user, plan: Plan, f: TaskFilter, registry: Registry | None = None):
    qs = (Task.objects.restrict(user, "view").filter(plan=plan, removed_in__isnull=True)
          .select_related("theme", "guidance_from").prefetch_related(ASSIGNMENTS))
    phrase = search_phrase(f.q)
    if phrase:
        qs = qs.filter(search_text__contains=phrase)
    if f.theme:
        qs = qs.filter(Q(theme__code=f.theme) | Q(theme__parent__code=f.theme))
    if f.year:
        qs = qs.filter(Q(start_year__isnull=True) | Q(start_year__lte=f.year)).filter(
            Q(end_year__isnull=True) | Q(end_year__gte=f.year))
    if f.time_frame:
        qs = qs.filter(time_frame=f.time_frame)
    if f.conditional == "yes":
        qs = qs.filter(awaits_guidance=True)
    elif f.conditional == "no":
        qs = qs.filter(awaits_guidance=False)
    if f.group:
        role = Q(assignments__role=f.role) if f.role else Q()
        qs = qs.filter(Q(assignments__group__code=f.group) & role).distinct()
    if f.organization:
        org = Organization.objects.restrict(user, "view").filter(code=f.organization).first()
        if org is None:
            return qs.none()
        role = Q(assignments__role=f.role) if f.role else Q()
        if f.mode == "named":
            qs = qs.filter(role & Q(assignments__organization=org)).distinct()
        else:
            registry = registry or Registry.load(plan.province)
            orgs, groups = body_sources(registry, org, f.on or date.today(), plan.date)
            if f.mode == "succession":
                groups = set()
            qs = qs.filter(role & (Q(assignments__organization__in=orgs) | Q(assignments__group__in=groups))).distinct()
    return qs


def task(user, pk: int) -> Task:
    return (Task.objects.restrict(user, "view").select_related("plan", "plan__province", "theme", "theme__parent",
                                                                "guidance_from")
            .prefetch_related(ASSIGNMENTS, "target_candidates").get(pk=pk))


def time_frames(plan: Plan) -> list[str]:
    return list(Task.objects.filter(plan=plan, removed_in__isnull=True).exclude(time_frame="")
                .values_list("time_frame", flat=True).distinct().order_by("time_frame"))


def review_queue(user, plan: Plan):
    assignments = (Assignment.objects.restrict(user, "review")
                   .filter(task__plan=plan, task__removed_in__isnull=True, reviewed_at__isnull=True, confidence__lt=1.0)
                   .select_related("task", "organization", "group").order_by("confidence", "task__theme__order",
                                                                            "task__number"))
    findings = (Finding.objects.restrict(user, "review").filter(plan=plan)
                .select_related("theme", "task", "resolved_by").order_by("status", "pk"))
    candidates = (TargetCandidate.objects.restrict(user, "review").filter(task__plan=plan)
                  .select_related("task"))
    return assignments, findings, candidates


def open_counts(user, plan: Plan) -> dict:
    assignments, findings, candidates = review_queue(user, plan)
    return {"assignments": assignments.count(), "findings": findings.filter(status=FindingStatus.OPEN).count()}


def versions(user, plan: Plan):
    return (PlanVersion.objects.restrict(user, "view").filter(plan=plan).select_related("imported_by")
            .defer("source_file", "raw_text", "snapshot"))


def version(user, plan: Plan, seq: int) -> PlanVersion:
    return PlanVersion.objects.restrict(user, "view").select_related("imported_by").get(plan=plan, seq=seq)


class CarriedRows(list):
    """The rows of one plan; `task_count` counts tasks, a task may be carried in several roles."""

    @property
    def task_count(self) -> int:
        return len({row.task.pk for row in self})


@dataclass
class CarriedTask:
    task: Task
    role: str
    how: str                 # "own", "inherited", "group"
    source: object           # the body or group the decision names
    scopes: list[str]


def body_tasks(user, org: Organization, on: date, registry: Registry) -> list[tuple[Plan, CarriedRows]]:
    """What `org` carries on `on` in the plans the user may see in its province: tasks named to
    it, inherited through successions, or given to a group it belongs to — in 2 queries."""
    sources = {source.pk: carrier for source, carrier in registry.carried_by(org, on)["organizations"]}
    plans = Plan.objects.restrict(user, "view")
    if org.province_id:
        plans = plans.filter(province_id=org.province_id)
    plans = list(plans.order_by("-date"))
    groups_by_plan = {
        plan.pk: {g.pk for g in registry.groups.values()
                  if any(c.organization.pk == org.pk for c in registry.members_on(g, on, plan.date))}
        for plan in plans
    }
    all_groups = set().union(*groups_by_plan.values()) if groups_by_plan else set()
    matching = Assignment.objects.filter(Q(organization__in=list(sources)) | Q(group__in=all_groups))
    tasks = (Task.objects.filter(plan__in=plans, removed_in__isnull=True)
             .filter(Q(assignments__organization__in=list(sources)) | Q(assignments__group__in=all_groups))
             .distinct().select_related("theme")
             .prefetch_related(Prefetch("assignments", queryset=matching.select_related("organization", "group"),
                                        to_attr="matching")))
    rows_by_plan: dict[int, CarriedRows] = {plan.pk: CarriedRows() for plan in plans}
    for task in tasks:
        for a in task.matching:
            if a.organization_id in sources:
                how = "own" if a.organization_id == org.pk else "inherited"
                rows_by_plan[task.plan_id].append(
                    CarriedTask(task, a.role, how, a.organization, sources[a.organization_id].scopes))
            elif a.group_id in groups_by_plan[task.plan_id]:
                rows_by_plan[task.plan_id].append(CarriedTask(task, a.role, "group", a.group, []))
    return [(plan, rows_by_plan[plan.pk]) for plan in plans if rows_by_plan[plan.pk]]
