from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from kopdes.cooperatives import selectors
from kopdes.cooperatives.models import Cooperative
from kopdes.cooperatives.selectors import CooperativeFilters
from kopdes.core.exports import FORMATS, write_table
from kopdes.formation.io import COLUMNS, export_rows


class Command(BaseCommand):
    help = (
        "Export the cooperative registry in the import's columns (XLSX or CSV), so that the file can be edited "
        "and imported back with `kopdes import_cooperatives`."
    )

    def add_arguments(self, parser):
        parser.add_argument("--region", default="", help="region code, e.g. 64.02 (default: whole country)")
        parser.add_argument("--phase", type=int, choices=range(7), help="only cooperatives in this phase")
        parser.add_argument("--kind", choices=["KDMP", "KKMP"], help="only this kind")
        parser.add_argument("--format", dest="fmt", choices=FORMATS, help="default: from the output's extension")
        parser.add_argument("--output", "-o", type=Path, required=True, help="file to write")
        parser.add_argument("--user", help="export as this user (their scope applies; default: whole country)")

    def handle(self, *args, region, phase, kind, fmt, output: Path, user, verbosity, **options):
        fmt = fmt or output.suffix.lstrip(".").lower()
        if fmt not in FORMATS:
            raise CommandError("Format harus xlsx atau csv (--format atau ekstensi berkas --output).")
        filters = CooperativeFilters(region=region.strip(), phase=phase, kind=kind or "")
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"Pengguna tidak dikenal: {user}")
            queryset = selectors.cooperative_list(user=actor, filters=filters)
        else:
            queryset = filters.apply(Cooperative.objects.all()).order_by("village_id")
        total = queryset.count()
        rows = tqdm(export_rows(queryset), total=total, unit=" baris", disable=verbosity < 1 or total < 1000)
        output.parent.mkdir(parents=True, exist_ok=True)
        tmp = output.with_name(f".{output.name}.tmp")
        with tmp.open("wb") as handle:
            write_table(handle, fmt, COLUMNS, rows, sheet_title="Koperasi")
        tmp.replace(output)
        if verbosity:
            self.stdout.write(f"{total} koperasi ditulis ke {output} ({fmt}).")
