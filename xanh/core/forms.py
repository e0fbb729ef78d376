from django import forms


class Form(forms.Form):
    """Labels without Django's trailing colon (Vietnamese forms put none, least of all after a checkbox)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
