"""Pages of the registry of bodies: thin views over queries (reads) and services (writes)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xanh.core.errors import InputError, ServiceError
from xanh.core.views import coordinator_required, date_param, form_error
from xanh.organizations import queries, services
from xanh.organizations.extensions import body_tasks
from xanh.organizations.forms import (
    AliasForm,
    DeleteForm,
    EndMemberForm,
    GroupForm,
    GroupMemberForm,
    MemberImportForm,
    OrganizationForm,
    SuccessionForm,
)
from xanh.organizations.models import Alias, GroupMember, Organization, OrgGroup, OrgKind, Succession
from xanh.organizations.registry import Registry


def _org(request, code) -> Organization:
    try:
        return queries.organization(request.user, code)
    except Organization.DoesNotExist as exc:
        raise Http404 from exc


def _group(request, code) -> OrgGroup:
    try:
        return queries.group(request.user, code)
    except OrgGroup.DoesNotExist as exc:
        raise Http404 from exc


def org_list(request):
    q = request.GET.get("q", "")
    kind = request.GET.get("kind", "")
    include_ended = request.GET.get("ended") == "1"
    on = date_param(request)
    orgs = queries.organizations(request.user, q=q, kind=kind if kind in OrgKind.values else "",
                                 active_on=None if include_ended else on)
    page = Paginator(orgs, 100).get_page(request.GET.get("page"))
    return render(request, "organizations/list.html", {
        "page": page, "q": q, "kind": kind, "kinds": OrgKind.choices, "include_ended": include_ended,
        "on": on, "section": "orgs"})


def org_detail(request, code):
    org = _org(request, code)
    on = date_param(request)
    registry = Registry.load(org.province)
    carried = body_tasks(request.user, org, on, registry)
    return render(request, "organizations/detail.html", {
        "org": org, "on": on, "carried": carried, "section": "orgs",
        "predecessors": registry.predecessors_of(org),
        "members": queries.members_of(request.user, org) if request.user.is_authenticated else [],
        "groups_now": [g for g in registry.groups.values()
                       if any(c.organization.pk == org.pk for c in registry.members_on(g, on))],
    })


def _province_bodies(user, province):
    return list(queries.organizations(user, province=province).order_by("name")) if province else \
        list(Organization.objects.restrict(user, "view").order_by("name"))


@coordinator_required
def org_edit(request, code=None):
    org = _org(request, code) if code else None
    province = org.province if org else None
    initial = {}
    if org:
        initial = {name: getattr(org, name) for name in ("code", "name", "short_name", "kind", "valid_from",
                                                          "valid_to", "confidence", "source", "note")}
        initial.update(parent=org.parent.code if org.parent else "", version=org.version)
    form = OrganizationForm(request.POST or None, initial=initial,
                            organizations=_province_bodies(request.user, province))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        parent_code = data.pop("parent")
        data["parent"] = (Organization.objects.restrict(request.user, "view").filter(code=parent_code).first()
                          if parent_code else None)
        try:
            if org is None:
                org = services.create_organization(request.user, **data)
                messages.success(request, _("Body created."))
            else:
                services.update_organization(request.user, org, version or 0, **data)
                messages.success(request, _("Body saved."))
            return redirect("organizations:detail", code=org.code)
        except ServiceError as exc:
            form_error(form, exc)
    return render(request, "organizations/form.html", {"form": form, "org": org, "section": "orgs",
                                                       "title": _("Edit body") if org else _("New body")})


@require_POST
@coordinator_required
def alias_add(request, code=None, group_code=None):
    owner = _org(request, code) if code else _group(request, group_code)
    form = AliasForm(request.POST)
    if form.is_valid():
        try:
            services.add_alias(request.user, owner, **form.cleaned_data)
            messages.success(request, _("Alias added."))
        except ServiceError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("An alias needs a name."))
    return redirect(_owner_url(owner))


def _owner_url(owner):
    if isinstance(owner, Organization):
        return reverse("organizations:detail", args=[owner.code])
    return reverse("organizations:group", args=[owner.code])


@require_POST
@coordinator_required
def alias_remove(request, pk):
    alias = get_object_or_404(Alias.objects.restrict(request.user, "change").select_related("organization", "group"),
                              pk=pk)
    owner = alias.organization or alias.group
    services.remove_alias(request.user, alias)
    messages.success(request, _("Alias removed."))
    return redirect(_owner_url(owner))


def _successor_choices(user, org):
    bodies = [o for o in _province_bodies(user, org.province) if o.pk != org.pk]
    groups = list(queries.groups(user, province=org.province))
    return bodies, groups


def _successor(user, value):
    kind, _sep, code = value.partition(":")
    if kind == "group":
        return None, OrgGroup.objects.restrict(user, "view").get(code=code)
    return Organization.objects.restrict(user, "view").get(code=code), None


@coordinator_required
def succession_edit(request, code=None, pk=None):
    successions = Succession.objects.restrict(request.user, "change").select_related(
        "predecessor", "successor", "successor_group")
    succession = get_object_or_404(successions, pk=pk) if pk else None
    org = succession.predecessor if succession else _org(request, code)
    bodies, groups = _successor_choices(request.user, org)
    initial = {"confidence": "confirmed", "end_predecessor": True}
    if succession:
        initial = {name: getattr(succession, name) for name in ("effective_date", "legal_basis", "scope",
                                                                "confidence", "source", "note")}
        initial["successor"] = (f"org:{succession.successor.code}" if succession.successor_id
                                else f"group:{succession.successor_group.code}")
        initial["version"] = succession.version
    form = SuccessionForm(request.POST or None, initial=initial, organizations=bodies, groups=groups)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        successor, successor_group = _successor(request.user, data.pop("successor"))
        version = data.pop("version")
        end_predecessor = data.pop("end_predecessor")
        try:
            if succession is None:
                services.add_succession(request.user, predecessor=org, successor=successor,
                                        successor_group=successor_group, end_predecessor=end_predecessor, **data)
            else:
                services.update_succession(request.user, succession, version or 0, successor=successor,
                                           successor_group=successor_group, **data)
            messages.success(request, _("Succession saved."))
            return redirect("organizations:detail", code=org.code)
        except ServiceError as exc:
            form_error(form, exc)
    return render(request, "organizations/succession_form.html", {
        "form": form, "org": org, "succession": succession, "section": "orgs",
        "delete_form": DeleteForm() if succession else None})


@require_POST
@coordinator_required
def succession_delete(request, pk):
    succession = get_object_or_404(Succession.objects.restrict(request.user, "change").select_related("predecessor"),
                                   pk=pk)
    form = DeleteForm(request.POST)
    code = succession.predecessor.code
    if form.is_valid():
        services.delete_succession(request.user, succession, form.cleaned_data["reason"])
        messages.success(request, _("Succession removed; the audit log keeps what it said."))
    else:
        messages.error(request, _("Say why this succession is removed."))
    return redirect("organizations:detail", code=code)


def group_list(request):
    q = request.GET.get("q", "")
    return render(request, "organizations/groups.html", {"groups": queries.groups(request.user, q=q), "q": q,
                                                         "section": "groups"})


def group_detail(request, code):
    group = _group(request, code)
    on = date_param(request)
    registry = Registry.load(group.scope)
    return render(request, "organizations/group.html", {
        "group": group, "on": on, "section": "groups", "members_now": registry.members_on(group, on),
        "former_carried_by": registry.former_members_carriers(group, on),
        "member_form": GroupMemberForm(organizations=_province_bodies(request.user, group.scope)),
        "import_form": MemberImportForm(), "alias_form": AliasForm()})


@coordinator_required
def group_edit(request, code=None):
    group = _group(request, code) if code else None
    provinces = list(Organization.objects.restrict(request.user, "view").filter(kind=OrgKind.PROVINCE))
    mine = next((m.organization.province for m in request.user.memberships.select_related("organization__province")
                 if m.organization.province_id), None)
    initial = {"scope": mine.code if mine else ""}
    if group:
        initial = {name: getattr(group, name) for name in ("code", "name", "member_kinds", "is_open", "description",
                                                            "confidence", "source")}
        initial.update(version=group.version, scope=group.scope.code if group.scope else "")
    form = GroupForm(request.POST or None, initial=initial, provinces=provinces)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        data["scope"] = next((p for p in provinces if p.code == data["scope"]), None)
        try:
            if group is None:
                group = services.create_group(request.user, **data)
            else:
                services.update_group(request.user, group, version or 0, **data)
            messages.success(request, _("Group saved."))
            return redirect("organizations:group", code=group.code)
        except ServiceError as exc:
            form_error(form, exc)
    return render(request, "organizations/form.html", {"form": form, "group": group, "section": "groups",
                                                       "title": _("Edit group") if group else _("New group")})


@require_POST
@coordinator_required
def group_member_add(request, code):
    group = _group(request, code)
    form = GroupMemberForm(request.POST, organizations=_province_bodies(request.user, group.scope))
    if form.is_valid():
        org = Organization.objects.restrict(request.user, "view").get(code=form.cleaned_data["organization"])
        try:
            added = services.add_group_member(request.user, group, org, form.cleaned_data["valid_from"],
                                              form.cleaned_data["valid_to"])
            if added:
                messages.success(request, _("%(body)s added to the group.") % {"body": org.name})
            else:
                messages.info(request, _("%(body)s is already a member of the group.") % {"body": org.name})
        except ServiceError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("Choose a body."))
    return redirect("organizations:group", code=group.code)


@require_POST
@coordinator_required
def group_member_end(request, pk):
    member = get_object_or_404(GroupMember.objects.restrict(request.user, "change").select_related("group",
                                                                                                  "organization"),
                               pk=pk)
    form = EndMemberForm(request.POST)
    if form.is_valid():
        try:
            services.end_group_member(request.user, member, form.cleaned_data["valid_to"])
            messages.success(request, _("Membership ended."))
        except ServiceError as exc:
            messages.error(request, exc.message)
    return redirect("organizations:group", code=member.group.code)


@coordinator_required
def group_members_import(request, code):
    group = _group(request, code)
    form = MemberImportForm(request.POST or None, request.FILES or None)
    problems, result = [], None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.import_group_members(request.user, group, upload.read(), upload.name,
                                                   default_valid_from=form.cleaned_data["valid_from"])
            messages.success(request, _("%(created)d bodies created, %(added)d members added, %(unchanged)d "
                                        "already present.") % result)
            return redirect("organizations:group", code=group.code)
        except InputError as exc:
            problems = exc.problems
    return render(request, "organizations/import_members.html", {"form": form, "group": group,
                                                                 "problems": problems, "section": "groups"})
