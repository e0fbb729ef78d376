"""The coordinator adds, edits and deletes an indicator's targets. Reads through queries, writes through the
target services (which check the coordinator and record the audit event); a refusal writes nothing."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xanh.core.errors import ServiceError
from xanh.core.views import coordinator_required, form_error
from xanh.indicators import queries
from xanh.indicators.forms import TargetEditForm, TargetForm, VersionForm
from xanh.indicators.models import Target
from xanh.indicators.services.targets import add_target, delete_target, update_target


def _render(request, indicator, form, target=None):
    return render(request, "indicators/target_form.html", {
        "indicator": indicator, "form": form, "target": target, "section": "indicators"})


@coordinator_required
def target_new(request, pk):
    indicator = queries.editable_indicator(request.user, pk)
    form = TargetForm(request.POST or None, areas=queries.target_areas())
    if request.method == "POST" and form.is_valid():
        try:
            target = add_target(request.user, indicator, **form.target_fields())
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Target added."))
            return redirect(_anchor(target))
    return _render(request, indicator, form)


def _anchor(target: Target) -> str:
    return reverse("indicators:detail", args=[target.indicator_id]) + f"#target-{target.pk}"


def _target(request, pk) -> Target:
    try:
        return queries.editable_target(request.user, pk)
    except Target.DoesNotExist as exc:
        raise Http404 from exc


@coordinator_required
def target_edit(request, pk):
    target = _target(request, pk)
    form = TargetEditForm(request.POST or None, areas=queries.target_areas(target),
                          initial={**TargetForm.initial_for(target), "version": target.version})
    if request.method == "POST" and form.is_valid():
        try:
            update_target(request.user, target, form.cleaned_data["version"], **form.target_fields())
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Target saved."))
            return redirect(_anchor(target))
    return _render(request, target.indicator, form, target)


@require_POST
@coordinator_required
def target_delete(request, pk):
    target = _target(request, pk)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form was incomplete; nothing was deleted."))
    else:
        try:
            delete_target(request.user, target, form.cleaned_data["version"])
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Target deleted."))
    return redirect("indicators:detail", target.indicator_id)
