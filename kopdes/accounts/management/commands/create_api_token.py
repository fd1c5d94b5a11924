from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from kopdes.accounts.models import User
from kopdes.accounts.services import api_token_create


class Command(BaseCommand):
    help = "Create a REST API token for a user and print it once (only its sha256 is stored)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="cli", help="what the token is for, e.g. 'dasbor provinsi'")

    def handle(self, *args, username: str, name: str, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Pengguna tidak dikenal: {username}")
        if not user.is_active:
            raise CommandError(f"Pengguna {username} tidak aktif.")
        try:
            token, key = api_token_create(user=user, name=name)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stderr.write(
            f"Token {token.name!r} untuk {user.username} ({token.prefix}…). "
            "Simpan sekarang: token ini tidak ditampilkan lagi."
        )
        self.stdout.write(key)
