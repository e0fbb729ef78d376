"""Forms of the indicator pages: the registry filters, recording one value, uploading a spreadsheet."""

from django import forms
from django.utils.translation import gettext_lazy as _

from xanh.core.forms import Form, check_upload_size
from xanh.indicators.enums import Framework, ValueKind
from xanh.indicators.importers.cells import CellError, read_number
from xanh.indicators.services.targets import FIRST_YEAR, LAST_YEAR

OBJECTIVES = [(str(n), _("Objective %(n)d") % {"n": n}) for n in (1, 2, 3, 4)]


class RegistryFilterForm(Form):
    q = forms.CharField(label=_("Search"), required=False)
    framework = forms.ChoiceField(label=_("Framework"), required=False,
                                  choices=[("", _("All frameworks")), *Framework.choices])
    objective = forms.ChoiceField(label=_("Objective"), required=False, choices=[("", _("All objectives")),
                                                                                 *OBJECTIVES])
    theme = forms.ChoiceField(label=_("Theme"), required=False)

    def __init__(self, *args, themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", _("All themes"))] + [(str(t.pk), str(t)) for t in themes]


class ObservationForm(Form):
    """One value of one indicator for one year and area; the value may be written 1.234,5 or 1234.5."""

    indicator = forms.ChoiceField(label=_("Indicator"))
    area = forms.ChoiceField(label=_("Area"))
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    value = forms.CharField(label=_("Value"), max_length=60)
    unit = forms.CharField(label=_("Unit, when not the indicator's"), max_length=40, required=False)
    kind = forms.ChoiceField(label=_("Actual or estimate"), choices=ValueKind.choices, initial=ValueKind.ACTUAL)
    source = forms.CharField(label=_("Source"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    replace = forms.BooleanField(label=_("This corrects the value already recorded for the year"), required=False)

    def __init__(self, *args, indicators=(), areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [(str(i.pk), f"{i.code} — {i.name} ({i.unit})") for i in indicators]
        self.fields["area"].choices = [(str(a.pk), a.name) for a in areas]
        self.indicators = {str(i.pk): i for i in indicators}
        self.areas = {str(a.pk): a for a in areas}

    def clean_value(self):
        raw = self.cleaned_data["value"]
        try:
            self.cleaned_data["number"] = read_number(raw)
        except CellError as exc:
            raise forms.ValidationError(exc.message) from exc
        return raw


class UploadForm(Form):
    file = forms.FileField(label=_("Spreadsheet (XLSX or CSV)"), validators=[check_upload_size])


class ConfirmForm(Form):
    note = forms.CharField(label=_("Why the value stands"), required=False, max_length=500)
