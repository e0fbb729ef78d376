from django import forms
from django.utils.translation import gettext_lazy as _

from xanh.core.forms import DATE_INPUTS, Form, check_upload_size
from xanh.organizations.models import Organization, OrgGroup, OrgKind
from xanh.plans.enums import AssignmentRole, PlanState


class TaskFilterForm(Form):
    q = forms.CharField(label=_("Search"), required=False,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("e.g. y te, rừng, MRV")}))
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    org = forms.ChoiceField(label=_("Body"), required=False)
    group = forms.CharField(required=False, widget=forms.HiddenInput)
    mode = forms.ChoiceField(label=_("Which tasks"), required=False, choices=[
        ("carries", _("carried now (with inherited)")),
        ("succession", _("named or inherited, not through groups")),
        ("named", _("named in the decision"))])
    on = forms.DateField(label=_("On date"), required=False, input_formats=DATE_INPUTS,
                         widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "size": 10}, format="%d/%m/%Y"))
    role = forms.ChoiceField(label=_("Role"), required=False,
                             choices=[("", _("lead or coordinating"))] + list(AssignmentRole.choices))
    year = forms.IntegerField(label=_("Active in year"), required=False, min_value=1990, max_value=2100,
                              widget=forms.NumberInput(attrs={"style": "width:6rem"}))
    time_frame = forms.ChoiceField(label=_("Time frame"), required=False)
    conditional = forms.ChoiceField(label=_("Central guidance"), required=False, choices=[
        ("", _("all tasks")), ("yes", _("waits for guidance")), ("no", _("does not wait"))])

    def __init__(self, *args, themes=(), organizations=(), time_frames=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", _("all themes"))] + [(t.code, f"{t.code}. {t.title}") for t in themes]
        self.fields["org"].choices = [("", _("any body"))] + organization_choices(organizations)
        self.fields["time_frame"].choices = [("", _("any"))] + [(t, t) for t in time_frames]


def organization_choices(organizations):
    """Bodies grouped by kind for a <select>, ended ones marked."""
    kinds = {value: str(label) for value, label in OrgKind.choices}
    ceased = " — " + str(_("ceased"))
    groups: dict[str, list] = {}
    for org in organizations:
        label = org.name + (ceased if org.valid_to else "")
        groups.setdefault(kinds[org.kind], []).append((org.code, label))
    return [(kind, sorted(items, key=lambda x: x[1])) for kind, items in groups.items()]


class PlanImportForm(Form):
    file = forms.FileField(label=_("Plan file"), help_text=_(
        "The decision as text (UTF-8), a Word document (DOCX) whose appendix is a table, or the XLSX/CSV template."))
    dry_run = forms.BooleanField(label=_("Only check: show what would change, write nothing"), required=False)
    activate = forms.BooleanField(label=_("Put a new plan in force at once"), required=False)
    number = forms.CharField(label=_("Decision number"), required=False,
                             help_text=_("Leave blank to use the file's; what you write here replaces it."))
    date = forms.DateField(label=_("Decision date"), required=False, input_formats=DATE_INPUTS,
                           widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}, format="%d/%m/%Y"),
                           help_text=_("dd/mm/yyyy. Leave blank to use the file's."))
    issuer = forms.CharField(label=_("Issuing body"), required=False,
                             help_text=_("Leave blank to use the file's; what you write here replaces it."))
    title = forms.CharField(label=_("Plan title"), required=False,
                            help_text=_("Leave blank to use the file's; what you write here replaces it."))

    def clean_file(self):
        return check_upload_size(self.cleaned_data["file"])

    def overrides(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in ("number", "date", "issuer", "title")}


class VersionedForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class AssignmentCorrectForm(VersionedForm):
    """The body or group, picked from one list shared by every row of the review page
    (`org:<code>` or `group:<code>`): a page with hundreds of names stays light."""

    target = forms.CharField(label=_("Body or group"), max_length=60,
                             widget=forms.TextInput(attrs={"list": "targets", "size": 40}))

    def clean_target(self):
        value = self.cleaned_data["target"].strip()
        kind, _sep, code = value.partition(":")
        if kind not in {"org", "group"} or not code:
            raise forms.ValidationError(_("Choose a body or a group from the list."))
        return value

    def target_objects(self, user):
        kind, _sep, code = self.cleaned_data["target"].partition(":")
        if kind == "group":
            return None, OrgGroup.objects.restrict(user, "view").get(code=code)
        return Organization.objects.restrict(user, "view").get(code=code), None


class FindingForm(Form):
    action = forms.ChoiceField(choices=[("accept", _("Accept the fix")), ("edit", _("Correct")),
                                        ("dismiss", _("Keep as written"))])
    value = forms.CharField(label=_("Correction"), required=False)
    theme_version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class PlanStateForm(VersionedForm):
    state = forms.ChoiceField(label=_("State"), choices=PlanState.choices)
    is_public = forms.BooleanField(label=_("Published on the public portal"), required=False)


class ThemeTitleForm(VersionedForm):
    title = forms.CharField(label=_("Title"), max_length=500)
