"""PDF through LibreOffice: the DOCX converted by `soffice --headless`, when it is installed.

Each conversion runs in its own temporary folder with its own LibreOffice profile
(`-env:UserInstallation`), so conversions running at once, or an officer's LibreOffice open on
the same server account, do not block each other. XANH_SOFFICE names the program; empty, it is
looked up on the PATH (`soffice`, then `libreoffice`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from xanh.core.errors import ServiceError

TIMEOUT_SECONDS = 180


def soffice_path() -> str | None:
    configured = getattr(settings, "XANH_SOFFICE", "")
    if configured:
        return configured if Path(configured).is_file() else shutil.which(configured)
    return shutil.which("soffice") or shutil.which("libreoffice")


def is_available() -> bool:
    return soffice_path() is not None


def require() -> str:
    """The LibreOffice program, or a ServiceError saying it is missing."""
    program = soffice_path()
    if program is None:
        raise ServiceError(_("PDF needs LibreOffice, which is not installed on the server (or XANH_SOFFICE does "
                             "not name it). Download the DOCX instead."), field="format")
    return program


def docx_to_pdf(data: bytes) -> bytes:
    """The PDF LibreOffice makes of this DOCX; ServiceError when it is not installed or fails."""
    program = require()
    with tempfile.TemporaryDirectory(prefix="xanh-pdf-") as folder:
        work = Path(folder)
        source = work / "report.docx"
        source.write_bytes(data)
        command = [program, "--headless", "--norestore", "--nolockcheck", "--nodefault",
                   f"-env:UserInstallation={(work / 'profile').as_uri()}",
                   "--convert-to", "pdf", "--outdir", str(work / "out"), str(source)]
        try:
            finished = subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, cwd=work,
                                      env=_environment(work), check=False)
        except subprocess.TimeoutExpired as exc:
            raise ServiceError(_("LibreOffice took more than %(seconds)d seconds to convert the report to PDF.") % {
                "seconds": TIMEOUT_SECONDS}, field="format") from exc
        except OSError as exc:
            raise ServiceError(_("LibreOffice could not be started: %(error)s") % {"error": exc},
                               field="format") from exc
        result = work / "out" / "report.pdf"
        if finished.returncode != 0 or not result.is_file() or result.stat().st_size == 0:
            detail = (finished.stderr or finished.stdout).decode("utf-8", "replace").strip()[-300:]
            raise ServiceError(_("LibreOffice could not convert the report to PDF (exit status %(code)s). "
                                 "%(detail)s") % {"code": finished.returncode, "detail": detail}, field="format")
        return result.read_bytes()


def _environment(work: Path) -> dict:
    """A minimal environment: LibreOffice writes caches under HOME, which may not be writable."""
    keep = {name: os.environ[name] for name in ("PATH", "LANG", "LC_ALL", "SAL_USE_VCLPLUGIN")
            if name in os.environ}
    return {**keep, "HOME": str(work)}
