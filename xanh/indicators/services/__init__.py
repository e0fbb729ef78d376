"""Every change to indicators, targets and observations: checked, audited, in one transaction each.

The acting user comes first; SYSTEM (None) is the operator's command line or the demo loader.
Only the coordinator writes the registry and targets; see observations.py for who records values.
"""

from xanh.indicators.services.indicators import (
    INDICATOR_FIELDS,
    LeadResolver,
    create_indicator,
    link_by_refs,
    resolve_refs,
    set_indicator_links,
    update_indicator,
    validate_indicator,
)
from xanh.indicators.services.observations import (
    DEFAULT_MAX_JUMP,
    check_may_record,
    confirm_observation,
    record_observation,
    report_areas,
    withdraw_observation,
)
from xanh.indicators.services.targets import (
    TARGET_FIELDS,
    add_target,
    adopt_target_candidate,
    adopt_target_candidate_as_indicator,
    delete_target,
    update_target,
    validate_target,
)

__all__ = [
    "DEFAULT_MAX_JUMP", "INDICATOR_FIELDS", "LeadResolver", "TARGET_FIELDS", "add_target", "adopt_target_candidate",
    "adopt_target_candidate_as_indicator", "check_may_record", "confirm_observation", "create_indicator",
    "delete_target", "link_by_refs", "record_observation", "report_areas", "resolve_refs", "set_indicator_links",
    "update_indicator", "update_target", "validate_indicator", "validate_target", "withdraw_observation",
]
