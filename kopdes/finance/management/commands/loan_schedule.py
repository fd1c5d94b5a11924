"""`kopdes loan_schedule --amount RP --rate 6 --tenor 72 --grace 6 --first-due YYYY-MM-DD [--json]`: the PMK 49/2025
schedule for officers and tests (the same `rules.loan_schedule` the services write)."""

import datetime
import json
from decimal import Decimal, InvalidOperation

from django.core.management.base import BaseCommand, CommandError

from kopdes.finance.rules import loan_schedule


class Command(BaseCommand):
    help = "Jadwal angsuran pinjaman PMK 49/2025 (tenggang: bunga saja; lalu anuitas)."

    def add_arguments(self, parser):
        parser.add_argument("--amount", type=int, required=True, help="pokok pinjaman (Rp)")
        parser.add_argument("--rate", default="6", help="bunga per tahun (%%), mis. 6")
        parser.add_argument("--tenor", type=int, default=72, help="tenor dalam bulan, termasuk masa tenggang")
        parser.add_argument("--grace", type=int, default=6, help="masa tenggang (bulan)")
        parser.add_argument("--first-due", required=True, help="jatuh tempo angsuran pertama (YYYY-MM-DD)")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        try:
            rate_bp = int(Decimal(options["rate"]) * 100)
            first_due = datetime.date.fromisoformat(options["first_due"])
            rows = loan_schedule(
                amount=options["amount"],
                rate_bp=rate_bp,
                tenor=options["tenor"],
                grace=options["grace"],
                first_due=first_due,
            )
        except (ValueError, InvalidOperation) as exc:
            raise CommandError(str(exc)) from exc
        instalments = [
            {
                "no": r.no,
                "due_date": r.due_date.isoformat(),
                "principal": r.principal,
                "interest": r.interest,
                "total": r.total,
                "balance": r.balance,
            }
            for r in rows
        ]
        total_interest = sum(r.interest for r in rows)
        if options["json"]:
            self.stdout.write(json.dumps({"instalments": instalments, "total_interest": total_interest}))
            return
        for row in instalments:
            self.stdout.write(
                f"{row['no']:>3} {row['due_date']} {row['principal']:>15,} {row['interest']:>13,} {row['total']:>15,}"
                f" {row['balance']:>15,}".replace(",", ".")
            )
        self.stdout.write(f"Total bunga: Rp{total_interest:,}".replace(",", "."))
