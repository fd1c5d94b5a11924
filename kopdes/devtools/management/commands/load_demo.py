import time

from django.core.management.base import BaseCommand

from kopdes.devtools.runner import load_demo


class Command(BaseCommand):
    help = (
        "Load the demo data set (Kalimantan Timur as reported around 10 June 2025) and the demo logins. "
        "Running it again changes nothing."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        context = load_demo()
        elapsed = time.perf_counter() - started
        for message in context.messages:
            self.stdout.write(message)
        self.stdout.write(
            f"Pengguna demo: {context.counts['users_created']} baru, {context.counts['users_updated']} diperbarui.\n"
        )
        self.stdout.write(self._logins_table(context))
        self.stdout.write(f"\nSelesai dalam {elapsed:.1f} detik.")

    def _logins_table(self, context) -> str:
        rows = [("username", "password", "peran", "cakupan")]
        rows += [(login.username, context.password, login.role, login.scope) for login in context.logins]
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
        lines.insert(1, "  ".join("-" * width for width in widths))
        return "\n".join(lines)
