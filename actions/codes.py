"""Action codes: one format, and URLs that cannot break on any stored code.

An Action's code is its stable identifier (also the tail of its IATI identifier): letters, digits and
single hyphens, e.g. `MIEUX-2026-004-KE`. Forms, the model (on creation) and the historical import
check it with `validate_action_code`.

Codes stored before the rule (an old import, a database restore) may hold other characters, such as
`MIEUX/II/2012/07`. The `action_code` path converter takes any code: it percent-encodes every
character that is not a letter, digit or hyphen when building a URL, and decodes it when resolving one,
so `reverse()` never raises and such an Action keeps working pages.
"""

import re
from urllib.parse import quote, unquote

from django.core.exceptions import ValidationError
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _

ACTION_CODE_MAX_LENGTH = 40
ACTION_CODE_RE = re.compile(r"^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*\Z")
ACTION_CODE_HELP = _("Letters, digits and hyphens only, e.g. MIEUX-2026-004-KE.")


def action_code_error(value):
    """Why `value` is not a valid Action code, or None."""
    value = value or ""
    if not value:
        return _("an Action code is required")
    if len(value) > ACTION_CODE_MAX_LENGTH:
        return _("“%(value)s” is longer than %(max)d characters") % {"value": value, "max": ACTION_CODE_MAX_LENGTH}
    if not ACTION_CODE_RE.match(value):
        return _("“%(value)s” is not a valid Action code: use letters, digits and single hyphens only "
                 "(e.g. MIEUX-2026-004-KE)") % {"value": value}
    return None


def validate_action_code(value):
    error = action_code_error(value)
    if error:
        raise ValidationError(error, code="invalid_action_code")


class ActionCodeConverter:
    """Any non-empty code without a slash after decoding; built URLs encode everything unusual."""

    regex = r"[^/]+"

    def to_python(self, value):
        return unquote(value)

    def to_url(self, value):
        return quote(str(value), safe="") or "-"


_registered = False


def register():
    global _registered
    if not _registered:
        register_converter(ActionCodeConverter, "action_code")
        _registered = True
