"""Public pages and open data (DESIGN section 5): the URLs in mieux/public_urls.py must stay stable."""

from reporting.public_views.data import (  # noqa: F401
    actions_csv,
    actions_geojson,
    iati_activities,
    key_facts_basis_json,
    key_facts_json,
)
from reporting.public_views.pages import action_list, action_page, home, map_page, open_data_page  # noqa: F401
