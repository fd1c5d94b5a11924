"""kopdes worker: the background worker for production (kopdes/operations/worker.py): recovers its lost tasks,
survives a database restart. `kopdes db_worker` (django-tasks-db) stays available for development."""

import datetime

from django.core.management.base import BaseCommand

from kopdes.operations import worker


class Command(BaseCommand):
    help = "Jalankan pekerja latar (ekspor besar, tugas terjadwal) yang memulihkan tugas terputus."

    def add_arguments(self, parser):
        parser.add_argument("--worker-id", default="", help="id tetap pekerja ini (bawaan: <nama host>-worker)")
        parser.add_argument("--queue-name", default="default")
        parser.add_argument("--interval", type=float, default=1.0)
        parser.add_argument("--max-tasks", type=int, default=None)
        parser.add_argument("--batch", action="store_true", help="berhenti bila antrean kosong")
        parser.add_argument("--stale-hours", type=float, default=6.0, help="tugas berjalan lebih lama: gagal")

    def handle(self, *args, worker_id, queue_name, interval, max_tasks, batch, stale_hours, **options):
        worker.run(
            worker_id=worker_id or worker.default_worker_id(),
            queue_names=queue_name.split(","),
            interval=interval,
            max_tasks=max_tasks,
            batch=batch,
            stale_after=datetime.timedelta(hours=stale_hours),
        )
