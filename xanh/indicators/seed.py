"""Load the shipped indicator facts (xanh/indicators/data/*.yaml) through the services.

Idempotent: an indicator whose framework and code exist is kept as it is (the coordinator may have
edited it), a target is added only when the indicator has none of the same kind, area and year, an
observation only when its area and year hold none. Running it again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml
from django.db import transaction
from django.utils.translation import gettext as _

from xanh.core.errors import InputError, Problem
from xanh.core.models import AuditEvent
from xanh.core.services import SYSTEM
from xanh.indicators.models import Indicator, Observation, Target
from xanh.indicators.services import (
    LeadResolver,
    add_target,
    adopt_target_candidate,
    create_indicator,
    record_observation,
    set_indicator_links,
)
from xanh.organizations.models import Organization

DATA_DIR = Path(__file__).resolve().parent / "data"
FILES = ["tt10.yaml", "qd1658.yaml", "plan-3825.yaml", "thanh-hoa-forest.yaml", "grid-emission-factor.yaml"]
INDICATOR_KEYS = ["national_code", "name", "name_en", "unit", "direction", "periodicity", "objective", "roadmap",
                  "disaggregation", "minimum", "maximum", "max_jump", "confidence", "is_public"]
TARGET_KEYS = ["kind", "value", "value_max", "year", "start_year", "baseline_year", "baseline_value", "text",
               "confidence"]


@dataclass
class SeedOutcome:
    counts: dict = field(default_factory=lambda: {"indicators": 0, "targets": 0, "observations": 0})
    skipped: list = field(default_factory=list)   # what could not load yet (e.g. the plan is missing)

    def summary(self) -> str:
        text = _("Indicators: %(indicators)d new, targets: %(targets)d new, observations: %(observations)d new.") % (
            self.counts)
        return text + "".join(f" {item}" for item in self.skipped)


@transaction.atomic
def load_indicator_seed(actor=SYSTEM, files=None) -> SeedOutcome:
    outcome = SeedOutcome()
    leads = LeadResolver()
    for name in files or FILES:
        path = DATA_DIR / name
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            _load_file(actor, path.name, data, leads, outcome)
        except (OSError, yaml.YAMLError) as exc:
            raise InputError([Problem(_("Cannot read the data file: %(error)s") % {"error": exc},
                                      file=path.name)]) from exc
        except (KeyError, TypeError) as exc:
            raise InputError([Problem(_("The data file is missing a required field (%(field)s).") % {
                "field": exc}, file=path.name)]) from exc
    return outcome


def _org(file: str, code: str, where: str) -> Organization:
    org = Organization.objects.filter(code=code).first()
    if org is None:
        raise InputError([Problem(_("Unknown body code “%(code)s”: load the registry of bodies first.") % {
            "code": code}, file=file, column=where)])
    return org


def _plan_tasks(data: dict):
    """The plan the file is about and its tasks by reference, or None when the plan is not loaded."""
    from xanh.plans.models import Plan

    plan = Plan.objects.filter(number=data["plan"]).order_by("-date", "-pk").first()
    if plan is None:
        return None
    return {t.ref: t for t in plan.tasks.filter(removed_in__isnull=True)}


def _load_file(actor, file: str, data: dict, leads: LeadResolver, outcome: SeedOutcome) -> None:
    sources = data.get("sources") or {}
    framework = data["framework"]
    area = _org(file, data["area"], "area") if data.get("area") else None
    tasks = None
    if "plan" in data:
        tasks = _plan_tasks(data)
        if tasks is None:
            outcome.skipped.append(_("(%(file)s skipped: plan %(plan)s is not loaded.)") % {
                "file": file, "plan": data["plan"]})
            return
    for index, item in enumerate(data.get("indicators") or []):
        where = f"indicators[{index}]"
        indicator = Indicator.objects.filter(framework=framework, code=str(item["code"])).first()
        if indicator is None:
            indicator = create_indicator(actor, framework=framework, code=str(item["code"]),
                                         source=_source_text(data, sources, item),
                                         lead_as_written=item.get("lead", ""), lead=leads(item.get("lead", "")),
                                         **{k: _plain(item[k]) for k in INDICATOR_KEYS if k in item})
            outcome.counts["indicators"] += 1
        task = None
        if item.get("task"):
            task = tasks.get(item["task"]) if tasks is not None else None
            if task is None:
                raise InputError([Problem(_("Task %(task)s is not in plan %(plan)s.") % {
                    "task": item["task"], "plan": data["plan"]}, file=file, column=where)])
        for target in item.get("targets") or []:
            _target(actor, indicator, area, target, sources, task, outcome)
        for observation in item.get("observations") or []:
            _observation(actor, file, indicator, area, observation, sources, where, outcome)


def _plain(value):
    return Decimal(str(value)) if isinstance(value, float) else value


def _source_text(data: dict, sources: dict, item: dict) -> str:
    parts = [sources.get(item.get("source", ""), item.get("source", ""))]
    if item.get("note"):
        parts.append(" ".join(str(item["note"]).split()))
    if item.get("unit_confirmed") is False and data.get("unit_note"):
        parts.append(data["unit_note"])
    return " ".join(p.strip() for p in parts if p)


def _shipped_before(indicator, area, item: dict) -> bool:
    """A target of this indicator, area, kind and year was created once (by this seed or by hand): it stays as
    the coordinator left it — edited, or deleted — and is not shipped again."""
    return AuditEvent.objects.filter(
        action="target.created", object_type="indicators.target", after__indicator=indicator.pk,
        after__area=area.pk if area is not None else None, after__kind=item["kind"],
        after__year=int(item["year"])).exists()


def _target(actor, indicator, area, item: dict, sources: dict, task, outcome: SeedOutcome) -> None:
    if Target.objects.filter(indicator=indicator, area=area, kind=item["kind"], year=item["year"]).exists():
        return
    if _shipped_before(indicator, area, item):
        return
    fields = {k: _plain(item[k]) for k in TARGET_KEYS if k in item}
    fields["source"] = sources.get(item.get("source", ""), item.get("source", ""))
    candidate = None
    if task is not None and "candidate" in item:
        candidate = task.target_candidates.filter(value=Decimal(str(item["candidate"]))).first()
    if candidate is not None:
        adopt_target_candidate(actor, candidate, indicator, area=area, **fields)
    else:
        add_target(actor, indicator, area=area, **fields)
        if task is not None and not indicator.tasks.filter(pk=task.pk).exists():
            set_indicator_links(actor, indicator, tasks=[*indicator.tasks.all(), task])
    outcome.counts["targets"] += 1


def _observation(actor, file, indicator, area, item: dict, sources: dict, where: str, outcome: SeedOutcome) -> None:
    place = _org(file, item["area"], where) if item.get("area") else area
    if place is None:
        raise InputError([Problem(_("An observation needs an area."), file=file, column=where)])
    if Observation.objects.filter(indicator=indicator, area=place, year=item["year"]).exists():
        return
    record_observation(actor, indicator, place, item["year"], Decimal(str(item["value"])), unit=item.get("unit"),
                       kind=item.get("kind", "actual"), source=sources.get(item.get("source", ""), ""),
                       confidence=item.get("confidence", "confirmed"))
    outcome.counts["observations"] += 1
