"""kopdes loadtest_prepare: the people of the load test in the database it runs against (a benchmark or demo
database, never production): a regency admin, the bupati, camat of the busiest kecamatan and pengurus of cooperatives
whose books are open (opened here when none are), each with an API token; writes them with a sample of region codes
and cooperative ids to var/loadtest/accounts.json for kopdes/operations/loadtest/locustfile.py."""

import datetime
import json
import random
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.db.models.functions import Substr

from kopdes.accounts.choices import Role
from kopdes.accounts.models import ApiToken, User
from kopdes.accounts.services import api_token_create
from kopdes.books.models import BookSettings
from kopdes.books.services import books_open
from kopdes.cooperatives.choices import UnitStatus
from kopdes.cooperatives.models import BusinessUnit, Cooperative

PASSWORD = "uji-beban-kopdes-2026"  # noqa: S105 - only for the load-test database's own throwaway accounts
PAGE_SIZE = 50


def _session(user) -> str:
    """A signed-in session, as the login form would leave it: officials stay signed in for their working day, so the
    load test measures their pages, not a password hash per simulated person."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


class Command(BaseCommand):
    help = "Siapkan akun dan sampel untuk uji beban (make loadtest). Jangan dijalankan di basis data produksi."

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, default=None)
        parser.add_argument("--pengurus", type=int, default=20)
        parser.add_argument("--camat", type=int, default=5)
        parser.add_argument("--admins", type=int, default=10)

    def handle(self, *args, out, pengurus, camat, admins, **options):
        out = out or Path(settings.VAR_DIR) / "loadtest" / "accounts.json"
        busiest = (
            Cooperative.objects.annotate(regency=Substr("village_id", 1, 5)).values("regency")
            .annotate(n=Count("id")).order_by("-n", "regency").first()
        )  # fmt: skip
        if not busiest:
            raise CommandError("Tidak ada koperasi: isi basis data dulu (kopdes bench --small atau load_demo).")
        regency = busiest["regency"]
        in_regency = Cooperative.objects.filter(village__code__startswith=f"{regency}.")
        districts = list(
            in_regency.annotate(district=Substr("village_id", 1, 8)).values("district").annotate(n=Count("id"))
            .order_by("-n", "district").values_list("district", flat=True)
        )  # fmt: skip
        rng = random.Random(18)
        cooperatives = list(in_regency.order_by("pk").values_list("pk", flat=True))
        sample_coops = rng.sample(cooperatives, min(500, len(cooperatives)))
        district = districts[0]
        district_coops = list(in_regency.filter(village__code__startswith=f"{district}.").values_list("pk", flat=True))

        # pengurus of cooperatives whose books are open and whose gerai operates (their sales are valid); the books
        # are opened here for operating cooperatives when too few have them
        operating = dict(
            BusinessUnit.objects.filter(cooperative__in=in_regency, status=UnitStatus.BEROPERASI)
            .order_by("cooperative_id", "category").values_list("cooperative_id", "category")
        )  # fmt: skip
        opened = BookSettings.objects.filter(cooperative__in=in_regency).values_list("cooperative_id", flat=True)
        with_books = [pk for pk in opened if pk in operating][:pengurus]
        for coop in (
            in_regency.filter(pk__in=operating)
            .exclude(pk__in=with_books)
            .exclude(pk__in=BookSettings.objects.values("cooperative_id"))
            .order_by("pk")[: max(0, pengurus - len(with_books))]
        ):
            books_open(actor=None, cooperative=coop, opened_on=datetime.date(2025, 9, 1))
            with_books.append(coop.pk)

        def person(username, role, **fields):
            user, _ = User.objects.update_or_create(username=username, defaults={"role": role, **fields})
            user.set_password(PASSWORD)
            user.save()
            ApiToken.objects.filter(user=user, name="uji beban").delete()
            _, key = api_token_create(user=user, name="uji beban")
            entry = {"username": username, "token": key, "session": _session(user)}
            if fields.get("cooperative"):
                entry["cooperative"] = fields["cooperative"].pk
                entry["category"] = operating.get(fields["cooperative"].pk, "sembako")
            if role == Role.CAMAT:
                entry["district"] = fields["region_id"]
            return entry

        accounts = {
            "admin": [person(f"uji.admin.{i}", Role.ADMIN, region_id=regency) for i in range(admins)],
            "bupati": [person("uji.bupati", Role.PIMPINAN, region_id=regency)],
            "camat": [person(f"uji.camat.{i}", Role.CAMAT, region_id=district) for i in range(camat)],
            "pengurus": [
                person(f"uji.pengurus.{i}", Role.PENGURUS, cooperative=Cooperative.objects.get(pk=pk))
                for i, pk in enumerate(with_books)
            ],
        }
        sample = {
            "regency": regency,
            "districts": districts[:30],
            "cooperatives": sample_coops,
            "district_cooperatives": district_coops[:200],
            "pages": max(1, min(20, len(cooperatives) // PAGE_SIZE)),
        }
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps({"password": PASSWORD, "accounts": accounts, "sample": sample}, indent=1))
        self.stdout.write(
            f"{out}: kabupaten {regency} ({len(cooperatives)} koperasi, {len(districts)} kecamatan), "
            f"{sum(len(v) for v in accounts.values())} akun"
        )
