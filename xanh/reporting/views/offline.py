"""Working offline in Excel: download the body's workbook for a cycle, upload it back filled in."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from xanh.core.errors import InputError, ServiceError
from xanh.core.forms import Form, check_upload_size
from xanh.core.views import form_error
from xanh.organizations.models import Organization
from xanh.reporting import offline, queries
from xanh.reporting.access import can_write_for
from xanh.reporting.models import Cycle

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class WorkbookUploadForm(Form):
    file = forms.FileField(label=gettext_lazy("Filled-in workbook (XLSX)"), validators=[check_upload_size],
                           widget=forms.FileInput(attrs={"accept": ".xlsx," + XLSX}))


def _cycle_and_body(request, pk, code) -> tuple[Cycle, Organization]:
    """The cycle and body, if the person may read that body's reports (its officers, the coordinator)."""
    try:
        cycle = queries.get_cycle(request.user, pk)
        body = Organization.objects.get(code=code)
    except (Cycle.DoesNotExist, Organization.DoesNotExist) as exc:
        raise Http404 from exc
    if not offline.can_download(request.user, body):
        raise Http404
    return cycle, body


@login_required
@require_http_methods(["GET", "POST"])
def body_xlsx(request, pk, code):
    cycle, body = _cycle_and_body(request, pk, code)
    if request.method == "POST":
        return _upload(request, cycle, body)
    response = HttpResponse(offline.export_body_xlsx(request.user, cycle, body), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{offline.filename(cycle, body)}"'
    return response


@login_required
@require_GET
def body_xlsx_upload(request, pk, code):
    cycle, body = _cycle_and_body(request, pk, code)
    return _page(request, cycle, body, WorkbookUploadForm())


def _upload(request, cycle, body):
    if not can_write_for(request.user, body.pk):
        raise PermissionDenied(_("Only the officers of %(body)s may write its reports.") % {"body": body})
    form = WorkbookUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, cycle, body, form, status=400)
    upload = form.cleaned_data["file"]
    try:
        outcome = offline.import_body_xlsx(request.user, cycle, body, upload.name, upload.read())
    except InputError as exc:
        return _page(request, cycle, body, form, problems=exc.problems, status=400)
    except ServiceError as exc:
        form_error(form, exc)
        return _page(request, cycle, body, form, status=400)
    counts = outcome.counts
    messages.success(request, _("Workbook read: %(updated)d reports saved, %(unchanged)d unchanged, %(skipped)d no "
                                "longer editable and left as they are.") % counts)
    for notice in outcome.notices:
        messages.warning(request, str(notice))
    return redirect("reporting:body", cycle.pk, body.code)


def _page(request, cycle, body, form, problems=(), status=200):
    return render(request, "reporting/offline/upload.html", {
        "cycle": cycle, "body": body, "form": form, "problems": problems,
        "can_write": cycle.is_open and can_write_for(request.user, body.pk), "section": "reporting",
    }, status=status)


urlpatterns = [
    path("cycles/<int:pk>/bodies/<slug:code>/xlsx", body_xlsx, name="body_xlsx"),
    path("cycles/<int:pk>/bodies/<slug:code>/xlsx/upload/", body_xlsx_upload, name="body_xlsx_upload"),
]
