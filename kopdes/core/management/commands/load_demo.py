import time

from django.core.management.base import BaseCommand
from django.utils import formats, translation

from kopdes.core.demo import REPORT_DATE, load_demo


class Command(BaseCommand):
    help = (
        "Load the demo data set (Kalimantan Timur as reported around 10 June 2025) and the demo logins. "
        "Running it again changes nothing."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        result = load_demo()
        elapsed = time.perf_counter() - started
        if result.regions_loaded:
            self.stdout.write("Wilayah provinsi 64 (Kalimantan Timur) dimuat.")
        with translation.override("id"):
            report_date = formats.date_format(REPORT_DATE)  # "10 Juni 2025"
        if result.cooperatives_created:
            self.stdout.write(
                f"Data demo per {report_date}: {result.cooperatives_created} koperasi baru, "
                f"{result.milestones_created} tahapan, {result.officials_created} pengurus/pengawas, "
                f"{result.units_created} gerai, {result.targets_created} target."
            )
        else:
            self.stdout.write(
                f"Data demo sudah ada ({result.cooperatives_kept} koperasi di Kalimantan Timur); tidak ada yang diubah."
            )
        for message in result.national.messages if result.national else ():
            self.stdout.write(f"SIMKOPDES: {message}")
        self.stdout.write(f"Pengguna demo: {result.users_created} baru, {result.users_updated} diperbarui.\n")
        self.stdout.write(self._logins_table(result))
        self.stdout.write(f"\nSelesai dalam {elapsed:.1f} detik.")

    def _logins_table(self, result) -> str:
        rows = [("username", "password", "peran", "cakupan")]
        rows += [(login.username, result.password, login.role, login.scope) for login in result.logins]
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
        lines.insert(1, "  ".join("-" * width for width in widths))
        return "\n".join(lines)
