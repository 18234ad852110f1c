from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory


def test_page_links_keep_the_current_filters():
    request = RequestFactory().get("/experts/", {"q": "asylum", "language": "fr", "page": "2"})
    page = Paginator(list(range(60)), 20).page(2)
    html = render_to_string("_pagination.html", {"page": page}, request=request)
    assert 'href="?q=asylum&amp;language=fr&amp;page=1"' in html
    assert 'href="?q=asylum&amp;language=fr&amp;page=3"' in html
    assert "Page 2 of 3" in html


def test_a_single_page_shows_no_page_links():
    request = RequestFactory().get("/experts/")
    html = render_to_string("_pagination.html", {"page": Paginator([1, 2], 20).page(1)}, request=request)
    assert "pagination" not in html
