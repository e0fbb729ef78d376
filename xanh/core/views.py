"""Shared view helpers: role gates and rendering service errors into forms."""

from datetime import date
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from xanh.core.access import is_coordinator
from xanh.core.dates import parse_day
from xanh.core.models import AuditEvent


def coordinator_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_coordinator(request.user):
            raise PermissionDenied(_("Only the plan coordinator may do this."))
        return view(request, *args, **kwargs)

    return wrapper


def date_param(request, name: str = "on") -> date:
    """A date from the query string (dd/mm/yyyy or ISO); today when absent or unreadable."""
    try:
        return parse_day(request.GET.get(name, ""))
    except ValueError:
        return date.today()


def form_error(form, exc) -> None:
    """Put a ServiceError on the form field it names (or on the form)."""
    field = getattr(exc, "field", None)
    form.add_error(field if field in form.fields else None, str(exc.message))


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


@coordinator_required
def audit_log(request):
    events = AuditEvent.objects.restrict(request.user, "view").select_related("actor")
    action = request.GET.get("action", "").strip()
    if action:
        events = events.filter(action__startswith=action)
    obj = request.GET.get("object", "").strip()
    if obj:
        events = events.filter(object_repr__icontains=obj)
    return render(request, "core/audit.html", {"events": events[:300], "action": action, "object": obj,
                                                "section": "audit"})


def healthz(request):
    """Liveness for load balancers and the baseline of the page benchmarks: no database."""
    return HttpResponse("ok", content_type="text/plain")
