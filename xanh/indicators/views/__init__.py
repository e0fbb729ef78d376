"""Indicator pages: the registry, one indicator, the board and the coordinator's recording (pages.py), its
targets (targets.py), and the plan's candidate targets (candidates.py)."""

from xanh.indicators.views.candidates import candidate_adopt, candidate_reject, candidates
from xanh.indicators.views.links import indicator_links
from xanh.indicators.views.pages import (
    board,
    indicator_detail,
    observation_confirm,
    observation_new,
    registry,
    upload,
)
from xanh.indicators.views.report_values import value_new, value_withdraw
from xanh.indicators.views.targets import target_delete, target_edit, target_new

__all__ = ["board", "candidate_adopt", "candidate_reject", "candidates", "indicator_detail", "indicator_links",
           "observation_confirm",
           "observation_new", "registry", "target_delete", "target_edit", "target_new", "upload",
           "value_new", "value_withdraw"]
