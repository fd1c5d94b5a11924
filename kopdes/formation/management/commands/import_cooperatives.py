from kopdes.core.importing import ImportCommand
from kopdes.formation.io import cooperatives_import


class Command(ImportCommand):
    help = (
        "Import the cooperative registry from XLSX or CSV. The whole file is validated first; if any row is "
        "invalid nothing is written. Exit status 0 only when the file was imported (or would be, with --dry-run)."
    )
    importer = staticmethod(cooperatives_import)
