"""The open datasets: one definition per dataset — its fields (the data dictionary) and its rows.

The /open/ pages, the CSV and JSON files, the API under /api/v1/open/ and docs/open-data.md all
come from DATASETS (a test checks the doc lists every field). The promise: dataset names, URLs,
field names and their types never change and ids are stable; fields may be added at the end.
Rows are read as the public reads them (xanh.portal.queries), whoever asks.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from xanh.indicators.opendata import indicator_rows, observation_rows, target_rows
from xanh.plans.enums import AssignmentRole
from xanh.plans.exports import FORMULA_STARTS
from xanh.plans.models import Assignment, Task
from xanh.portal import queries
from xanh.reporting.models import Cycle, Output
from xanh.reporting.progress import NO_REPORT


@dataclass(frozen=True)
class Field:
    name: str
    type: str            # integer | string | boolean | date | url
    description: object  # lazy: translated on the page, English in the files
    example: str


@dataclass(frozen=True)
class Context:
    """What a dataset's rows depend on: a way to make absolute links, the cycle or plan asked for."""

    link: Callable[..., str]       # link(viewname, *args) -> absolute URL
    cycle: Cycle | None = None
    plan_id: int | None = None


@dataclass(frozen=True)
class Dataset:
    name: str
    title: object
    description: object
    route: str                     # under /open/ and /api/v1/open/, without the format
    fields: tuple[Field, ...]
    build: Callable[[Context], Iterable[dict]]
    per_cycle: bool = False
    params: tuple[tuple[str, object], ...] = ()

    @property
    def path(self) -> str:
        return self.route.replace("<int:cycle_id>", "{cycle_id}")

    def rows(self, context: Context) -> list[dict]:
        names = [f.name for f in self.fields]
        return [{name: row[name] for name in names} for row in self.build(context)]


def _plans(ctx: Context):
    for plan in queries.plans().order_by("pk"):
        yield {"id": plan.pk, "province": plan.province.name, "number": plan.number, "date": plan.date,
               "title": plan.title, "period_start": plan.period_start, "period_end": plan.period_end,
               "url": ctx.link("portal:plan", plan.pk)}


def _assignee(a) -> str:
    if a.organization_id:
        return a.organization.name
    if a.group_id:
        return a.group.name
    return a.as_written


def _tasks(ctx: Context):
    leads = Prefetch("assignments", to_attr="leads", queryset=Assignment.objects.filter(
        role=AssignmentRole.LEAD).select_related("organization", "group").order_by("position"))
    tasks = (Task.objects.restrict(queries.PUBLIC, "view").filter(removed_in__isnull=True)
             .select_related("theme", "guidance_from").prefetch_related(leads)
             .order_by("plan_id", "theme__order", "number"))
    if ctx.plan_id is not None:
        tasks = tasks.filter(plan_id=ctx.plan_id)
    for task in tasks:
        yield {"plan_id": task.plan_id, "ref": task.ref, "theme_code": task.theme.code,
               "theme_title": task.theme.title, "text": task.text, "time_frame": task.time_frame,
               "start_year": task.start_year, "end_year": task.end_year,
               "lead_bodies": "; ".join(_assignee(a) for a in task.leads),
               "awaits_guidance": task.awaits_guidance,
               "guidance_from": task.guidance_from.name if task.guidance_from_id else task.guidance_from_as_written}


def _cycles(ctx: Context):
    for cycle in queries.cycles().order_by("pk"):
        yield {"id": cycle.pk, "plan_id": cycle.plan_id, "kind": cycle.kind, "year": cycle.year,
               "period_start": cycle.period_start, "period_end": cycle.period_end,
               "body_deadline": cycle.body_deadline, "province_deadline": cycle.province_deadline,
               "state": cycle.state, "url": ctx.link("portal:cycle", cycle.pk)}


# a data file is Vietnamese whatever the UI catalogue holds (as generated documents are)
NO_REPORT_VI = "Chưa có báo cáo được chấp nhận"


def _task_status(ctx: Context):
    cycle = ctx.cycle
    with translation.override("vi"):
        for row in queries.cycle_statuses(cycle, with_outputs=False):
            label = NO_REPORT_VI if row.status == NO_REPORT else str(row.label)
            yield {"cycle_id": cycle.pk, "year": cycle.year, "task_ref": row.task.ref,
                   "theme_code": row.task.theme.code, "status": str(row.status),
                   "status_label_vi": label, "accepted_reports": row.accepted,
                   "bodies": "; ".join(r.organization.name for r in row.reports)}


def _accepted(cycle):
    return (queries.accepted_reports(cycle).select_related("task", "organization")
            .order_by("task__theme__order", "task__number", "organization__name", "pk"))


