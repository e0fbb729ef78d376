"""Forms of the indicator pages: the registry filters, recording one value, uploading a spreadsheet, a target,
adopting a candidate target from the plan."""

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from xanh.core.enums import Confidence
from xanh.core.forms import Form, check_upload_size
from xanh.core.text import fold, strip_diacritics
from xanh.indicators import units
from xanh.indicators.enums import Framework, TargetKind, ValueKind
from xanh.indicators.importers.cells import CellError, read_number
from xanh.indicators.services.targets import FIRST_YEAR, LAST_YEAR
from xanh.indicators.units import vi_decimal

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


class NumberField(forms.CharField):
    """A number written the Vietnamese way (1.234,5) or plainly (1234.5); None when left empty."""

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        try:
            return read_number(text)
        except CellError as exc:
            raise forms.ValidationError(exc.message) from exc


NATIONAL = "national"
# The fields each kind of target reads besides value and year; the others are cleared on save.
KIND_FIELDS = {
    TargetKind.LEVEL: {"value_max"},
    TargetKind.CHANGE: {"value_max", "baseline_year", "baseline_value"},
    TargetKind.ANNUAL: {"start_year"},
    TargetKind.CUMULATIVE: {"start_year"},
}
OPTIONAL_TARGET_FIELDS = ("value_max", "start_year", "baseline_year", "baseline_value")


