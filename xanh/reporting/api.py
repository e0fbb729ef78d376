"""Reporting API: cycles, completeness, the caller's task reports and their workflow.

Every call needs a signed-in session or a token (anonymous → 401). Reads go through the
restricted querysets of xanh.reporting.queries; writes through the services, whose refusals
become 400 (with the field), 403 (not allowed), 409 (a stale version) — and an object the
caller may not see is 404, whatever it is.
"""

import datetime as dt

from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.utils import check_csrf

from xanh.core.api import TokenOrSession
from xanh.core.errors import ServiceError
from xanh.reporting import queries, services
from xanh.reporting.enums import CycleKind, CycleState, ReportState
from xanh.reporting.models import Cycle, Output, TaskReport

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class SignedIn(TokenOrSession):
    """A token, or a session with its CSRF token for writes; the public gets 401."""

    def __call__(self, request):
        has_token = bool(request.headers.get("Authorization"))
        user = super().__call__(request)
        if not getattr(user, "is_authenticated", False):
            raise HttpError(401, _("Sign in, or send an API token (“xanh user token USERNAME”)."))
        if not has_token and request.method not in SAFE_METHODS and check_csrf(request):
            raise HttpError(403, _("The form's security token (CSRF) is missing or stale: reload the page."))
        return user


router = Router(tags=["reporting"], auth=SignedIn())


# -- errors ----------------------------------------------------------------------------------

class ErrorOut(Schema):
    """Why a call was refused; nothing was changed."""

    detail: str = Field(..., description="The reason, in the caller's language.")
    field: str | None = Field(None, description="The input field at fault, when there is one.")


REFUSALS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


# -- cycles ----------------------------------------------------------------------------------

class CycleOut(Schema):
    """A reporting cycle: a plan's annual, mid-term, final or ad hoc round of reports."""

    id: int
    plan: int = Field(..., description="Plan id.")
    plan_number: str = Field(..., description="The plan's decision number, e.g. 3825/QĐ-UBND.")
    kind: CycleKind
    year: int
    title: str
    state: CycleState = Field(..., description="preparing (expected list under review), open, closed.")
    reference_date: dt.date = Field(..., description="Bodies are resolved as they exist on this date.")
    period_start: dt.date = Field(..., description="First day of the data the reports cover.")
    period_end: dt.date = Field(..., description="Last day of the data the reports cover (cut-off).")
    body_deadline: dt.date = Field(..., description="Deadline for the bodies; delivery by the end of this day is "
                                                 "on time.")
    province_deadline: dt.date = Field(..., description="Deadline for the province's consolidated report.")
    remind_days_before: int
    is_public: bool = Field(..., description="Published: the public reads its accepted reports.")
    notified_at: dt.datetime | None = Field(None, description="When the bodies were told (the cycle opened).")
    closed_at: dt.datetime | None = None
    version: int = Field(..., description="Optimistic-lock version.")

    @staticmethod
    def resolve_plan(obj):
        return obj.plan_id

    @staticmethod
    def resolve_plan_number(obj):
        return obj.plan.number


class CompletenessOut(Schema):
    """Completeness and timeliness of one body's reports in a cycle (computed, never typed)."""

    organization: str = Field(..., description="Body code.")
    organization_name: str
    expected: int = Field(..., description="Reports the body owes in the cycle.")
    draft: int = Field(..., description="Not submitted yet (including reports sent back by the approver).")
    submitted: int = Field(..., description="Submitted, awaiting the body's approver.")
    approved: int = Field(..., description="Approved by the body, awaiting the coordinator.")
    accepted: int = Field(..., description="Accepted by the coordinator (locked).")
    returned: int = Field(..., description="Returned by the coordinator for correction.")
    missing: int = Field(..., description="Expected but not delivered to the coordinator (neither approved nor "
                                          "accepted).")
    on_time: int = Field(..., description="Delivered by the end of the bodies' deadline day.")
    late: int = Field(..., description="Delivered after the bodies' deadline.")


def completeness_rows(user, cycle: Cycle) -> list[dict]:
    """Per body, as a league table (best first); the API and `xanh cycle status` both print this."""
    return [{"organization": item.extra["code"], "organization_name": item.extra["name"], **item.as_dict()}
            for item in queries.completeness_by_body(user, cycle)]


def _cycle(request, cycle_id) -> Cycle:
    try:
        return queries.get_cycle(request.auth, cycle_id)
    except Cycle.DoesNotExist as exc:
        raise Http404 from exc


@router.get("/cycles", response={200: list[CycleOut], 401: ErrorOut})
def list_cycles(request):
    """Cycles the caller may see: all of them for the coordinator; open and closed ones for the bodies."""
    return list(queries.cycles(request.auth))


@router.get("/cycles/{cycle_id}", response={200: CycleOut, 401: ErrorOut, 404: ErrorOut})
def get_cycle(request, cycle_id: int):
    return _cycle(request, cycle_id)