def _reports(ctx: Context):
    for report in _accepted(ctx.cycle):
        yield {"cycle_id": report.cycle_id, "task_ref": report.task.ref, "body_code": report.organization.code,
               "body_name": report.organization.name, "status": report.status, "progress": report.progress,
               "results": report.results, "difficulties": report.difficulties, "proposals": report.proposals,
               "accepted_at": timezone.localdate(report.accepted_at) if report.accepted_at else None}


def _outputs(ctx: Context):
    outputs = (Output.objects.filter(report__in=queries.accepted_reports(ctx.cycle))
               .select_related("report__task", "report__organization")
               .order_by("report__task__theme__order", "report__task__number", "report__organization__name",
                         "position", "pk"))
    for output in outputs:
        yield {"cycle_id": output.report.cycle_id, "task_ref": output.report.task.ref,
               "body_code": output.report.organization.code, "kind": output.kind, "number": output.number,
               "date": output.date, "issuer": output.issuer, "title": output.title, "url": output.url}


F = Field
CYCLE_ID = F("cycle_id", "integer", _("Id of the published cycle (see the cycles dataset)."), "2")
TASK_REF = F("task_ref", "string", _("The task's reference in the plan: theme code and number."), "II.4")
BODY_CODE = F("body_code", "string", _("Stable code of the reporting body."), "th-snnmt")

# -- indicators (rows from xanh.indicators.opendata) ------------------------------------------
INDICATOR_ID = F("indicator_id", "integer", _("Id of the indicator (see the indicators dataset)."), "16")
INDICATOR_CODE = F("indicator_code", "string", _("The indicator's code, unique within its framework."),
                   "VIII.5.3-rung")
FRAMEWORK = F("framework", "string", _("tt10 (Circular 10/2023/TT-BKHĐT), qd1658 (Decision 1658/QĐ-TTg), plan "
                                       "(the province's action plan) or other."), "plan")
SDMX_ID = F("sdmx_id", "string", _("The indicator as an SDMX identifier (INDICATOR in the SDMX-CSV file)."),
            "PLAN_VIII_5_3-rung")
DECIMAL = _("Decimal number as text, dot as the decimal mark, in the indicator's unit.")
CONFIDENCE = _("confirmed, secondary (a secondary source) or unconfirmed: how sure the source is.")

INDICATOR_DATASETS = [
    Dataset("indicators", _("Indicators"), _("Published indicators: definition, unit, direction, lead agency and "
                                             "links to the plan."), "indicators", (
        F("id", "integer", _("Indicator id, stable; used by the targets and observations datasets."), "16"),
        FRAMEWORK,
        F("code", "string", _("Code, unique within its framework."), "VIII.5.3-rung"),
        SDMX_ID,
        F("national_code", "string", _("Code in the national statistical indicator system, when it has one."),
          "0101"),
        F("name", "string", _("Name in Vietnamese."), "Diện tích rừng trồng trong năm"),
        F("name_en", "string", _("Name in English."), "Forest planted in the year"),
        F("unit", "string", _("Unit of every value and target (percent targets of kind change aside)."), "ha"),
        F("direction", "string", _("higher or lower: which is better."), "higher"),
        F("periodicity", "string", _("annual, biennial, five_yearly or other."), "annual"),
        F("objective", "integer", _("Objective of Decision 1658/QĐ-TTg (1–4), when it has one."), "2"),
        F("roadmap", "string", _("Roadmap group of Circular 10/2023/TT-BKHĐT (A or B)."), "A"),
        F("lead_body", "string", _("The body responsible for the figure."), "Sở Nông nghiệp và Môi trường"),
        F("themes", "string", _("Codes of the plan's themes it is linked to, separated by “; ”."), "VIII"),
        F("tasks", "string", _("References of the plan's tasks it measures, separated by “; ”."), "VIII.5.3"),
        F("source", "string", _("Where the definition comes from."), "Quyết định 3825/QĐ-UBND…"),
        F("confidence", "string", CONFIDENCE, "confirmed"),
        F("url", "url", _("The indicator's page."), "https://example.org/indicators/16/"),
    ), indicator_rows),
    Dataset("targets", _("Indicator targets"), _("Targets of the published indicators: a level by a year, a change "
                                                 "from a baseline, an amount every year or a cumulative amount."),
            "targets", (
        INDICATOR_ID, INDICATOR_CODE, FRAMEWORK,
        F("area_code", "string", _("Code of the area's body; empty for a national target."), "th-ubnd"),
        F("area_name", "string", _("Name of the area's body; empty for a national target."),
          "Ủy ban nhân dân tỉnh Thanh Hóa"),
        F("kind", "string", _("level, change (percent from the baseline), annual (per year from start_year) or "
                              "cumulative (in total from start_year)."), "annual"),
        F("value", "string", _("The target value (a percent for kind change), as text with a dot as the decimal "
                                "mark."), "10000"),
        F("value_max", "string", _("Upper value when the target is a range."), ""),
        F("year", "integer", _("The year it is due."), "2030"),
        F("start_year", "integer", _("First year of an annual or cumulative target."), "2023"),
        F("baseline_year", "integer", _("Baseline year of a change target."), "2014"),
        F("baseline_value", "string", _("Baseline value, when known."), ""),
        F("text", "string", _("The target as the source words it."), "Bình quân trồng 10.000 ha rừng/năm"),
        F("source", "string", _("The decision that sets it."), "Quyết định 3825/QĐ-UBND…"),
    ), target_rows),
    Dataset("observations", _("Indicator values"), _(
        "Current values of the published indicators, one per indicator, area and year: the actual when there is "
        "one, else the estimate. Also as SDMX-CSV (see below)."), "observations", (
        INDICATOR_ID, INDICATOR_CODE, FRAMEWORK, SDMX_ID,
        F("area_code", "string", _("Code of the area's body."), "th-ubnd"),
        F("area_name", "string", _("Name of the area's body."), "Ủy ban nhân dân tỉnh Thanh Hóa"),
        F("year", "integer", _("The year the value is for."), "2025"),
        F("value", "string", DECIMAL, "54.09"),
        F("unit", "string", _("The indicator's unit."), "%"),
        F("kind", "string", _("actual or estimate (an estimate is replaced by the actual later)."), "actual"),
        F("source", "string", _("Where the value comes from."), "Quyết định 790/QĐ-UBND…"),
        F("confidence", "string", CONFIDENCE, "secondary"),
        F("flag", "string", _("Empty; flagged when the value jumped implausibly and awaits review; confirmed once "
                              "the coordinator checked it."), ""),
        F("entered_on", "date", _("Date the value was recorded (ISO 8601)."), "2026-02-20"),
    ), observation_rows),
]

