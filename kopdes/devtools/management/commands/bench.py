from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kopdes.devtools.runner import bench_run


class Command(BaseCommand):
    help = "National-scale benchmark. WIPES the database it runs on: point DATABASE_URL at a scratch database."

    def add_arguments(self, parser):
        parser.add_argument("--small", action="store_true", help="two provinces instead of the whole country")
        parser.add_argument("--yes", action="store_true", help="do not ask before wiping the database")

    def handle(self, *args, small: bool, yes: bool, **options):
        name = settings.DATABASES["default"]["NAME"]
        if not yes:
            raise CommandError(f"This wipes {name}. Run with --yes on a scratch database.")
        bench_run(small=small, out=self.stdout)
