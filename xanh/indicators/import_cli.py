"""`xanh indicators import FILE`: the registry or observations template, run as the system.

Prints what was done (in the interface language, Vietnamese by default); a refused file raises
InputError, which `xanh` prints line by line on stderr with exit status 1 (nothing written).
"""

from django.utils.translation import gettext as _

from xanh.core.services import SYSTEM
from xanh.indicators.importers import REGISTRY, import_indicator_file
from xanh.indicators.units import vi_decimal


def summary_lines(outcome) -> list[str]:
    counts = outcome.counts
    if outcome.template == REGISTRY:
        lines = [_("Indicator registry: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.") % counts]
    else:
        lines = [_("Observations: %(created)d recorded (%(superseded)d of them replace an earlier value), "
                   "%(unchanged)d unchanged, %(flagged)d flagged for review.") % counts]
    for observation in outcome.flagged:
        lines.append(f"  ⚑ {observation.indicator.code} · {observation.area.code} · {observation.year}: "
                     f"{vi_decimal(observation.value)} — {observation.flag_note}")
    for notice in outcome.notices:
        lines.append(f"  ! {notice}")
    return lines


def indicators_import(args) -> int:
    outcome = import_indicator_file(SYSTEM, args.file.read_bytes(), args.file.name)
    for line in summary_lines(outcome):
        print(line)
    return 0
