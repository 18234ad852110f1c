"""Create an account with its role, committee body and a verified e-mail address: the first administrator
under compose, and staff or committee members later. Privileged roles enrol TOTP at their first sign-in."""

import getpass
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from mieux.models import CommitteeBody, Role, User


class Command(BaseCommand):
    help = "Create an account (admin, staff, committee, expert or partner) with a verified e-mail address."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--role", choices=[r.value for r in Role], default=Role.ADMIN.value)
        parser.add_argument("--body", help="committee body code (INTPA, HOME, NEAR, EEAS, ICMPD) for --role committee")
        parser.add_argument("--name", default="", help="full name")
        parser.add_argument("--language", default="en")
        parser.add_argument(
            "--password-env", metavar="VARIABLE",
            help="read the password from this environment variable instead of asking for it",
        )

    def handle(self, *args, email, role, body, name, language, password_env, **options):
        from allauth.account.models import EmailAddress
        from django.contrib.auth.password_validation import validate_password

        email = email.strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise CommandError(f"An account with {email} exists already.")
        committee_body = None
        if role == Role.COMMITTEE:
            committee_body = CommitteeBody.objects.filter(code=(body or "").upper()).first()
            if committee_body is None:
                codes = ", ".join(CommitteeBody.objects.values_list("code", flat=True))
                raise CommandError(f"A committee member needs --body, one of: {codes}")
        password = self._password(password_env)
        user = User(email=email, full_name=name, role=role, committee_body=committee_body, language=language)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        with transaction.atomic():
            if role == Role.ADMIN:
                user = User.objects.create_superuser(email, password, full_name=name, language=language)
            else:
                user.set_password(password)
                user.save()
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        self.stdout.write(self.style.SUCCESS(f"Created {role} account {email}."))
        if user.is_privileged:
            self.stdout.write("At the first sign-in the portal asks to set up an authenticator app (TOTP).")

    def _password(self, password_env):
        if password_env:
            password = os.environ.get(password_env, "")
            if not password:
                raise CommandError(f"The environment variable {password_env} is empty.")
            return password
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ.")
        return first
