"""Read API for plans, themes and tasks (restricted querysets, as the pages)."""

from datetime import date

from django.http import Http404
from ninja import Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from xanh.organizations.api import CarrierOut, carrier_out
from xanh.organizations.registry import Registry
from xanh.plans import exports, queries
from xanh.plans.carriers import task_carriers
from xanh.plans.models import Plan, Task

router = Router(tags=["plans"])


class PlanOut(Schema):
    id: int
    number: str
    date: date
    issuer: str
    title: str
    signer: str
    province: str
    period_start: int | None
    period_end: int | None
    state: str
    is_public: bool
    version: int

    @staticmethod
    def resolve_issuer(obj):
        return obj.issuer_name

    @staticmethod
    def resolve_province(obj):
        return obj.province.code

    @staticmethod
    def resolve_version(obj):
        return obj.latest_seq


class ThemeOut(Schema):
    code: str
    title: str
    title_as_written: str
    parent: str | None = None
    task_count: int

    @staticmethod
    def resolve_parent(obj):
        return obj.parent.code if obj.parent_id else None


class AssigneeOut(Schema):
    role: str
    as_written: str
    organization: str | None = None
    group: str | None = None
    confidence: float
    method: str
    reviewed: bool

    @staticmethod
    def resolve_organization(obj):
        return obj.organization.code if obj.organization_id else None

    @staticmethod
    def resolve_group(obj):
        return obj.group.code if obj.group_id else None

    @staticmethod
    def resolve_reviewed(obj):
        return obj.reviewed_at is not None


class ProductOut(Schema):
    kind: str
    as_written: str


class TaskOut(Schema):
    id: int
    ref: str
    theme: str
    number: int
    text: str
    time_frame: str
    start_year: int | None
    end_year: int | None
    products: list[ProductOut]
    note: str
    awaits_guidance: bool
    awaits_guidance_from: str | None = None
    source_line: int | None
    assignees: list[AssigneeOut]

    @staticmethod
    def resolve_theme(obj):
        return obj.theme.code

    @staticmethod
    def resolve_awaits_guidance_from(obj):
        return obj.guidance_from_as_written or None

    @staticmethod
    def resolve_assignees(obj):
        return list(obj.assignments.all())


class TaskFilters(Schema):
    q: str = ""
    theme: str = ""
    organization: str = ""
    group: str = ""
    mode: str = "carries"
    role: str = ""
    year: int | None = None
    time_frame: str = ""
    conditional: str = ""
    on: date | None = None


class AssigneeCarriersOut(Schema):
    role: str
    as_written: str
    carriers: list[CarrierOut]
    note: str


def _plan(request, plan_id) -> Plan:
    try:
        return queries.plan(request.auth, plan_id)
    except Plan.DoesNotExist as exc:
        raise Http404 from exc


@router.get("/plans", response=list[PlanOut])
def list_plans(request):
    return list(queries.plans(request.auth))


@router.get("/plans/{plan_id}", response=PlanOut)
def get_plan(request, plan_id: int):
    return _plan(request, plan_id)


@router.get("/plans/{plan_id}/export")
def export_plan(request, plan_id: int):
    """The whole plan in the export schema (docs/plan-json.md), as `xanh plan export --format json`."""
    return exports.plan_json(_plan(request, plan_id))


@router.get("/plans/{plan_id}/themes", response=list[ThemeOut])
def list_themes(request, plan_id: int):
    return queries.themes_with_counts(_plan(request, plan_id))


@router.get("/plans/{plan_id}/tasks", response=list[TaskOut])
@paginate(LimitOffsetPagination)
def list_tasks(request, plan_id: int, filters: Query[TaskFilters]):
    """Tasks, filtered as on the task list page: search ignoring diacritics, theme, body (carried
    now, inherited through successions and groups — or as named), role, year, time frame,
    waiting for central guidance."""
    plan = _plan(request, plan_id)
    f = queries.TaskFilter(**{**filters.dict(), "on": filters.on or date.today()})
    return queries.tasks(request.auth, plan, f)


@router.get("/tasks/{task_id}", response=TaskOut)
def get_task(request, task_id: int):
    try:
        return queries.task(request.auth, task_id)
    except Task.DoesNotExist as exc:
        raise Http404 from exc


@router.get("/tasks/{task_id}/carriers", response=list[AssigneeCarriersOut])
def get_carriers(request, task_id: int, on: date | None = None):
    """Who carries the task on a date (default today), through any chain of successions."""
    try:
        task = queries.task(request.auth, task_id)
    except Task.DoesNotExist as exc:
        raise Http404 from exc
    rows = task_carriers(task, on or date.today(), Registry.load(task.plan.province))
    return [{"role": r.assignment.role, "as_written": r.assignment.as_written,
             "carriers": [carrier_out(c) for c in r.carriers], "note": str(r.note)} for r in rows]
