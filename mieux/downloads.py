"""How every private file leaves the portal: as a download of the type detected when it was uploaded.

The type comes from the content sniffed at upload (stored with the file), never from the file's name;
the response is an attachment, `nosniff`, sandboxed by its Content-Security-Policy and never cached,
so even a file that is not what it claims cannot run in the portal's origin.
"""

import mimetypes
import os

from django.http import FileResponse, Http404

FALLBACK_TYPE = "application/octet-stream"
# The extension the detected type calls for, so a PDF uploaded as `cv.html` is saved as `cv.pdf`.
EXTENSIONS = {
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.oasis.opendocument.text": ".odt",
}


def download_name(name, content_type):
    """The file's own base name, with the extension of its detected type."""
    base = os.path.basename(name or "") or "download"
    stem, ext = os.path.splitext(base)
    wanted = EXTENSIONS.get(content_type) or mimetypes.guess_extension(content_type or "") or ""
    if wanted and ext.lower() != wanted and not (wanted == ".jpg" and ext.lower() == ".jpeg"):
        return (stem or "download") + wanted
    return base


def private_file_response(field_file, *, content_type, filename=None):
    """A hardened download of a private file; 404 when the file is missing from storage."""
    content_type = content_type or FALLBACK_TYPE
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(filename or field_file.name, content_type),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response
