"""A plan's life: draft under review, in force, closed; and whether the public sees it."""

from django.db import transaction
from django.utils.translation import gettext as _

from xanh.core import audit
from xanh.core.errors import ServiceError
from xanh.core.services import require_coordinator
from xanh.core.versioning import save_versioned
from xanh.plans.enums import PlanState
from xanh.plans.models import Plan


@transaction.atomic
def set_plan_state(actor, plan: Plan, expected_version: int, state: str) -> Plan:
    require_coordinator(actor)
    if state not in PlanState.values:
        raise ServiceError(_("Unknown plan state."), field="state")
    before = {"state": plan.state}
    plan.state = state
    save_versioned(plan, expected_version, ["state"])
    audit.record(actor, "plan.state_changed", plan, before=before, after={"state": state})
    return plan


@transaction.atomic
def set_plan_visibility(actor, plan: Plan, expected_version: int, is_public: bool) -> Plan:
    require_coordinator(actor)
    before = {"is_public": plan.is_public}
    plan.is_public = bool(is_public)
    save_versioned(plan, expected_version, ["is_public"])
    audit.record(actor, "plan.published" if is_public else "plan.unpublished", plan, before=before,
                 after={"is_public": plan.is_public})
    return plan


@transaction.atomic
def update_plan_settings(actor, plan: Plan, expected_version: int, *, state: str, is_public: bool) -> Plan:
    """State and publication together: both change, or neither."""
    require_coordinator(actor)
    if state != plan.state:
        plan = set_plan_state(actor, plan, expected_version, state)
        expected_version = plan.version
    if bool(is_public) != plan.is_public:
        plan = set_plan_visibility(actor, plan, expected_version, is_public)
    return plan
