"""`xanh cycle …`: the operator's side of reporting cycles, each a thin shell over the services.

Run as the system (the operator on the server), so no permission check stops them; every
change is still an audited service call. Refusals raise ServiceError, which `xanh` prints
on stderr with exit status 1.
"""

import json

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from xanh.core.errors import ServiceError
from xanh.core.services import SYSTEM
from xanh.plans.enums import PlanState
from xanh.plans.models import Plan
from xanh.reporting import queries, services
from xanh.reporting.api import CompletenessOut, completeness_rows
from xanh.reporting.enums import ReportState
from xanh.reporting.models import Cycle, TaskReport

STATUS_COLUMNS = list(CompletenessOut.model_fields)


def active_plan(number: str | None) -> Plan:
    """The plan named by decision number (or id), or the only plan in force."""
    if number:
        plan = Plan.objects.filter(number=number).order_by("-date", "-pk").first()
        if plan is None and number.isdigit():
            plan = Plan.objects.filter(pk=int(number)).first()
        if plan is None:
            raise ServiceError(_("There is no plan %(number)s.") % {"number": number}, field="plan")
        return plan
    active = list(Plan.objects.filter(state=PlanState.ACTIVE).order_by("pk"))
    if not active:
        raise ServiceError(_("No plan is in force: import one and put it in force first "
                             "(“xanh plan import FILE --activate”)."), field="plan")
    if len(active) > 1:
        raise ServiceError(_("Several plans are in force (%(numbers)s): choose one with --plan NUMBER.") % {
            "numbers": ", ".join(p.number for p in active)}, field="plan")
    return active[0]


def get_cycle(cycle_id: int) -> Cycle:
    cycle = Cycle.objects.select_related("plan").filter(pk=cycle_id).first()
    if cycle is None:
        raise ServiceError(_("There is no cycle %(id)s.") % {"id": cycle_id}, field="cycle")
    return cycle


def cycle_open(args) -> int:
    plan = active_plan(args.plan)
    cycle = services.open_cycle(SYSTEM, plan, year=args.year, kind=args.kind)
    reports = TaskReport.objects.filter(cycle=cycle)
    bodies = reports.values("organization_id").distinct().count()
    unassigned = services.compute_expected(cycle).unassigned
    print(_("Opened “%(cycle)s” for plan %(plan)s: %(reports)d expected reports from %(bodies)d bodies.") % {
        "cycle": cycle, "plan": plan.number, "reports": reports.count(), "bodies": bodies})
    print(_("Deadline for bodies %(body)s, for the province %(province)s; data from %(start)s to %(end)s.") % {
        "body": f"{cycle.body_deadline:%d/%m/%Y}", "province": f"{cycle.province_deadline:%d/%m/%Y}",
        "start": f"{cycle.period_start:%d/%m/%Y}", "end": f"{cycle.period_end:%d/%m/%Y}"})
    print(_("Tasks without a lead body: %(count)d.") % {"count": len(unassigned)})
    for task, note in unassigned:
        print(f"  ! {task.ref}: {note}")
    if args.notify:
        cycle = services.notify_bodies(SYSTEM, cycle, cycle.version)
        print(_("The bodies are notified; the cycle is open for reporting."))
    else:
        print(_("Review the expected list, then open the cycle with “xanh cycle notify --cycle %(id)s”.") % {
            "id": cycle.pk})
    print(cycle.pk)
    return 0


def cycle_list(args) -> int:
    delivered = Q(reports__state__in=(ReportState.APPROVED, ReportState.ACCEPTED))
    cycles = (Cycle.objects.select_related("plan").order_by("pk")
              .annotate(expected=Count("reports"), delivered=Count("reports", filter=delivered),
                        accepted=Count("reports", filter=Q(reports__state=ReportState.ACCEPTED))))
    for cycle in cycles:
        print("\t".join(str(v) for v in (cycle.pk, cycle.year, cycle.kind, cycle.state, cycle.plan.number,
                                         cycle.expected, cycle.delivered, cycle.accepted, cycle.title)).rstrip())
    return 0


def cycle_status(args) -> int:
    cycle = get_cycle(args.cycle)
    rows = completeness_rows(SYSTEM, cycle)
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    total = queries.totals(queries.completeness_by_body(SYSTEM, cycle))
    print(_("%(cycle)s — %(state)s; deadline for bodies %(deadline)s.") % {
        "cycle": cycle, "state": cycle.get_state_display(), "deadline": f"{cycle.body_deadline:%d/%m/%Y}"})
    print("\t".join(STATUS_COLUMNS))
    for row in rows:
        print("\t".join(str(row[name]) for name in STATUS_COLUMNS))
    print("\t".join([_("Total"), "", *(str(total.as_dict()[name]) for name in STATUS_COLUMNS[2:])]))
    return 0


def cycle_notify(args) -> int:
    cycle = get_cycle(args.cycle)
    cycle = services.notify_bodies(SYSTEM, cycle, cycle.version)
    bodies = cycle.reports.values("organization_id").distinct().count()
    print(_("“%(cycle)s” is open for reporting; %(bodies)d bodies are notified.") % {"cycle": cycle,
                                                                                    "bodies": bodies})
    return 0
