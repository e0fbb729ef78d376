from django import forms
from django.utils.translation import gettext_lazy as _

from xanh.core.forms import DATE_INPUTS, Form, check_upload_size
from xanh.plans.enums import ProductKind
from xanh.reporting.enums import CycleKind, ImplementationStatus

DATE_WIDGET = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "size": 10}, format="%d/%m/%Y")


def date_field(label, required=True):
    return forms.DateField(label=label, required=required, input_formats=DATE_INPUTS, widget=DATE_WIDGET)


class CycleOpenForm(Form):
    plan = forms.ChoiceField(label=_("Plan"))
    kind = forms.ChoiceField(label=_("Kind"), choices=CycleKind.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title (ad hoc reports)"), required=False, max_length=200)

    def __init__(self, *args, plans=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = [(p.pk, f"{p.number} — {p.title[:80]}") for p in plans]


class CycleSettingsForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Title"), required=False, max_length=200)
    reference_date = date_field(_("Reference date"))
    period_start = date_field(_("Data from"))
    period_end = date_field(_("Data to"))
    body_deadline = date_field(_("Deadline for bodies"))
    province_deadline = date_field(_("Deadline for the province"))
    remind_days_before = forms.IntegerField(label=_("Remind this many days before the deadline"), min_value=0,
                                            max_value=60)


class VersionForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReportForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Implementation status"), required=False,
                               choices=[("", "—")] + list(ImplementationStatus.choices))
    progress = forms.IntegerField(label=_("Progress (%)"), required=False, min_value=0, max_value=100,
                                  widget=forms.NumberInput(attrs={"style": "width:6rem"}))
    results = forms.CharField(label=_("Results"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
                              help_text=_("What was done in the period, with figures where there are any."))
    difficulties = forms.CharField(label=_("Difficulties"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}))
    proposals = forms.CharField(label=_("Proposals"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    budget_used = forms.DecimalField(label=_("Budget used (VND)"), required=False, min_value=0, decimal_places=0,
                                     max_digits=18, localize=True,
                                     widget=forms.TextInput(attrs={"inputmode": "numeric", "style": "width:14rem"}))
    is_estimate = forms.BooleanField(label=_("Figures are estimates, to be revised after the cut-off"),
                                     required=False)


class OutputForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "—")] + list(ProductKind.choices), required=False)
    number = forms.CharField(label=_("Number"), required=False, max_length=60,
                             widget=forms.TextInput(attrs={"placeholder": "123/KH-UBND", "size": 14}))
    date = date_field(_("Date"), required=False)
    issuer = forms.CharField(label=_("Issued by"), required=False, max_length=200)
    title = forms.CharField(label=_("Title or summary"), required=False)
    url = forms.URLField(label=_("Public link"), required=False, max_length=500, assume_scheme="https",
                         widget=forms.URLInput(attrs={"placeholder": "https://", "size": 18}),
                         help_text=_("Link to the public document, shown on the public portal."))
    evidence_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    file = forms.FileField(label=_("File"), required=False, validators=[check_upload_size])
    remove = forms.BooleanField(label=_("Remove"), required=False)

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not any(data.get(name) for name in ("kind", "number", "date", "issuer", "title", "url", "file"))

    def clean(self):
        data = super().clean()
        if not data.get("remove") and not self.is_blank() and not data.get("kind"):
            self.add_error("kind", _("Choose the kind of document."))
        return data


OutputFormSet = forms.formset_factory(OutputForm, extra=2, max_num=50, absolute_max=60)


class ContributionForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(label=_("Contribution"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class ExpectedAddForm(Form):
    task = forms.ChoiceField(label=_("Task"))
    organization = forms.ChoiceField(label=_("Body"))

    def __init__(self, *args, tasks=(), organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].choices = [(t.pk, f"{t.ref} {t.text[:70]}") for t in tasks]
        self.fields["organization"].choices = [(o.pk, o.name) for o in organizations]
