"""Every write to plans, themes, tasks, assignments and findings goes through here."""

from xanh.plans.services.imports import ImportOutcome, import_plan
from xanh.plans.services.review import (
    confirm_assignment,
    confirm_target_candidate,
    correct_assignment,
    resolve_finding,
    update_theme_title,
)
from xanh.plans.services.state import set_plan_state, set_plan_visibility, update_plan_settings

__all__ = [
    "ImportOutcome",
    "confirm_assignment",
    "confirm_target_candidate",
    "correct_assignment",
    "import_plan",
    "resolve_finding",
    "set_plan_state",
    "set_plan_visibility",
    "update_plan_settings",
    "update_theme_title",
]
