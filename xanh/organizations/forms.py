from django import forms
from django.utils.translation import gettext_lazy as _

from xanh.core.enums import Confidence
from xanh.core.forms import DATE_INPUTS, Form, check_upload_size
from xanh.organizations.models import AliasKind, OrgKind

NATIONAL_KINDS = {OrgKind.PROVINCE, OrgKind.MINISTRY, OrgKind.CENTRAL, OrgKind.BANK_BRANCH}
DATE_ATTRS = {"placeholder": "dd/mm/yyyy", "pattern": r"\d{1,2}/\d{1,2}/\d{4}", "size": 10}


def _date_field(label, help_text=""):
    return forms.DateField(label=label, required=False, input_formats=DATE_INPUTS, help_text=help_text,
                           widget=forms.DateInput(attrs=DATE_ATTRS, format="%d/%m/%Y"))


def _body_choices(organizations, blank=True):
    choices = [("", "—")] if blank else []
    return choices + [(o.code, o.name + (" — " + str(_("ceased")) if o.valid_to else "")) for o in organizations]


class OrganizationForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    code = forms.SlugField(label=_("Code"), max_length=40, help_text=_("Short, stable, lower case: th-snnmt"))
    name = forms.CharField(label=_("Name"), max_length=255)
    short_name = forms.CharField(label=_("Short name"), max_length=120, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrgKind.choices)
    parent = forms.ChoiceField(label=_("Parent body"), required=False)
    valid_from = _date_field(_("Exists from"))
    valid_to = _date_field(_("Ceased on"), _("The first day it no longer exists."))
    confidence = forms.ChoiceField(label=_("Confidence"), choices=Confidence.choices)
    source = forms.CharField(label=_("Source"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = _body_choices(organizations)

    def clean(self):
        data = super().clean()
        if data.get("kind") not in NATIONAL_KINDS and not data.get("parent"):
            self.add_error("parent", _("Choose the body it belongs to (for a provincial body: the provincial "
                                       "People's Committee), so that it appears in the province's lists."))
        return data


class AliasForm(Form):
    name = forms.CharField(label=_("Alias"), max_length=255)
    kind = forms.ChoiceField(label=_("Kind"), choices=AliasKind.choices, initial=AliasKind.VARIANT)
    source = forms.CharField(label=_("Where it was met"), required=False)


class SuccessionForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    successor = forms.ChoiceField(label=_("Successor (body or group)"))
    effective_date = forms.DateField(label=_("Effective date"), input_formats=DATE_INPUTS,
                                     widget=forms.DateInput(attrs=DATE_ATTRS, format="%d/%m/%Y"))
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300, required=False)
    scope = forms.CharField(label=_("Duties passed"), max_length=300, required=False,
                            help_text=_("Blank when every duty passes; otherwise say which (e.g. “bảo trợ xã hội”)."))
    confidence = forms.ChoiceField(label=_("Confidence"), choices=Confidence.choices)
    source = forms.CharField(label=_("Source"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    end_predecessor = forms.BooleanField(label=_("The predecessor ceases on that date"), required=False, initial=True)

    def __init__(self, *args, organizations=(), groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].choices = (
            [("", "—")] + [(str(_("Bodies")), [(f"org:{o.code}", o.name) for o in organizations])]
            + [(str(_("Groups of bodies")), [(f"group:{g.code}", g.name) for g in groups])])


class DeleteForm(Form):
    reason = forms.CharField(label=_("Why"), max_length=500)


class GroupForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    code = forms.SlugField(label=_("Code"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=255)
    scope = forms.ChoiceField(label=_("Bodies of"), required=False,
                              help_text=_("The province whose bodies the group gathers; blank for central bodies."))
    member_kinds = forms.MultipleChoiceField(label=_("Every body of these kinds is a member"), required=False,
                                             choices=OrgKind.choices, widget=forms.CheckboxSelectMultiple)
    is_open = forms.BooleanField(label=_("Open group: members decided case by case"), required=False)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    confidence = forms.ChoiceField(label=_("Confidence"), choices=Confidence.choices)
    source = forms.CharField(label=_("Source"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, provinces=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = [("", "—")] + [(p.code, p.name) for p in provinces]


class GroupMemberForm(Form):
    organization = forms.ChoiceField(label=_("Body"))
    valid_from = _date_field(_("Member from"))
    valid_to = _date_field(_("Member until"), _("The first day it is no longer a member; blank while it is."))

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = _body_choices(organizations)


class EndMemberForm(Form):
    valid_to = forms.DateField(label=_("Member until"), input_formats=DATE_INPUTS,
                               help_text=_("The first day it is no longer a member."),
                               widget=forms.DateInput(attrs=DATE_ATTRS, format="%d/%m/%Y"))


class MemberImportForm(Form):
    file = forms.FileField(label=_("Spreadsheet (XLSX or CSV)"), help_text=_(
        "Columns: Mã (optional), Tên, Tên ngắn, Loại, Hiệu lực từ, Hiệu lực đến, Nguồn, Ghi chú."))
    valid_from = _date_field(_("Members from (when the file does not say)"))

    def clean_file(self):
        return check_upload_size(self.cleaned_data["file"])
