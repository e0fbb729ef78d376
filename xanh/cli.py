"""The `xanh` command: everything an operator does, in one entry point.

Each sub-command is a thin shell over the services; see docs/operator.md (a test keeps
that page and this parser in step).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xanh.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.utils import translation

    translation.activate(os.environ.get("XANH_CLI_LANGUAGE", settings.LANGUAGE_CODE))


def _date(text: str) -> date:
    from xanh.core.dates import parse_day

    try:
        return parse_day(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r}: dd/mm/yyyy") from exc


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="xanh", description="xanh — Green Growth Action Plan tracking")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = sub.add_parser("serve", help="serve the web application (waitress)")
    serve.add_argument("--host", default=os.environ.get("XANH_HOST", "127.0.0.1"))
    serve.add_argument("--port", type=int, default=int(os.environ.get("XANH_PORT", "8000")))
    serve.add_argument("--threads", type=int, default=8)

    sub.add_parser("migrate", help="create or update the database tables")

    demo = sub.add_parser("demo", help="load the Thanh Hóa plan, its bodies and demo users")
    demo.add_argument("--no-users", action="store_true", help="load data only, no demo accounts")

    plan = sub.add_parser("plan", help="plans: import, export, list").add_subparsers(dest="action", required=True)
    imp = plan.add_parser("import", help="import a plan (decision text, DOCX, XLSX or CSV)")
    imp.add_argument("file", type=Path)
    imp.add_argument("--plan", type=int, help="import as a new version of this plan")
    imp.add_argument("--dry-run", action="store_true", help="check and show what would change, write nothing")
    imp.add_argument("--activate", action="store_true", help="put a newly created plan in force")
    imp.add_argument("--number", help="decision number (replaces the file's; needed when it has none)")
    imp.add_argument("--date", type=_date, help="decision date dd/mm/yyyy (replaces the file's)")
    imp.add_argument("--issuer", help="issuing body (replaces the file's)")
    imp.add_argument("--title", help="plan title (replaces the file's)")
    imp.add_argument("--json", action="store_true", help="print the outcome as JSON")
    exp = plan.add_parser("export", help="export a plan as JSON, XLSX or CSV")
    exp.add_argument("--format", choices=["json", "xlsx", "csv"], default="json")
    exp.add_argument("--plan", type=int, help="plan id (default: the only or latest plan)")
    exp.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    plan.add_parser("list", help="one line per plan: id, number, date, state, tasks, title")

    task = sub.add_parser("task", help="tasks").add_subparsers(dest="action", required=True)
    carriers = task.add_parser("carriers", help="who carries a task on a date, through successions")
    carriers.add_argument("ref", help="task reference, e.g. II.4 or VIII.5.3")
    carriers.add_argument("--plan", type=int)
    carriers.add_argument("--date", type=_date, default=None, help="dd/mm/yyyy (default: today)")

    org = sub.add_parser("org", help="the registry of bodies").add_subparsers(dest="action", required=True)
    load = org.add_parser("load", help="load a registry data file (YAML); existing codes are kept")
    load.add_argument("file", type=Path)
    members = org.add_parser("import-members", help="add the bodies listed in a spreadsheet to a group")
    members.add_argument("group", help="group code")
    members.add_argument("file", type=Path)

    user = sub.add_parser("user", help="accounts").add_subparsers(dest="action", required=True)
    create = user.add_parser("create", help="create an account with a role at a body")
    create.add_argument("username")
    create.add_argument("--org", required=True, help="body code")
    create.add_argument("--role", required=True, choices=["reporter", "approver", "coordinator", "leadership",
                                                          "viewer"])
    create.add_argument("--password", help="default: generated and printed once")
    create.add_argument("--name", default="", help="full name")
    create.add_argument("--email", default="")
    token = user.add_parser("token", help="issue an API token (printed once)")
    token.add_argument("username")

    cycle = sub.add_parser("cycle", help="reporting cycles").add_subparsers(dest="action", required=True)
    cycle_open = cycle.add_parser("open", help="open a cycle (in preparation) with its expected reports")
    cycle_open.add_argument("--year", type=int, required=True)
    cycle_open.add_argument("--kind", choices=["annual", "midterm", "final", "adhoc"], default="annual")
    cycle_open.add_argument("--plan", help="plan decision number or id (default: the only plan in force)")
    cycle_open.add_argument("--notify", action="store_true", help="open it for reporting and tell the bodies now")
    cycle.add_parser("list", help="one line per cycle: id, year, kind, state, plan, expected, delivered, accepted")
    cycle_status = cycle.add_parser("status", help="completeness and timeliness per body")
    cycle_status.add_argument("--cycle", type=int, required=True)
    cycle_status.add_argument("--format", choices=["text", "json"], default="text")
    cycle_notify = cycle.add_parser("notify", help="open a prepared cycle for reporting and tell the bodies")
    cycle_notify.add_argument("--cycle", type=int, required=True)
    cycle_remind = cycle.add_parser("remind", help="remind now the bodies whose reports are missing (e-mail)")
    cycle_remind.add_argument("--cycle", type=int, required=True)
    cycle_remind.add_argument("--body", action="append", metavar="CODE",
                              help="only this body (repeat for several; default: every body with missing reports)")

    report = sub.add_parser("report", help="provincial documents").add_subparsers(dest="action", required=True)
    report_build = report.add_parser("build", help="build the provincial report or a review pack as a file")
    report_build.add_argument("--cycle", type=int, required=True)
    report_build.add_argument("--kind", choices=["annual", "midterm", "final"],
                              help="default: the cycle's own (annual, or the review of a mid-term/final cycle)")
    report_build.add_argument("--format", choices=["docx", "xlsx", "pdf"], default="docx",
                              help="pdf needs LibreOffice (XANH_SOFFICE)")
    report_build.add_argument("-o", "--output", type=Path, help="file to write (default: the document's name)")

    # -- indicators (issue 5): the group; each sub-command in its own block below --
    indicators = sub.add_parser("indicators", help="indicators, targets and observations").add_subparsers(
        dest="action", required=True)
    # `xanh indicators assess`: xanh/indicators/assess_cli.py
    indicators_assess = indicators.add_parser("assess", help="progress towards every target, one row per indicator")
    indicators_assess.add_argument("--format", choices=["text", "json"], default="text")
    # `xanh indicators import`: xanh/indicators/import_cli.py
    indicators_import = indicators.add_parser(
        "import", help="import the indicator registry or observations (XLSX or CSV, template told by the headers)")
    indicators_import.add_argument("file", type=Path)
    # -- end of indicators --

    worker = sub.add_parser("worker", help="run background jobs (mails, scheduled reminders) until stopped")
    worker.add_argument("--once", action="store_true", help="run what is due now, then exit")
    worker.add_argument("--retry-failed", action="store_true", help="queue failed jobs again first")

    manage = sub.add_parser("manage", help="run a Django management command (operators)")
    manage.add_argument("args", nargs=argparse.REMAINDER)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _setup()
    from xanh.core.errors import InputError, ServiceError

    try:
        return COMMANDS[args.command](args)
    except InputError as exc:
        for problem in exc.problems:
            print(f"✗ {problem}", file=sys.stderr)
        return 1
    except ServiceError as exc:
        print(f"✗ {exc.message}", file=sys.stderr)
        return 1
    except OSError as exc:  # a file named on the command line cannot be read
        print(f"✗ {exc}", file=sys.stderr)
        return 1


def cmd_serve(args) -> int:
    from django.conf import settings
    from waitress import serve

    from xanh.wsgi import application

    stop_worker = None
    if settings.XANH_RUN_WORKER_IN_SERVER:  # one process on a laptop; a server runs `xanh worker` instead
        from xanh.core.jobs import start_in_thread

        stop_worker = start_in_thread()
    print(f"xanh: http://{args.host}:{args.port}/", flush=True)
    try:
        serve(application, host=args.host, port=args.port, threads=args.threads, ident="xanh")
    finally:
        if stop_worker is not None:
            stop_worker()
    return 0


def cmd_migrate(args) -> int:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1)
    return 0


def cmd_demo(args) -> int:
    from django.core.management import call_command

    from xanh.demo import load_demo

    call_command("migrate", interactive=False, verbosity=0)
    report = load_demo(with_users=not args.no_users)
    for line in report:
        print(line)
    return 0


def _pick_plan(plan_id):
    from django.utils.translation import gettext as _

    from xanh.core.errors import ServiceError
    from xanh.plans.models import Plan

    if plan_id is not None:
        plan = Plan.objects.filter(pk=plan_id).first()
        if plan is None:
            raise ServiceError(_("There is no plan %(id)s.") % {"id": plan_id})
        return plan
    plan = Plan.objects.order_by("-date", "-pk").first()
    if plan is None:
        raise ServiceError(_("No plan is loaded yet: run “xanh demo” or “xanh plan import FILE”."))
    return plan


def cmd_plan(args) -> int:
    return {"import": plan_import, "export": plan_export, "list": plan_list}[args.action](args)


def plan_import(args) -> int:
    from django.utils.translation import gettext as _

    from xanh.core.services import SYSTEM
    from xanh.plans.services import import_plan

    overrides = {"number": args.number, "date": args.date, "issuer": args.issuer, "title": args.title}
    outcome = import_plan(SYSTEM, args.file.read_bytes(), args.file.name, overrides=overrides,
                          plan=_pick_plan(args.plan) if args.plan else None, dry_run=args.dry_run,
                          activate=args.activate)
    review = sum(1 for t in outcome.analysed.tasks for m in t.leads + t.coordinating if m.confidence < 1.0)
    if args.json:
        print(json.dumps({
            "plan": outcome.plan.pk if outcome.plan and not args.dry_run else None,
            "created": outcome.created, "unchanged": outcome.unchanged, "dry_run": outcome.dry_run,
            "version": outcome.version.seq if outcome.version else None, "changes": outcome.changes,
            "themes": outcome.analysed.task_theme_count, "tasks": len(outcome.analysed.tasks),
            "to_review": review, "findings": [f.params | {"kind": f.kind} for f in outcome.analysed.findings],
        }, ensure_ascii=False, indent=2, default=str))
        return 0
    a = outcome.analysed
    number = outcome.plan.number if outcome.plan else a.meta.number
    if outcome.created and outcome.dry_run:
        print(_("The file is valid: plan %(n)s would be imported with %(h)s themes and %(t)s tasks.") % {
            "n": number, "h": a.task_theme_count, "t": len(a.tasks)})
    elif outcome.created:
        print(_("Imported plan %(number)s: %(themes)d themes, %(tasks)d tasks.") % {
            "number": number, "themes": a.task_theme_count, "tasks": len(a.tasks)})
    elif outcome.unchanged:
        print(_("Plan %(number)s is unchanged: this file says nothing new.") % {"number": number})
    elif outcome.dry_run:
        print(_("The file is valid: it would become version %(s)s with %(n)s changes.") % {
            "s": outcome.version.seq, "n": len(outcome.changes)})
    else:
        print(_("Plan %(number)s: version %(seq)d with %(count)d changes.") % {
            "number": number, "seq": outcome.version.seq, "count": len(outcome.changes)})
        for change in outcome.changes:
            print("  " + _describe_change(change))
    print(_("Assignees to review (not an exact name): %(count)d.") % {"count": review})
    for finding in a.findings:
        print("  ! " + finding.location + ": " + finding.message)
    if outcome.plan and not outcome.dry_run:
        print(outcome.plan.pk)
    return 0


def _describe_change(change: dict) -> str:
    where = f"{change['kind']} {change.get('ref', '')}".strip()
    if change["op"] == "changed":
        return f"~ {where} {change['field']}: {change['before']!s:.60} → {change['after']!s:.60}"
    sign = "+" if change["op"] == "added" else "-"
    return f"{sign} {where}: {str(change.get('after') or change.get('before'))[:80]}"


def plan_export(args) -> int:
    from xanh.plans.exports import plan_csv, plan_json, plan_xlsx

    plan = _pick_plan(args.plan)
    if args.format == "json":
        payload = (json.dumps(plan_json(plan), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    elif args.format == "xlsx":
        payload = plan_xlsx(plan)
    else:
        payload = plan_csv(plan)
    if args.output:
        args.output.write_bytes(payload)
    else:
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
    return 0


def plan_list(args) -> int:
    from django.db.models import Count, Q

    from xanh.plans.models import Plan

    for plan in Plan.objects.annotate(n=Count("tasks", filter=Q(tasks__removed_in__isnull=True))).order_by("pk"):
        print(f"{plan.pk}\t{plan.number}\t{plan.date:%d/%m/%Y}\t{plan.state}\t{plan.n}\t{plan.title}")
    return 0


def cmd_task(args) -> int:
    from django.utils.translation import gettext as _

    from xanh.core.errors import ServiceError
    from xanh.plans.carriers import task_carriers
    from xanh.plans.models import Task

    plan = _pick_plan(args.plan)
    task = Task.objects.filter(plan=plan, ref=args.ref, removed_in__isnull=True).first()
    if task is None:
        raise ServiceError(_("Plan %(number)s has no task %(ref)s.") % {"number": plan.number, "ref": args.ref})
    on = args.date or date.today()
    print(f"{task.ref} — {task.text.splitlines()[0][:100]}")
    for row in task_carriers(task, on):
        print(f"[{row.assignment.get_role_display()}] {row.assignment.as_written}")
        if not row.carriers:
            print("    " + (row.note or _("(nobody)")))
        for carrier in row.carriers:
            path = " → ".join(f"{s.target} ({s.effective_date:%d/%m/%Y})" for s in carrier.path)
            scope = "; ".join(carrier.scopes)
            print(f"    {carrier.organization.name} [{carrier.organization.code}]"
                  + (f"  ⇐ {path}" if path else "") + (f"  ({scope})" if scope else ""))
    return 0


def cmd_org(args) -> int:
    from django.utils.translation import gettext as _

    from xanh.core.errors import ServiceError
    from xanh.core.services import SYSTEM

    if args.action == "load":
        from xanh.organizations.services import load_registry_file

        print(load_registry_file(SYSTEM, args.file))
        return 0
    from xanh.organizations.models import OrgGroup
    from xanh.organizations.services import import_group_members

    group = OrgGroup.objects.filter(code=args.group).first()
    if group is None:
        raise ServiceError(_("There is no group with code %(code)s.") % {"code": args.group})
    print(import_group_members(SYSTEM, group, args.file.read_bytes(), args.file.name))
    return 0


def cmd_user(args) -> int:
    from django.contrib.auth import get_user_model
    from django.utils.translation import gettext as _

    from xanh.core.errors import ServiceError
    from xanh.core.services import SYSTEM
    from xanh.organizations.models import Organization
    from xanh.organizations.services import create_user, issue_api_token

    if args.action == "create":
        org = Organization.objects.filter(code=args.org).first()
        if org is None:
            raise ServiceError(_("There is no body with code %(code)s.") % {"code": args.org})
        user, password = create_user(SYSTEM, args.username, organization=org, role=args.role,
                                     password=args.password, full_name=args.name, email=args.email)
        print(_("Created %(user)s (%(role)s at %(org)s).") % {"user": user.username, "role": args.role,
                                                               "org": org.name})
        if not args.password:
            print(_("Password: %(password)s") % {"password": password})
        return 0
    user = get_user_model().objects.filter(username=args.username).first()
    if user is None:
        raise ServiceError(_("There is no user %(name)s.") % {"name": args.username})
    print(issue_api_token(SYSTEM, user, "cli"))
    return 0


def cmd_cycle(args) -> int:
    from xanh.reporting import cli as reporting

    return {"open": reporting.cycle_open, "list": reporting.cycle_list, "status": reporting.cycle_status,
            "notify": reporting.cycle_notify, "remind": cycle_remind}[args.action](args)


def cycle_remind(args) -> int:
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    from xanh.core.errors import ServiceError
    from xanh.core.services import SYSTEM
    from xanh.organizations.models import Organization
    from xanh.reporting.models import Cycle
    from xanh.reporting.reminders import remind_now

    cycle = Cycle.objects.select_related("plan").filter(pk=args.cycle).first()
    if cycle is None:
        raise ServiceError(_("There is no cycle %(id)s.") % {"id": args.cycle})
    bodies = None
    if args.body:
        found = {o.code: o for o in Organization.objects.filter(code__in=args.body)}
        unknown = [code for code in args.body if code not in found]
        if unknown:
            raise ServiceError(_("There is no body with code %(code)s.") % {"code": ", ".join(unknown)})
        bodies = [found[code] for code in dict.fromkeys(args.body)]
    written = remind_now(SYSTEM, cycle, bodies)
    for reminder in written:
        print(f"{reminder.organization.code}\t{reminder.missing_count}\t"
              + (", ".join(reminder.recipients) or _("could not be reached: nobody has an e-mail address")))
    print(ngettext("Reminders sent to %(count)d body", "Reminders sent to %(count)d bodies", len(written))
          % {"count": len(written)})
    return 0


def cmd_report(args) -> int:
    from xanh.documents.cli import report_build

    return {"build": report_build}[args.action](args)


def cmd_indicators(args) -> int:
    from xanh.indicators import assess_cli

    if args.action == "import":
        from xanh.indicators import import_cli

        return import_cli.indicators_import(args)
    return {"assess": assess_cli.indicators_assess}[args.action](args)


def cmd_worker(args) -> int:
    from django.utils.translation import gettext as _

    from xanh.core import jobs

    if args.retry_failed:
        print(_("Failed jobs queued again: %(count)d") % {"count": jobs.retry_failed()})
    if args.once:
        print(_("Jobs run: %(count)d") % {"count": jobs.work(once=True)})
        return 0
    print(_("xanh worker: running background jobs; Ctrl-C stops it."), flush=True)
    try:
        jobs.work()
    except KeyboardInterrupt:
        print(_("Stopped."))
    return 0


def cmd_manage(args) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["xanh manage", *args.args])
    return 0


COMMANDS = {"serve": cmd_serve, "migrate": cmd_migrate, "demo": cmd_demo, "plan": cmd_plan, "task": cmd_task,
            "org": cmd_org, "user": cmd_user, "cycle": cmd_cycle, "worker": cmd_worker, "manage": cmd_manage,
            "report": cmd_report, "indicators": cmd_indicators}

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
