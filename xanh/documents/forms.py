from django import forms
from django.utils.translation import gettext_lazy as _


class SectionForm(forms.Form):
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
