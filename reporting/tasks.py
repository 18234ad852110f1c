"""Background work of the top floor: key facts and open data files, recomputed off the request path."""

from celery import shared_task


@shared_task(name="reporting.tasks.refresh_key_facts_task")
def refresh_key_facts_task():
    from reporting.keyfacts import refresh_key_facts

    refresh_key_facts()


@shared_task(name="reporting.tasks.refresh_open_data")
def refresh_open_data():
    from reporting.opendata import refresh

    refresh()


@shared_task(name="reporting.tasks.refresh_dashboard")
def refresh_dashboard(language=None):
    from reporting.dashboard_cache import refresh_unfiltered

    refresh_unfiltered(language)
