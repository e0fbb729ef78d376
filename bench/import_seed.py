"""Importing the seed decision, against merely reading and splitting the file."""

from common import ROOT, ratio, setup_django, summary, timed

SEED = ROOT / "xanh" / "plans" / "data" / "seeds" / "3825-QD-UBND-2023-thanh-hoa-green-growth-action-plan.txt"


def main(repeat: int = 15) -> None:
    setup_django()
    from django.db import transaction

    from tests.personas import load_registry
    from xanh.organizations.models import Organization
    from xanh.organizations.resolver import NameResolver
    from xanh.plans.importers import analyse, read_plan_source
    from xanh.plans.services import import_plan

    if not Organization.objects.exists():
        load_registry()
    data = SEED.read_bytes()

    def read_and_split():
        [line.split("\t") for line in SEED.read_bytes().decode("utf-8").split("\n")]

    def parse_and_analyse():
        source = read_plan_source(data, SEED.name)
        analyse(source, NameResolver.for_province(Organization.objects.get(code="th-ubnd"), source.meta.date))

    def full_import():
        with transaction.atomic():
            outcome = import_plan(None, data, SEED.name)
            assert outcome.created and len(outcome.analysed.tasks) == 84
            transaction.set_rollback(True)

    baseline = timed(read_and_split, repeat * 10)
    analysis = timed(parse_and_analyse, repeat)
    imports = timed(full_import, repeat)
    print("== importing the seed (84 tasks)")
    print(f"read + split the file      {summary(baseline)}")
    print(f"read + analyse (no writes) {summary(analysis)}   ratio {ratio(analysis, baseline):8.0f}×")
    print(f"full import (transaction)  {summary(imports)}   ratio {ratio(imports, baseline):8.0f}×")


if __name__ == "__main__":
    main()
