"""The coordinator says which themes and tasks of the plan in force an indicator measures (by code and
reference); the bodies reporting those tasks then file the indicator's values with their reports."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from xanh.core.errors import ServiceError
from xanh.core.views import coordinator_required, form_error
from xanh.indicators import queries
from xanh.indicators.assess_cli import followed_plan
from xanh.indicators.forms import LinksForm
from xanh.indicators.services import link_by_refs
from xanh.plans.models import Plan


@coordinator_required
def indicator_links(request, pk):
    indicator = queries.editable_indicator(request.user, pk)
    plan = followed_plan(Plan.objects.restrict(request.user, "view"))
    if plan is None:
        raise Http404
    initial = {"themes": ", ".join(t.code for t in indicator.themes.filter(plan=plan).order_by("order")),
               "tasks": ", ".join(t.ref for t in indicator.tasks.filter(plan=plan).order_by("theme__order", "number"))}
    form = LinksForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            link_by_refs(request.user, indicator, plan, form.cleaned_data["themes"], form.cleaned_data["tasks"])
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Links to the plan saved."))
            return redirect("indicators:detail", indicator.pk)
    return render(request, "indicators/links_form.html", {
        "indicator": indicator, "plan": plan, "form": form, "section": "indicators"},
        status=400 if form.errors else 200)
