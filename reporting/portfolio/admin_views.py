"""The portfolio import in the Django admin: upload a zip of the CSV files; same report, same all-or-nothing rule."""

from django import forms
from django.contrib import admin
from django.http import Http404
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from reporting.portfolio import FILE_ORDER, SourceError, import_portfolio, read_zip

MAX_UPLOAD_BYTES = 50 * 1024 * 1024

# An administrator who may import must be able to create and change every kind of imported record.
IMPORT_PERMISSIONS = tuple(
    f"{app}.{verb}_{model}"
    for app, model in (
        ("requests_app", "request"),
        ("requests_app", "institution"),
        ("actions", "action"),
        ("actions", "activity"),
        ("experts", "expert"),
        ("experts", "deployment"),
    )
    for verb in ("add", "change")
)


def can_import(user):
    return user.is_active and user.is_staff and (user.is_superuser or user.has_perms(IMPORT_PERMISSIONS))


class PortfolioUploadForm(forms.Form):
    archive = forms.FileField(
        label=_("Zip archive of the CSV files"),
        help_text=_("A .zip holding any of requests.csv, actions.csv, activities.csv, experts.csv, deployments.csv "
                    "(at its root or in one folder)."),
    )
    dry_run = forms.BooleanField(
        label=_("Only check the files (nothing is written)"), required=False,
    )

    def clean_archive(self):
        archive = self.cleaned_data["archive"]
        if archive.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The archive is %(size)s; it may be at most %(max)s.") % {
                "size": filesizeformat(archive.size), "max": filesizeformat(MAX_UPLOAD_BYTES)})
        archive.seek(0)
        head = archive.read(4)
        archive.seek(0)
        if head != b"PK\x03\x04":
            raise forms.ValidationError(_("The upload is not a zip archive."))
        try:
            self.files_found, self.ignored = read_zip(archive)
        except SourceError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return archive


def _import_view(request):
    if not can_import(request.user):
        raise Http404
    report = None
    if request.method == "POST":
        form = PortfolioUploadForm(request.POST, request.FILES)
        if form.is_valid():
            report = import_portfolio(
                form.files_found, actor=request.user, dry_run=form.cleaned_data["dry_run"], ignored=form.ignored
            )
    else:
        form = PortfolioUploadForm()
    context = {
        **admin.site.each_context(request),
        "title": _("Import the historical portfolio"),
        "form": form,
        "report": report,
        "file_names": FILE_ORDER,
    }
    status = 400 if report is not None and not report.ok else 200
    return TemplateResponse(request, "admin/import_portfolio.html", context, status=status)


# admin_view: not signed in or not staff -> the admin login page; staff without the permissions -> 404.
import_portfolio_view = admin.site.admin_view(_import_view)
