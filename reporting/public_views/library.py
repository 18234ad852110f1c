"""The public library of deliverables: documents staff marked public, of published Actions only."""

import django_filters
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django_countries import countries as all_countries

from actions.models import ActionDocument, DocumentType
from actions.results_models import CONTENT_LANGUAGES
from mieux.models import Region, ThematicArea


class LibraryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    thematic_area = django_filters.ModelChoiceFilter(
        label=_("Thematic area"), queryset=ThematicArea.objects.all(), to_field_name="code",
        field_name="action__thematic_areas", empty_label=_("All thematic areas"),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), queryset=Region.objects.all(), to_field_name="code", field_name="action__region",
        empty_label=_("All regions"),
    )
    country = django_filters.ChoiceFilter(label=_("Country"), method="filter_country", empty_label=_("All countries"))
    type = django_filters.ChoiceFilter(label=_("Type"), field_name="document_type", choices=DocumentType.choices, empty_label=_("All types"))
    language = django_filters.ChoiceFilter(label=_("Language"), choices=CONTENT_LANGUAGES, empty_label=_("All languages"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the countries that have something in the library are worth offering.
        codes = set()
        for value in self.queryset.order_by().values_list("action__countries", flat=True).distinct():
            codes.update(code for code in str(value or "").split(",") if code)
        self.filters["country"].extra["choices"] = sorted(
            ((code, str(all_countries.name(code) or code)) for code in codes), key=lambda item: item[1]
        )

    def filter_country(self, queryset, name, value):
        # Countries are stored as "KE,TZ": a two-letter substring can only match a whole code.
        return queryset.filter(action__countries__contains=value[:2].upper())

    def filter_text(self, queryset, name, value):
        value = value.strip()[:100]
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(action__title__icontains=value) | Q(action__code__icontains=value))


def library_documents():
    return (
        ActionDocument.objects.in_public_library()
        .select_related("action", "action__region")
        .order_by("-published_at", "-pk")
    )


def library(request):
    filterset = LibraryFilter(request.GET or None, queryset=library_documents(), request=request)
    documents = filterset.qs.distinct()
    page = Paginator(documents, 20).get_page(request.GET.get("page"))
    return render(request, "public/library.html", {
        "filter": filterset, "page": page, "documents": page.object_list, "total": page.paginator.count,
        "query": request.GET.urlencode() if filterset.is_bound else "",
    })


def library_document(request, pk):
    """A public deliverable; anything else (private, staff-only, unpublished Action) answers 404."""
    document = get_object_or_404(library_documents(), pk=pk)
    name = document.file.name.rsplit("/", 1)[-1]
    return FileResponse(document.file.open("rb"), as_attachment=False, filename=name)
