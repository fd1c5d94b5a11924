import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kopdes.core.scoping import system_region
from kopdes.dashboard.selectors import progress_document
from kopdes.regions.choices import NATIONAL_CODE
from kopdes.regions.models import Region


class Command(BaseCommand):
    help = "Progress of a region (code, or ID for the whole country): the same document as the API."

    def add_arguments(self, parser):
        parser.add_argument("code", nargs="?", default=NATIONAL_CODE, help="Kemendagri code, e.g. 64.02; ID = national")
        parser.add_argument("--json", action="store_true", help="print the API's JSON document")
        parser.add_argument("--as-of", dest="as_of", metavar="YYYY-MM-DD", help="the progress as it stood that day")

    def handle(self, *args, code, json: bool = False, as_of: str | None = None, **options):
        code = code.strip()
        day = _day(as_of) if as_of else None
        region = None
        if code and code != NATIONAL_CODE:
            region = Region.objects.filter(code=code).first()
            if region is None:
                raise CommandError(f"Kode wilayah tidak dikenal: {code}")
        # The operator runs the CLI: no user scope; today's numbers are built now, never read from the kept copy.
        summary = progress_document(region=system_region(region), as_of=day, refresh=True)
        if json:
            self.stdout.write(_dumps(summary))
            return
        self.stdout.write(self._table(summary))

    def _table(self, summary: dict) -> str:
        keys = list(summary["phases"])
        header = f"{'kode':<14}{'nama':<32}{'desa/kel':>9}{'kop':>7}" + "".join(f"{k[:10]:>12}" for k in keys)
        lines = [header, "-" * len(header)]
        for row in [summary, *summary["children"]]:
            region = row["region"]
            lines.append(
                f"{region['code']:<14}{region['name'][:31]:<32}{row['villages']['total']:>9}{row['cooperatives']:>7}"
                + "".join(f"{row['phases'][k]:>12}" for k in keys)
            )
            if row is summary and summary["children"]:
                lines.append("-" * len(header))
        for target in summary["targets"]:
            lines.append(
                f"target {target['phase']} {target['due_date']}: {target['achieved']}/{target['target']} "
                f"({target['attainment_pct']}%)"
            )
        if "as_of" in summary:
            lines.insert(
                0,
                f"per {summary['as_of']['date']} (bagian tetap hari ini: "
                f"{', '.join(summary['as_of']['current_blocks']) or '-'})",
            )
        return "\n".join(lines)


def _day(value: str) -> datetime.date:
    try:
        day = datetime.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise CommandError(f"Tanggal --as-of harus YYYY-MM-DD: {value}") from exc
    if day > timezone.localdate():
        raise CommandError(f"Tanggal --as-of tidak boleh di masa depan: {value}")
    return day


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)
