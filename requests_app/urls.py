"""URLs of requests_app: the partner side (urls_partner) and the review side (urls_review)."""

from requests_app.urls_partner import urlpatterns as partner_urlpatterns
from requests_app.urls_review import urlpatterns as review_urlpatterns

app_name = "requests"

urlpatterns = partner_urlpatterns + review_urlpatterns
