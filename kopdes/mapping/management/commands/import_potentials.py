from kopdes.core.importing import ImportCommand
from kopdes.mapping.io.potentials import potentials_import


class Command(ImportCommand):
    help = (
        "Import village business potentials from XLSX or CSV (columns: kode_wilayah, kategori, komoditas, volume, "
        "satuan, nilai_rp, jumlah_orang, sumber, tanggal). The whole file is validated first; if any row is invalid "
        "nothing is written. The same file twice changes nothing."
    )
    importer = staticmethod(potentials_import)
