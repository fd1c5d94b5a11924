"""`kopdes reports <regency code> [--period YYYY-MM] [--generate] [--reminders] [--email] [--json]`: the reporting
rate of a region for a period (default: the latest whose due date has passed); `--generate` opens the pre-filled
drafts of the month that just ended for every expected unit of a regency (run it on the 1st: people find their
report waiting; idempotent); `--reminders` lists who has not sent, with phone and WhatsApp link, and with `--email`
mails those with an address when a mail server is configured."""

import datetime
import json

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kopdes.core.scoping import system_region
from kopdes.regions.models import Region
from kopdes.reporting import rules, selectors, services


class Command(BaseCommand):
    help = "Tingkat pelaporan, laporan yang diharapkan bulan ini, dan pengingat bagi yang belum mengirim."

    def add_arguments(self, parser):
        parser.add_argument("code", help="kode wilayah, mis. 64.01")
        parser.add_argument("--period", help="periode TTTT-BB (bawaan: periode terakhir yang lewat tenggat)")
        parser.add_argument("--generate", action="store_true", help="buka draf untuk setiap unit yang diharapkan")
        parser.add_argument("--reminders", action="store_true", help="daftar yang belum mengirim")
        parser.add_argument("--email", action="store_true", help="kirim pengingat lewat surel bila ada alamatnya")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        region = Region.objects.filter(code=options["code"]).first()
        if region is None:
            raise CommandError(f"Wilayah {options['code']} tidak dikenal.")
        today = timezone.localdate()
        out: dict = {}
        if options["generate"]:
            if region.level != "regency":
                raise CommandError("--generate memerlukan kode kabupaten/kota.")
            start = (
                rules.parse_period(options["period"])
                if options["period"]
                else rules.period_of(today.replace(day=1) - datetime.timedelta(days=1)).start
            )
            out["generated"] = services.reports_generate(regency=region, period_start=start, actor=None)
            options["period"] = f"{start:%Y-%m}"
        try:
            period = selectors.period_for(region.code, options["period"], today)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        scoped = system_region(region)
        data = selectors.reporting_rates(region=scoped, period=period)
        out["period"] = period.key
        out["due_date"] = period.due.isoformat()
        out["total"] = data["total"]
        out["children"] = data["children"]
        if options["reminders"] or options["email"]:
            gaps = selectors.missing_and_late(
                user=_system_user(), region=scoped, period=period, today=today, limit=None
            )
            out["missing"] = [{k: v for k, v in row.items() if k != "message"} for row in gaps["missing"]]
            if options["email"]:
                out["emailed"] = self._email(gaps["missing"])
        if options["json"]:
            self.stdout.write(json.dumps(out, default=str))
            return
        if "generated" in out:
            self.stdout.write(f"Draf dibuka: {out['generated']}")
        total = data["total"]
        self.stdout.write(
            f"{region.name} {period.key} (tenggat {period.due:%d-%m-%Y}): diharapkan {total['expected']}, "
            f"diterima {total['submitted']}, tepat waktu {total['on_time']}, disetujui {total['approved']}"
        )
        for row in data["children"]:
            self.stdout.write(f"  {row['code']:<13} {row['name'][:30]:<30} {row['submitted']:>4}/{row['expected']:<4}")
        for row in out.get("missing", []):
            self.stdout.write(f"  belum: {row['kind_label']} {row['name']} {row['person']} {row['phone']}")

    def _email(self, rows) -> int:
        if not mail_configured():
            self.stderr.write("Server surel belum diatur (EMAIL_HOST); pengingat tidak dikirim.")
            return 0
        sent = 0
        for row in rows:
            if row["email"]:
                sent += send_mail(f"Pengingat {row['kind_label']}", row["message"], None, [row["email"]])
        return sent


def _system_user():
    """A user who sees everything, for the contact list's scope (the operator runs the CLI)."""
    from kopdes.accounts.models import User

    return User(is_superuser=True, is_active=True, pk=0, role="admin")


def mail_configured() -> bool:
    """A mail server is configured: EMAIL_HOST set to something other than Django's default, or a non-SMTP backend
    (console, file, locmem in tests); never the dummy backend."""
    backend = settings.EMAIL_BACKEND
    if backend.endswith("dummy.EmailBackend"):
        return False
    if not backend.endswith("smtp.EmailBackend"):
        return True
    return settings.EMAIL_HOST not in ("", "localhost")
