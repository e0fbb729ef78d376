"""Who carries a task on a date: each assignee as written, resolved through successions and
group membership at that date."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from xanh.organizations.registry import Carrier, Registry


@dataclass
class AssigneeCarriers:
    assignment: object
    carriers: list[Carrier] = field(default_factory=list)
    note: str = ""

    @property
    def changed(self) -> bool:
        """True when somebody other than the named body carries it now."""
        named = self.assignment.organization_id
        return any(c.organization.pk != named for c in self.carriers)


def assignment_carriers(registry: Registry, assignment, on: date, origin: date) -> AssigneeCarriers:
    row = AssigneeCarriers(assignment)
    if assignment.organization_id:
        row.carriers = registry.resolve(organization=assignment.organization, on=on)
        if not row.carriers:
            row.note = _("This body no longer exists and no successor is recorded.")
    elif assignment.group_id:
        group = registry.groups.get(assignment.group_id, assignment.group)
        row.carriers = registry.resolve(group=group, on=on, origin=origin)
        if group.is_open:
            row.note = _("Open group: the lead body decides who takes part.")
        elif not row.carriers:
            row.note = _("This group has no members on this date; the coordinator can add them.")
    else:
        row.note = _("Not resolved to a body yet.")
    return row


def task_carriers(task, on: date, registry: Registry | None = None) -> list[AssigneeCarriers]:
    registry = registry or Registry.load(task.plan.province)
    return [assignment_carriers(registry, a, on, task.plan.date) for a in task.assignments.all()]