class TargetForm(Form):
    """One target of an indicator; the service checks what each kind needs and names the field at fault."""

    kind = forms.ChoiceField(label=_("Kind of target"), choices=TargetKind.choices, initial=TargetKind.LEVEL)
    value = NumberField(label=_("Value"), max_length=40, help_text=_(
        "In the indicator's unit; for a change from a baseline, the percentage (−15 means 15 % below it)."))
    value_max = NumberField(label=_("Upper value of a range"), max_length=40, required=False,
                            help_text=_("Only for a range (a level or a change)."))
    year = forms.IntegerField(label=_("By year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    start_year = forms.IntegerField(label=_("From year"), min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False,
                                    help_text=_("For an amount every year or a cumulative amount."))
    baseline_year = forms.IntegerField(label=_("Baseline year"), min_value=FIRST_YEAR, max_value=LAST_YEAR,
                                       required=False, help_text=_("For a change from a baseline year."))
    baseline_value = NumberField(label=_("Baseline value"), max_length=40, required=False, help_text=_(
        "Optional: otherwise the value observed in the baseline year is used."))
    area = forms.ChoiceField(label=_("Area"))
    text = forms.CharField(label=_("The target as written"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
    source = forms.CharField(label=_("Source"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    confidence = forms.ChoiceField(label=_("Confidence"), choices=Confidence.choices, initial=Confidence.CONFIRMED)

    def __init__(self, *args, areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = {str(a.pk): a for a in areas}
        self.fields["area"].choices = [*((str(a.pk), a.name) for a in areas), (NATIONAL, _("National target"))]
        if areas and not self.initial.get("area"):
            self.initial["area"] = str(areas[0].pk)

    def target_fields(self) -> dict:
        """The cleaned data as the target services take it: the area resolved, fields the kind does not use
        cleared."""
        data = dict(self.cleaned_data)
        data["area"] = self.areas.get(data["area"])
        used = KIND_FIELDS.get(data["kind"], set())
        for name in OPTIONAL_TARGET_FIELDS:
            if name not in used:
                data[name] = None
        return {name: data[name] for name in TARGET_FORM_FIELDS}

    @staticmethod
    def initial_for(target) -> dict:
        """The form's initial data from a stored target, numbers written the Vietnamese way."""
        initial = {name: getattr(target, name) for name in TARGET_FORM_FIELDS}
        for name in ("value", "value_max", "baseline_value"):
            if initial[name] is not None:
                initial[name] = vi_decimal(initial[name])
        initial["area"] = str(target.area_id) if target.area_id else NATIONAL
        return initial


TARGET_FORM_FIELDS = ("area", "kind", "value", "value_max", "year", "start_year", "baseline_year", "baseline_value",
                      "text", "source", "confidence")


class VersionForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class TargetEditForm(TargetForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


ADOPT_NEW, ADOPT_EXISTING = "new", "existing"


def _known_unit_prefix(text: str) -> str:
    """The longest leading words of `text` that are a unit the indicators convert ("ha rừng" → "ha")."""
    words = text.split()
    for n in range(len(words), 0, -1):
        if units.known(" ".join(words[:n])):
            return " ".join(words[:n])
    return text[:40]


class AdoptForm(TargetForm):
    """A candidate from the plan becomes a target of a new indicator (of the plan's framework) or of an
    existing one."""

    into = forms.ChoiceField(label=_("Adopt into"), widget=forms.RadioSelect, initial=ADOPT_NEW, choices=[
        (ADOPT_NEW, _("a new indicator of the plan")), (ADOPT_EXISTING, _("an existing indicator"))])
    indicator = forms.ChoiceField(label=_("Existing indicator"), required=False)
    code = forms.CharField(label=_("Code of the new indicator"), max_length=30, required=False)
    name = forms.CharField(label=_("Name of the new indicator"), required=False)
    unit = forms.CharField(label=_("Unit of the new indicator"), max_length=40, required=False)

    field_order = ["into", "indicator", "code", "name", "unit"]

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = {str(i.pk): i for i in indicators}
        self.fields["indicator"].choices = [("", "—"), *((str(i.pk), f"{i.code} — {i.name} ({i.unit})")
                                                        for i in indicators)]

    def clean(self):
        data = super().clean()
        if data.get("into") == ADOPT_EXISTING:
            if not data.get("indicator"):
                self.add_error("indicator", _("Choose the indicator the target belongs to."))
        elif data.get("into") == ADOPT_NEW:
            for name in ("code", "name", "unit"):
                if not (data.get(name) or "").strip():
                    self.add_error(name, _("A new indicator needs a code, a name and a unit."))
        return data

    @staticmethod
    def initial_from(candidate) -> dict:
        """What the candidate suggests: an amount every year when it is per year, over the task's years; the
        unit the indicators know when the candidate's starts with one ("ha rừng" → ha)."""
        task, plan = candidate.task, candidate.task.plan
        per_year = fold(candidate.per) in {"nam", "moi nam", "hang nam"}
        unit = _known_unit_prefix(candidate.unit)
        name = candidate.unit[:1].upper() + candidate.unit[1:] + (f"/{candidate.per}" if candidate.per else "")
        return {
            "into": ADOPT_NEW, "code": f"{task.ref}-{slugify(strip_diacritics(candidate.unit))}"[:30], "name": name,
            "unit": unit, "kind": TargetKind.ANNUAL if per_year else TargetKind.LEVEL,
            "value": vi_decimal(candidate.value), "year": task.end_year or plan.period_end,
            "start_year": (task.start_year or plan.period_start) if per_year else None,
            "text": candidate.as_written, "area": str(plan.province_id), "confidence": Confidence.CONFIRMED,
            # stored data, kept in Vietnamese whatever the interface language (as the seed's sources)
            "source": f"Quyết định {plan.number} ngày {plan.date:%d/%m/%Y} của {plan.issuer_name}, "
                      f"nhiệm vụ {task.ref}.",
        }

    def indicator_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("code", "name", "unit")}


class LinksForm(Form):
    """The plan's themes and tasks an indicator measures, by code and reference."""

    themes = forms.CharField(label=_("Themes (codes)"), required=False, max_length=2000,
                             help_text=_("Separated by commas, for example: II, VIII.5"))
    tasks = forms.CharField(label=_("Tasks (references)"), required=False, max_length=4000,
                            help_text=_("Separated by commas, for example: VIII.5.3, VIII.5.4"))
