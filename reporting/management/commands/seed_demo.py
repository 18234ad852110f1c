"""Idempotent, realistic demo data and one login per role (refuses to run in production mode)."""

import importlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

# Each app seeds its own data, in this order (later ones build on earlier ones).
DEMO_MODULES = ["mieux.demo", "requests_app.demo", "actions.demo", "actions.results_demo", "experts.demo", "experts.mission_demo"]


class Command(BaseCommand):
    help = "Load realistic demo data (idempotent) and print one login per role."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="Multiply data volumes (for benchmarks).")

    def handle(self, *args, scale=1, **options):
        if settings.PRODUCTION:
            raise CommandError("seed_demo refuses to run in production mode (DJANGO_ENV=production).")
        if scale < 1:
            raise CommandError("--scale must be at least 1.")
        logins = {}
        for module_name in DEMO_MODULES:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as exc:
                if exc.name == module_name:
                    continue
                raise
            with transaction.atomic():
                result = module.seed(scale=scale, stdout=self.stdout)
            if module_name == "mieux.demo":
                logins = result
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Every demo login (password: {settings.DEMO_PASSWORD}):"))
        for label, user in logins.items():
            self.stdout.write(f"  {label:<38} {user.email}")
