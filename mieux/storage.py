"""Private file storage and upload checks shared by attachments, CVs and reports."""

import os
import zipfile

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, storages
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


class PrivateFileSystemStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT, read at each use so a changed setting (tests) takes effect."""

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


def private_storage():
    """Files that must never be reachable under a public URL."""
    return storages["private"]


# Office formats are ZIP containers; the member that names them tells them apart.
_ZIP_MARKERS = {
    "docx": ("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
ALLOWED_DOCUMENTS = {"pdf", "docx", "xlsx", "odt", "png", "jpeg"}
CV_DOCUMENTS = {"pdf", "docx"}
FORMAT_LABELS = {"pdf": "PDF", "docx": "DOCX", "xlsx": "XLSX", "odt": "ODT", "png": "PNG", "jpeg": "JPEG"}


def sniff_format(uploaded):
    """The real format of an uploaded file, read from its content (never its name), or None."""
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    kind = filetype.guess(head)
    if head.startswith(b"%PDF-"):
        return "pdf", "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png", "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg", "image/jpeg"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(uploaded) as archive:
                names = set(archive.namelist())
                if "mimetype" in names:
                    mimetype = archive.read("mimetype").decode("ascii", "ignore").strip()
                    if mimetype == "application/vnd.oasis.opendocument.text":
                        return "odt", mimetype
                for fmt, (marker, mime) in _ZIP_MARKERS.items():
                    if marker in names:
                        return fmt, mime
        except zipfile.BadZipFile:
            return None
        finally:
            uploaded.seek(0)
    if kind is not None and kind.extension in ("png", "jpg"):
        return ("jpeg" if kind.extension == "jpg" else "png"), kind.mime
    return None


def validate_upload(uploaded, allowed=ALLOWED_DOCUMENTS, max_bytes=None):
    """Check an upload's size and real type; returns its content type or raises ValidationError."""
    max_bytes = max_bytes or settings.MAX_ATTACHMENT_BYTES
    if uploaded.size > max_bytes:
        raise ValidationError(
            _("“%(name)s” is %(size)s; files may be at most %(max)s.")
            % {"name": uploaded.name, "size": filesizeformat(uploaded.size), "max": filesizeformat(max_bytes)},
            code="too_large",
        )
    sniffed = sniff_format(uploaded)
    if sniffed is None or sniffed[0] not in allowed:
        raise ValidationError(
            _("“%(name)s” is not an accepted file. Accepted formats: %(formats)s (checked by content, not by name).")
            % {"name": uploaded.name, "formats": ", ".join(FORMAT_LABELS[f] for f in sorted(allowed))},
            code="bad_type",
        )
    return sniffed[1]
