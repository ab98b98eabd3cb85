from django.core.management.base import BaseCommand
from django.db import transaction

from reviews import demo


class Command(BaseCommand):
    help = (
        "Create (or bring up to date) one demo board with a user per role and demo reviews. "
        "Idempotent: running it again changes nothing that is already there. DEMO ONLY: "
        "the passwords are published in the README."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        cast = demo.seed_all()
        self.stdout.write(self.style.SUCCESS(f"Demo board: {cast.board.name}"))
        self.stdout.write("Demo accounts (demo only, never use these passwords for real data):")
        for username, role in cast.accounts:
            self.stdout.write(f"  {username:<14} {role:<34} password: {demo.DEMO_PASSWORD}")