DATASETS: dict[str, Dataset] = {d.name: d for d in [
    Dataset("plans", _("Plans"), _("Published plans: the decision that issued each and its period."), "plans", (
        F("id", "integer", _("Plan id, stable; used by the other datasets."), "1"),
        F("province", "string", _("The province whose plan it is, by the name of its People's Committee."),
          "Ủy ban nhân dân tỉnh Thanh Hóa"),
        F("number", "string", _("Number of the issuing decision."), "3825/QĐ-UBND"),
        F("date", "date", _("Date of the issuing decision (ISO 8601)."), "2023-10-18"),
        F("title", "string", _("Title of the plan."), "Kế hoạch hành động về tăng trưởng xanh tỉnh…"),
        F("period_start", "integer", _("First year of the plan's period."), "2021"),
        F("period_end", "integer", _("Last year of the plan's period."), "2030"),
        F("url", "url", _("The plan's page on the public portal."), "https://example.org/portal/plans/1/"),
    ), _plans),
    Dataset("tasks", _("Tasks"), _("Tasks of the published plans, as the decision words them."), "tasks", (
        F("plan_id", "integer", _("Id of the plan (see the plans dataset)."), "1"),
        F("ref", "string", _("The task's reference in the plan: theme code and number; unique in a plan."), "II.4"),
        F("theme_code", "string", _("Code of the task's theme (section of the plan)."), "II"),
        F("theme_title", "string", _("Title of the task's theme."), "Giảm cường độ phát thải khí nhà kính…"),
        F("text", "string", _("The task, as the decision words it (typos corrected)."), "Xây dựng kế hoạch…"),
        F("time_frame", "string", _("Time frame as written in the decision."), "2021-2025"),
        F("start_year", "integer", _("First year of the time frame, when it has one."), "2021"),
        F("end_year", "integer", _("Last year of the time frame, when it has one."), "2025"),
        F("lead_bodies", "string", _("Lead bodies (or groups of bodies) as the decision names them, separated by "
                                     "“; ”."), "Sở Nông nghiệp và Môi trường"),
        F("awaits_guidance", "boolean", _("Whether the task waits for guidance from the central government."),
          "false"),
        F("guidance_from", "string", _("Who the guidance is awaited from (a ministry), when it waits."),
          "Bộ Tài chính"),
    ), _tasks, params=(("plan", _("Only the tasks of this plan (id)."),),)),
    Dataset("cycles", _("Reporting cycles"), _("Published reporting cycles: annual reports and reviews."),
            "cycles", (
        F("id", "integer", _("Cycle id, stable; used in the per-cycle datasets' URLs."), "2"),
        F("plan_id", "integer", _("Id of the plan (see the plans dataset)."), "1"),
        F("kind", "string", _("annual, midterm (mid-term review), final (final review) or adhoc."), "annual"),
        F("year", "integer", _("The year reported on."), "2025"),
        F("period_start", "date", _("First day of the period the reports cover."), "2025-01-01"),
        F("period_end", "date", _("Last day of the period the reports cover (data cut-off)."), "2025-10-31"),
        F("body_deadline", "date", _("Deadline for the bodies' reports."), "2025-11-15"),
        F("province_deadline", "date", _("Deadline for the province's consolidated report."), "2025-12-10"),
        F("state", "string", _("open (bodies are reporting) or closed."), "closed"),
        F("url", "url", _("The cycle's page on the public portal."), "https://example.org/portal/cycles/2/"),
    ), _cycles),
    Dataset("task-status", _("Task status in a cycle"), _(
        "One row per task the cycle covers: the status consolidated from the accepted reports of every body "
        "that reported on it; no_report when none was accepted."), "cycles/<int:cycle_id>/task-status", (
        CYCLE_ID,
        F("year", "integer", _("The cycle's year."), "2025"),
        TASK_REF,
        F("theme_code", "string", _("Code of the task's theme."), "II"),
        F("status", "string", _("done_on_time, done_late, recurring, on_track, behind, not_started, "
                                "awaiting_guidance or no_report."), "on_track"),
        F("status_label_vi", "string", _("The status as officers write it, in Vietnamese."),
          "Đang triển khai đúng tiến độ"),
        F("accepted_reports", "integer", _("Number of accepted reports the status is consolidated from."), "1"),
        F("bodies", "string", _("Bodies whose accepted reports make the status, separated by “; ”."),
          "Sở Nông nghiệp và Môi trường"),
    ), _task_status, per_cycle=True),
    Dataset("reports", _("Accepted reports"), _("What each body reported on each task, as accepted by the "
                                                "coordinator."), "cycles/<int:cycle_id>/reports", (
        CYCLE_ID, TASK_REF, BODY_CODE,
        F("body_name", "string", _("Name of the reporting body."), "Sở Nông nghiệp và Môi trường"),
        F("status", "string", _("The body's implementation status (codes as in task-status, without "
                                "no_report); may be empty."), "on_track"),
        F("progress", "integer", _("Progress in percent (0–100), when given."), "60"),
        F("results", "string", _("Results in the period, as reported."), "Đã ban hành kế hoạch…"),
        F("difficulties", "string", _("Difficulties, as reported."), ""),
        F("proposals", "string", _("Proposals, as reported."), ""),
        F("accepted_at", "date", _("Date the coordinator accepted the report (ISO 8601)."), "2025-11-20"),
    ), _reports, per_cycle=True),
    Dataset("outputs", _("Outputs delivered"), _("Documents the bodies delivered for the tasks, listed in their "
                                                 "accepted reports."), "cycles/<int:cycle_id>/outputs", (
        CYCLE_ID, TASK_REF, BODY_CODE,
        F("kind", "string", _("Kind of document, from the plan's vocabulary (ke_hoach, quyet_dinh, bao_cao…)."),
          "ke_hoach"),
        F("number", "string", _("Document number."), "123/KH-UBND"),
        F("date", "date", _("Document date (ISO 8601)."), "2025-03-01"),
        F("issuer", "string", _("Who issued it."), "UBND tỉnh Thanh Hóa"),
        F("title", "string", _("Title or summary."), "Kế hoạch thực hiện…"),
        F("url", "url", _("Link to the public document, when the body gave one."), "https://example.org/vb/123"),
    ), _outputs, per_cycle=True),
    *INDICATOR_DATASETS,
]}


# -- files ------------------------------------------------------------------------------------

def dictionary(dataset: Dataset) -> list[dict]:
    """The data dictionary as the files carry it: in English, whatever the reader's language."""
    with translation.override("en"):
        return [{"name": f.name, "type": f.type, "description": str(f.description), "example": f.example}
                for f in dataset.fields]


def _json_value(value):
    return value.isoformat() if isinstance(value, dt.date) else value


def as_json(dataset: Dataset, rows: list[dict]) -> dict:
    return {"dataset": dataset.name, "generated_at": timezone.now().isoformat(timespec="seconds"),
            "fields": dictionary(dataset),
            "rows": [{name: _json_value(value) for name, value in row.items()} for row in rows]}


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        return str(value)
    # Excel runs a cell that starts with = + - @ as a formula: an apostrophe keeps it text. A plain number
    # ("-15", "-0.5") is not a formula and stays as it is, so machines read it as a number.
    if value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def as_csv(dataset: Dataset, rows: list[dict]) -> bytes:
    """UTF-8 with a byte-order mark (so Excel reads the diacritics), a header of field names."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([f.name for f in dataset.fields])
    for row in rows:
        writer.writerow([_csv_value(row[f.name]) for f in dataset.fields])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
