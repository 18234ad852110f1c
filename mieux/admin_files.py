"""Private files in the Django admin.

A private file has no public URL, so the admin's own file widget (which links to `file.url`) cannot
show it and the change page fails. Admin pages show such a field read-only, as a link to the portal's
permission-checked download view; new files come in through the portal's forms and services, which
check the content and record the detected type.
"""

from django.utils.html import format_html
from django.utils.translation import gettext as _


def private_file_link(value, download_url):
    if not value:
        return _("No file")
    label = str(value).rsplit("/", 1)[-1]
    return format_html('<a href="{}">{}</a> ({})', download_url, label, _("download, checked against your rights"))


class PrivateFileAdminMixin:
    """`private_files = {"field": callable(obj) -> download URL}`: each shown read-only as a link."""

    private_files: dict = {}

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        for name, url_for in self.private_files.items():

            def display(obj, _name=name, _url_for=url_for):
                value = getattr(obj, _name, None)
                return private_file_link(value, _url_for(obj) if value else "")

            display.short_description = model._meta.get_field(name).verbose_name
            setattr(self, f"{name}_download", display)

    def get_readonly_fields(self, request, obj=None):
        readonly = [f for f in super().get_readonly_fields(request, obj) if f not in self.private_files]
        return readonly + [f"{name}_download" for name in self.private_files]

    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or [])
        return exclude + [name for name in self.private_files if name not in exclude]

    def get_fields(self, request, obj=None):
        if self.fields:
            return [f"{f}_download" if f in self.private_files else f for f in self.fields]
        fields = [f for f in super().get_fields(request, obj) if f not in self.private_files]
        return fields
