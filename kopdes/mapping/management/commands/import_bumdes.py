from kopdes.core.importing import ImportCommand
from kopdes.mapping.io.bumdes import bumdes_import


class Command(ImportCommand):
    help = (
        "Import BUMDes and their business units from XLSX or CSV, one row per unit (columns: kode_wilayah, "
        "nama_bumdes, status_hukum, no_registrasi, kategori, nama_unit, status_unit, kinerja, omzet_rp, tahun). "
        "The whole file is validated first; kelurahan rows are refused; the same file twice changes nothing."
    )
    importer = staticmethod(bumdes_import)
