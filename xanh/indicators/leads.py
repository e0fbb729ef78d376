"""The lead body of an indicator followed through reorganisations made after it was set.

The lead is resolved when the indicator is created or imported (Bộ Tài nguyên và Môi trường → Bộ Nông
nghiệp và Môi trường); a merger recorded later must not leave a body that no longer exists in charge.
Reading is free while every lead still exists; the registry of successions is loaded once, and only when
some lead has ceased.
"""

from __future__ import annotations

from datetime import date

from xanh.organizations.registry import Registry


def follow_leads(indicators, on: date | None = None) -> list:
    """Set `lead_today` on each indicator (its `lead` needs to be read) and return them."""
    on = on or date.today()
    ended = [i for i in indicators if i.lead_id and not i.lead.active_on(on)]
    if ended:
        registry = Registry.load()
        for indicator in ended:
            carriers = registry.carriers(registry.organizations.get(indicator.lead_id, indicator.lead), on)
            indicator._lead_today = carriers[0].organization if len(carriers) == 1 else None
    return indicators
