"""Reminders and the chasing letter: thin views over xanh.reporting.reminders and letters."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from xanh.core.errors import ServiceError
from xanh.core.views import coordinator_required
from xanh.organizations.models import Organization
from xanh.reporting import queries
from xanh.reporting.access import sees_all_delivered
from xanh.reporting.letters import chasing_letter as build_letter
from xanh.reporting.models import Cycle, Reminder
from xanh.reporting.reminders import remind_now

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _cycle(user, pk) -> Cycle:
    try:
        return queries.get_cycle(user, pk)
    except Cycle.DoesNotExist as exc:
        raise Http404 from exc


def _bodies(user, codes: list[str]) -> tuple[list, list]:
    """The bodies named by `codes` (in order, once each) and the codes that name none."""
    found = {o.code: o for o in Organization.objects.restrict(user, "view").filter(code__in=codes)}
    return [found[c] for c in dict.fromkeys(codes) if c in found], [c for c in codes if c not in found]


@require_POST
@coordinator_required
def remind(request, pk):
    cycle = _cycle(request.user, pk)
    target = "reporting:cycle_reminders" if request.POST.get("next") == "reminders" else "reporting:cycle"
    codes = [c.strip() for c in request.POST.getlist("organization") if c.strip()]
    organizations, unknown = _bodies(request.user, codes) if codes else (None, [])
    if unknown:
        messages.error(request, _("No body has the code %(codes)s; no reminder was sent.") % {
            "codes": ", ".join(unknown)})
        return redirect(target, cycle.pk)
    try:
        written = remind_now(request.user, cycle, organizations)
    except ServiceError as exc:
        messages.error(request, str(exc.message))
        return redirect(target, cycle.pk)
    messages.success(request, ngettext("Reminders sent to %(count)d body", "Reminders sent to %(count)d bodies",
                                       len(written)) % {"count": len(written)})
    unreachable = [r.organization.short_name or r.organization.name for r in written if not r.recipients]
    if unreachable:
        messages.warning(request, _("Nobody at these bodies has an e-mail address, so they could not be "
                                    "reached: %(bodies)s.") % {"bodies": "; ".join(unreachable)})
    return redirect(target, cycle.pk)


@require_GET
@coordinator_required
def reminder_list(request, pk):
    cycle = _cycle(request.user, pk)
    reminders = (Reminder.objects.restrict(request.user, "view").filter(cycle=cycle)
                 .select_related("organization", "sent_by"))
    unreachable = (reminders.filter(recipients=[]).order_by()
                   .values("organization__code", "organization__name")
                   .annotate(times=Count("id"), last=Max("sent_at")).order_by("organization__name"))
    return render(request, "reporting/reminders/list.html", {
        "cycle": cycle, "page": Paginator(reminders, 100).get_page(request.GET.get("page")),
        "unreachable": list(unreachable), "section": "reporting"})


@require_GET
def chasing_letter(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    cycle = _cycle(request.user, pk)
    if not sees_all_delivered(request.user):
        raise PermissionDenied(_("Only the coordinator and the provincial leadership may draft the chasing letter."))
    response = HttpResponse(build_letter(request.user, cycle), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="cong-van-don-doc-{cycle.year}-{cycle.pk}.docx"'
    return response


urlpatterns = [
    path("cycles/<int:pk>/remind/", remind, name="cycle_remind"),
    path("cycles/<int:pk>/reminders/", reminder_list, name="cycle_reminders"),
    path("cycles/<int:pk>/chasing-letter.docx", chasing_letter, name="chasing_letter"),
]
