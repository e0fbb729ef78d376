"""The provincial report page: figures, editable sections, files to download, issue and publish."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xanh.core.access import is_coordinator
from xanh.core.errors import ServiceError
from xanh.core.views import coordinator_required, is_htmx
from xanh.documents import builders, figures, pdf, services
from xanh.documents.content import build_content, dom_id_of, kind_for
from xanh.documents.enums import DocumentKind, FileFormat
from xanh.documents.forms import SectionForm, VersionForm
from xanh.documents.models import ReportFile
from xanh.reporting import queries
from xanh.reporting.access import sees_all_delivered
from xanh.reporting.models import Cycle


def _cycle(request, pk, kind=None) -> Cycle:
    if not sees_all_delivered(request.user):
        raise PermissionDenied
    if kind is not None and kind not in DocumentKind.values:
        raise Http404
    try:
        return queries.get_cycle(request.user, pk)
    except Cycle.DoesNotExist as exc:
        raise Http404 from exc


@login_required
def document_default(request, pk):
    cycle = _cycle(request, pk)
    return redirect("documents:document", cycle.pk, kind_for(cycle))


@login_required
def document_page(request, pk, kind):
    return _page(request, _cycle(request, pk, kind), kind)


def _page(request, cycle, kind, *, typed=None, status=200):
    """The page; `typed` = (key, text, error) keeps a refused section's text in its box (no-JavaScript path)."""
    content = build_content(request.user, cycle, kind)
    files = list(ReportFile.objects.restrict(request.user, "view").filter(cycle=cycle, kind=kind)
                 .select_related("built_by")[:30])
    return render(request, "documents/document.html", {
        "cycle": cycle, "kind": kind, "kinds": DocumentKind.choices, "content": content,
        "tokens": [(name, str(text), content.figures[name]) for name, text in figures.DESCRIPTIONS.items()],
        "sections": [_section_row(s, typed) for s in content.sections],
        "files": files, "token_example": "{{hoan_thanh}}", "pdf_available": pdf.is_available(),
        "formats": FileFormat.choices,
        "can_edit": is_coordinator(request.user), "section": "reporting"}, status=status)


def _section_row(section, typed):
    if typed and typed[0] == section.key:
        text = section.source if typed[1] is None else typed[1]
        return section, SectionForm(initial={"text": text, "version": section.version}), typed[2]
    return section, SectionForm(initial={"text": section.source, "version": section.version}), None


def _section_response(request, cycle, kind, key, error=None, text=None):
    if not is_htmx(request):
        if error:
            return _page(request, cycle, kind, typed=(key, text, error), status=400)
        return redirect(f"{_page_url(cycle, kind)}#{dom_id_of(key)}")
    content = build_content(request.user, cycle, kind)
    section = content.section(key)
    if section is None:
        raise Http404
    form = SectionForm(initial={"text": text if text is not None else section.source, "version": section.version})
    return render(request, "documents/_section.html", {
        "cycle": cycle, "kind": kind, "s": section, "form": form, "error": error, "can_edit": True,
        "saved": error is None})


def _page_url(cycle, kind) -> str:
    from django.urls import reverse

    return reverse("documents:document", args=[cycle.pk, kind])


@require_POST
@coordinator_required
def section_save(request, pk, kind, key):
    cycle = _cycle(request, pk, kind)
    form = SectionForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    try:
        services.save_section(request.user, cycle, kind, key, form.cleaned_data["text"],
                              form.cleaned_data["version"])
    except ServiceError as exc:
        return _section_response(request, cycle, kind, key, error=str(exc.message), text=form.cleaned_data["text"])
    if not is_htmx(request):
        messages.success(request, _("Section saved."))
    return _section_response(request, cycle, kind, key)


@require_POST
@coordinator_required
def section_reset(request, pk, kind, key):
    cycle = _cycle(request, pk, kind)
    form = VersionForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    try:
        services.reset_section(request.user, cycle, kind, key, form.cleaned_data["version"])
    except ServiceError as exc:
        return _section_response(request, cycle, kind, key, error=str(exc.message))
    if not is_htmx(request):
        messages.success(request, _("The section follows the reports again."))
    return _section_response(request, cycle, kind, key)


@login_required
def build_download(request, pk, kind, fmt):
    cycle = _cycle(request, pk, kind)
    if fmt not in FileFormat.values:
        raise Http404
    try:
        built = builders.build(request.user, cycle, kind, fmt)
    except ServiceError as exc:
        messages.error(request, str(exc.message))
        return redirect("documents:document", cycle.pk, kind)
    response = HttpResponse(built.data, content_type=built.content_type)
    response["Content-Disposition"] = f'attachment; filename="{built.name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@coordinator_required
def issue(request, pk, kind):
    cycle = _cycle(request, pk, kind)
    publish = request.POST.get("publish") == "1"
    try:
        files = services.issue_files(request.user, cycle, kind, publish=publish)
    except ServiceError as exc:
        messages.error(request, str(exc.message))
    else:
        if publish:
            messages.success(request, _("%(n)d files issued and published on the public portal.") % {"n": len(files)})
        else:
            messages.success(request, _("%(n)d files issued (not published).") % {"n": len(files)})
    return redirect("documents:document", cycle.pk, kind)


@login_required
def file_download(request, pk):
    try:
        item = ReportFile.objects.restrict(request.user, "view").get(pk=pk)
    except ReportFile.DoesNotExist as exc:
        raise Http404 from exc
    response = FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name,
                            content_type=builders.CONTENT_TYPES[item.format])
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@coordinator_required
def file_publication(request, pk):
    try:
        item = ReportFile.objects.restrict(request.user, "change").select_related("cycle").get(pk=pk)
    except ReportFile.DoesNotExist as exc:
        raise Http404 from exc
    try:
        services.set_file_publication(request.user, item, request.POST.get("publish") == "1")
    except ServiceError as exc:
        messages.error(request, str(exc.message))
    return redirect("documents:document", item.cycle_id, item.kind)
