"""The tasks a body carries on a date — own, inherited through successions, and through the
groups it belongs to — across the plans of its province."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, Q


class CarriedRows(list):
    """The rows of one plan; `task_count` counts tasks, a task may be carried in several roles."""

    @property
    def task_count(self) -> int:
        return len({row.task.pk for row in self})


@dataclass
class CarriedTask:
    task: object
    role: str
    how: str                 # "own", "inherited", "group"
    source: object           # the body or group the decision names
    scopes: list[str] = field(default_factory=list)


def tasks_carried(user, org, on: date, registry) -> list[tuple[object, list[CarriedTask]]]:
    """[(plan, [CarriedTask…])] for the plans the user may see in the body's province."""
    from xanh.plans.models import Assignment, Plan, Task

    carried = registry.carried_by(org, on)
    sources = {source.pk: carrier for source, carrier in carried["organizations"]}
    plans = Plan.objects.restrict(user, "view")
    if org.province_id:
        plans = plans.filter(province_id=org.province_id)
    result = []
    for plan in plans.order_by("-date"):
        carried_groups = {g.pk for g in registry.groups.values()
                          if any(c.organization.pk == org.pk for c in registry.members_on(g, on, plan.date))}
        assignments = Assignment.objects.filter(Q(organization__in=list(sources)) | Q(group__in=carried_groups))
        tasks = (Task.objects.filter(plan=plan, removed_in__isnull=True)
                 .filter(Q(assignments__organization__in=list(sources)) | Q(assignments__group__in=carried_groups))
                 .distinct().select_related("theme")
                 .prefetch_related(Prefetch("assignments", queryset=assignments.select_related("organization", "group"),
                                            to_attr="matching")))
        rows = CarriedRows()
        for task in tasks:
            for a in task.matching:
                if a.organization_id in sources:
                    carrier = sources[a.organization_id]
                    how = "own" if a.organization_id == org.pk else "inherited"
                    rows.append(CarriedTask(task, a.role, how, a.organization, carrier.scopes))
                elif a.group_id in carried_groups:
                    rows.append(CarriedTask(task, a.role, "group", a.group))
        if rows:
            result.append((plan, rows))
    return result