@router.get("/cycles/{cycle_id}/completeness", response={200: list[CompletenessOut], **REFUSALS})
def get_completeness(request, cycle_id: int):
    """Per body: expected, draft, submitted, approved, accepted, returned, missing, on time, late —
    a league table, best first. The coordinator and leadership only."""
    return completeness_rows(request.auth, _cycle(request, cycle_id))


# -- reports ---------------------------------------------------------------------------------

class OutputOut(Schema):
    """A document delivered for the task."""

    kind: str = Field(..., description="From the plan's vocabulary of products, e.g. ke_hoach, quyet_dinh.")
    number: str = Field(..., description="Document number, e.g. 123/KH-UBND.")
    date: dt.date | None
    issuer: str
    title: str
    file_id: int | None = Field(None, description="Attached file; send it back in `outputs[].file_id` to keep it.")
    file_name: str | None = None
    file: str | None = Field(None, description="Download URL of the attached file (same permissions as the "
                                               "report).")
    url: str = Field("", description="Link to the public document (http or https), shown on the public portal.")

    @staticmethod
    def resolve_file_id(obj):
        return obj.evidence_id

    @staticmethod
    def resolve_file_name(obj):
        return obj.evidence.original_name if obj.evidence_id else None

    @staticmethod
    def resolve_file(obj, context):
        if not obj.evidence_id:
            return None
        url = reverse("reporting:evidence", args=[obj.evidence_id])
        request = (context or {}).get("request")
        return request.build_absolute_uri(url) if request is not None else url


class ReportOut(Schema):
    """What one body reports on one task in one cycle."""

    id: int
    cycle: int = Field(..., description="Cycle id.")
    task: int = Field(..., description="Task id.")
    task_ref: str = Field(..., description="Task reference in the plan, e.g. II.4.")
    task_text: str
    organization: str = Field(..., description="Code of the body that owes the report.")
    organization_name: str
    version: int = Field(..., description="Send it back with every change; a stale one is refused with 409.")
    state: ReportState = Field(..., description="draft → submitted → approved → accepted, or returned.")
    editable: bool = Field(..., description="The body may still change it (draft or returned, cycle open).")
    status: str = Field(..., description="Implementation status (not_started, on_track, behind, done_on_time, "
                                         "done_late, recurring, awaiting_guidance), or empty.")
    progress: int | None = Field(None, description="Progress in percent, 0–100.")
    results: str
    difficulties: str
    proposals: str
    budget_used: int | None = Field(None, description="Budget used, in VND.")
    is_estimate: bool = Field(..., description="Figures are estimates, to be revised after the cut-off.")
    outputs: list[OutputOut]
    on_time: bool | None = Field(None, description="Computed from the delivery time against the bodies' deadline; "
                                                   "null while not delivered.")
    updated_at: dt.datetime | None = None
    submitted_at: dt.datetime | None = None
    approved_at: dt.datetime | None = None
    delivered_at: dt.datetime | None = Field(None, description="The first time the body's approval sent it to the "
                                                            "coordinator.")
    accepted_at: dt.datetime | None = None
    return_reason: str = Field(..., description="Why it was last sent back, returned or reopened.")
    carried_from: int | None = Field(None, description="The earlier report it was carried forward from.")

    @staticmethod
    def resolve_cycle(obj):
        return obj.cycle_id

    @staticmethod
    def resolve_task(obj):
        return obj.task_id

    @staticmethod
    def resolve_task_ref(obj):
        return obj.task.ref

    @staticmethod
    def resolve_task_text(obj):
        return obj.task.text

    @staticmethod
    def resolve_organization(obj):
        return obj.organization.code

    @staticmethod
    def resolve_organization_name(obj):
        return obj.organization.name

    @staticmethod
    def resolve_editable(obj):
        return obj.is_editable

    @staticmethod
    def resolve_budget_used(obj):
        return int(obj.budget_used) if obj.budget_used is not None else None

    @staticmethod
    def resolve_outputs(obj):
        return list(obj.outputs.all())

    @staticmethod
    def resolve_carried_from(obj):
        return obj.carried_from_id


class ReportFilters(Schema):
    cycle: int | None = Field(None, description="Cycle id.")
    state: ReportState | None = None
    task: str = Field("", description="Task id or reference (II.4).")
    organization: str = Field("", description="Body code.")


class OutputIn(Schema):
    kind: str = Field(..., description="From the plan's vocabulary of products, e.g. ke_hoach.")
    number: str = ""
    date: dt.date | None = None
    issuer: str = ""
    title: str = ""
    file_id: int | None = Field(None, description="Keep a file already attached to this report.")
    url: str = Field("", description="Link to the public document (http or https); anything else is refused.")


