"""Every write in reporting goes through these functions (DESIGN.md rule 1)."""

from xanh.reporting.services.contributions import save_contribution
from xanh.reporting.services.cycles import (
    add_expected,
    close_cycle,
    compute_expected,
    default_dates,
    notify_bodies,
    open_cycle,
    refresh_expected,
    remove_expected,
    reopen_cycle,
    set_cycle_publication,
    update_cycle,
)
from xanh.reporting.services.reports import OutputInput, carry_forward, previous_report, save_report
from xanh.reporting.services.workflow import (
    accept,
    apply_to_many,
    approve,
    reopen,
    return_report,
    send_back,
    submit,
)

__all__ = [
    "OutputInput", "accept", "add_expected", "apply_to_many", "approve", "carry_forward", "close_cycle",
    "compute_expected", "default_dates", "notify_bodies", "open_cycle", "previous_report", "refresh_expected",
    "remove_expected", "reopen", "reopen_cycle", "return_report", "save_contribution", "save_report",
    "send_back", "set_cycle_publication", "submit", "update_cycle",
]
