"""Accepting an uploaded file as evidence: size limit, type sniffed from the content (never the
name or the browser's word), a sanitised name, stored under MEDIA_ROOT (outside static files)."""

import hashlib
import re
import unicodedata
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from xanh.core.errors import ServiceError
from xanh.core.spreadsheets import sniff

# content type → extension kept on disk and offered on download
ALLOWED = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
}


def sniff_type(data: bytes) -> str | None:
    """The content type the bytes really are, among those accepted; None otherwise."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    office = sniff(data)
    if office == "docx":
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if office == "xlsx":
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return None


def clean_name(name: str, extension: str) -> str:
    """A safe display name: no path, no control or shell characters, the real extension."""
    stem = PurePath(name.replace("\\", "/")).name
    stem = unicodedata.normalize("NFC", stem)
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    stem = re.sub(r"[^\w\s().,-]", "_", stem, flags=re.UNICODE)
    stem = re.sub(r"\s+", " ", stem).strip(" ._") or "tep"
    return f"{stem[:150]}.{extension}"


def check_upload(name: str, data: bytes) -> tuple[str, str]:
    """(content type, clean name) of an acceptable upload, or a ServiceError naming the file."""
    if len(data) > settings.XANH_MAX_UPLOAD_BYTES:
        raise ServiceError(_("%(file)s: the file is larger than %(mb)d MB.") % {
            "file": name, "mb": settings.XANH_MAX_UPLOAD_BYTES // (1024 * 1024)}, field="file")
    if not data:
        raise ServiceError(_("%(file)s: the file is empty.") % {"file": name}, field="file")
    content_type = sniff_type(data)
    if content_type is None:
        raise ServiceError(_("%(file)s: only PDF, Word (DOCX), Excel (XLSX) and image (PNG, JPEG, GIF, WebP) files "
                             "are accepted as evidence.") % {"file": name}, field="file")
    return content_type, clean_name(name, ALLOWED[content_type])


def build_evidence(actor, name: str, data: bytes):
    """An unsaved Evidence for the bytes (the caller saves it inside its transaction)."""
    from xanh.reporting.models import Evidence

    content_type, clean = check_upload(name, data)
    digest = hashlib.sha256(data).hexdigest()
    evidence = Evidence(original_name=clean, content_type=content_type, size=len(data), sha256=digest,
                        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None)
    # the stored name is the digest: nothing the uploader typed reaches the filesystem
    evidence.file.save(f"{digest[:32]}.{ALLOWED[content_type]}", ContentFile(data), save=False)
    return evidence