class ReportPatch(Schema):
    """Fields to change; those left out are kept. `outputs`, when given, replaces the whole list."""

    version: int = Field(..., description="The version the change was made on.")
    status: str | None = None
    progress: int | None = None
    results: str | None = None
    difficulties: str | None = None
    proposals: str | None = None
    budget_used: int | None = None
    is_estimate: bool | None = None
    outputs: list[OutputIn] | None = None


class TransitionIn(Schema):
    version: int = Field(..., description="The version the decision was made on.")
    reason: str = Field("", description="Required to send back, return or reopen: the body will read it.")


class VersionIn(Schema):
    version: int


def _reports(user):
    outputs = Prefetch("outputs", queryset=Output.objects.select_related("evidence"))
    return queries.reports(user).select_related("cycle__plan").prefetch_related(outputs)


def _report(request, report_id) -> TaskReport:
    try:
        return _reports(request.auth).get(pk=report_id)
    except TaskReport.DoesNotExist as exc:
        raise Http404 from exc


@router.get("/reports", response={200: list[ReportOut], 401: ErrorOut})
@paginate(LimitOffsetPagination)
def list_reports(request, filters: Query[ReportFilters]):
    """The reports the caller may see — a body's officers their own, the coordinator every one —
    paginated, filtered by cycle, state, task and body."""
    qs = _reports(request.auth)
    if filters.cycle is not None:
        qs = qs.filter(cycle_id=filters.cycle)
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.task:
        qs = qs.filter(task_id=int(filters.task)) if filters.task.isdigit() else qs.filter(task__ref=filters.task)
    if filters.organization:
        qs = qs.filter(organization__code=filters.organization)
    return qs


@router.get("/reports/{report_id}", response={200: ReportOut, 401: ErrorOut, 404: ErrorOut})
def get_report(request, report_id: int):
    return _report(request, report_id)


@router.patch("/reports/{report_id}", response={200: ReportOut, **REFUSALS})
def update_report(request, report_id: int, payload: ReportPatch):
    """Save a draft (or a returned report being fixed): only the fields sent change."""
    report = _report(request, report_id)
    changes = payload.dict(exclude_unset=True, exclude={"version", "outputs"})
    outputs = None
    if payload.outputs is not None:
        outputs = [services.OutputInput(kind=o.kind, number=o.number, date=o.date, issuer=o.issuer, title=o.title,
                                        evidence_id=o.file_id, url=o.url) for o in payload.outputs]
    services.save_report(request.auth, report, payload.version, changes, outputs)
    return _report(request, report_id)


def _transition(request, report_id, service, payload: TransitionIn, with_reason=False):
    report = _report(request, report_id)
    if with_reason:
        service(request.auth, report, payload.version, payload.reason)
    else:
        service(request.auth, report, payload.version)
    return _report(request, report_id)


@router.post("/reports/{report_id}/submit", response={200: ReportOut, **REFUSALS})
def submit_report(request, report_id: int, payload: TransitionIn):
    """The body's reporter submits (straight to the coordinator when the body has no approver)."""
    return _transition(request, report_id, services.submit, payload)


@router.post("/reports/{report_id}/approve", response={200: ReportOut, **REFUSALS})
def approve_report(request, report_id: int, payload: TransitionIn):
    """The body's approver sends a submitted report to the coordinator."""
    return _transition(request, report_id, services.approve, payload)


@router.post("/reports/{report_id}/send-back", response={200: ReportOut, **REFUSALS})
def send_back_report(request, report_id: int, payload: TransitionIn):
    """The body's approver sends a submission back to its reporter, with a reason."""
    return _transition(request, report_id, services.send_back, payload, with_reason=True)


@router.post("/reports/{report_id}/return", response={200: ReportOut, **REFUSALS})
def return_report(request, report_id: int, payload: TransitionIn):
    """The coordinator returns an approved report to the body, with a reason."""
    return _transition(request, report_id, services.return_report, payload, with_reason=True)


@router.post("/reports/{report_id}/accept", response={200: ReportOut, **REFUSALS})
def accept_report(request, report_id: int, payload: TransitionIn):
    """The coordinator accepts an approved report, which locks it."""
    return _transition(request, report_id, services.accept, payload)


@router.post("/reports/{report_id}/reopen", response={200: ReportOut, **REFUSALS})
def reopen_report(request, report_id: int, payload: TransitionIn):
    """The coordinator unlocks an accepted report for correction, with a reason."""
    return _transition(request, report_id, services.reopen, payload, with_reason=True)


@router.post("/reports/{report_id}/carry-forward", response={200: ReportOut, **REFUSALS})
def carry_forward_report(request, report_id: int, payload: VersionIn):
    """Start the draft from the same task's report in the previous annual cycle (by this body or
    a body it succeeded): narrative fields and outputs."""
    report = _report(request, report_id)
    source = services.previous_report(report)
    if source is None:
        raise ServiceError(_("There is no earlier report on this task to carry forward."))
    services.carry_forward(request.auth, report, payload.version, source)
    return _report(request, report_id)
