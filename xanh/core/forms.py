from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

DATE_INPUTS = ["%d/%m/%Y", "%Y-%m-%d"]


def check_upload_size(upload):
    """Refuse an upload above XANH_MAX_UPLOAD_MB before reading it."""
    if upload.size > settings.XANH_MAX_UPLOAD_BYTES:
        raise forms.ValidationError(_("The file is larger than %(mb)d MB.") % {
            "mb": settings.XANH_MAX_UPLOAD_BYTES // (1024 * 1024)})
    return upload


class Form(forms.Form):
    """Labels without Django's trailing colon (Vietnamese forms put none, least of all after a checkbox)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
