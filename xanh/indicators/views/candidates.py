"""The plan's candidate targets (numbers with units the plan importer found in task texts): the coordinator
adopts each into a new or an existing indicator, or rejects it. Writes through the services; a refusal
writes nothing."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from xanh.core.errors import ServiceError
from xanh.core.views import coordinator_required, form_error
from xanh.indicators import queries
from xanh.indicators.forms import ADOPT_EXISTING, AdoptForm
from xanh.indicators.services.targets import adopt_target_candidate, adopt_target_candidate_as_indicator
from xanh.plans.enums import CandidateStatus
from xanh.plans.models import TargetCandidate
from xanh.plans.services.review import confirm_target_candidate


@require_safe
@coordinator_required
def candidates(request):
    return render(request, "indicators/candidates.html", {
        "candidates": queries.candidate_targets(request.user), "section": "indicators"})


def _candidate(request, pk) -> TargetCandidate:
    try:
        return queries.reviewable_candidate(request.user, pk)
    except TargetCandidate.DoesNotExist as exc:
        raise Http404 from exc


@coordinator_required
def candidate_adopt(request, pk):
    candidate = _candidate(request, pk)
    province = candidate.task.plan.province
    form = AdoptForm(request.POST or None, areas=[province], indicators=queries.adoptable_indicators(request.user),
                     initial=AdoptForm.initial_from(candidate))
    if request.method == "POST" and form.is_valid():
        fields = form.target_fields()
        try:
            if form.cleaned_data["into"] == ADOPT_EXISTING:
                indicator = form.indicators[form.cleaned_data["indicator"]]
                target = adopt_target_candidate(request.user, candidate, indicator, **fields)
            else:
                indicator, target = adopt_target_candidate_as_indicator(request.user, candidate,
                                                                        form.indicator_fields(), **fields)
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The candidate became a target of indicator %(code)s.") % {
                "code": indicator.code})
            return redirect(reverse("indicators:detail", args=[indicator.pk]) + f"#target-{target.pk}")
    return render(request, "indicators/candidate_adopt.html", {
        "candidate": candidate, "form": form, "section": "indicators"})


@require_POST
@coordinator_required
def candidate_reject(request, pk):
    candidate = _candidate(request, pk)
    try:
        confirm_target_candidate(request.user, candidate, CandidateStatus.REJECTED)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Candidate rejected: %(text)s") % {"text": candidate.as_written})
    return redirect("indicators:candidates")
