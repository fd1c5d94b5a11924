"""The regency view of the mapping app as one workbook, a sheet per table."""

from __future__ import annotations

from kopdes.core.exports import Sheet, workbook_bytes


def regency_workbook(view: dict) -> bytes:
    """The regency view as one XLSX with a sheet per table (summary, opportunities, open overlaps, kelurahan)."""
    sheets = []

    def add(title, headers, rows):
        sheets.append(Sheet(title, headers, rows))

    add(
        "Ringkasan",
        ["kode", "wilayah", "potensi", "peluang", "nilai_peluang_rp", "tumpang_tindih_terbuka", "sudah_diputuskan",
         "kelurahan"],
        [
            [c["code"], c["name"], c["potentials"], c["opportunities"], c["opportunity_value"], c["open_overlaps"],
             c["resolved_overlaps"], c["kelurahan"]]
            for c in view["children"]
        ],
    )  # fmt: skip
    add(
        "Peluang",
        ["kode_wilayah", "desa_kelurahan", "kategori", "komoditas", "volume", "satuan", "nilai_rp", "jumlah_orang"],
        [
            [p.village_id, p.village.name, p.category, p.commodity, p.volume, p.volume_unit, p.value_rp, p.people]
            for p in view["opportunities"]
        ],
    )
    add(
        "Tumpang tindih",
        ["kode_wilayah", "desa", "koperasi", "kategori", "alasan"],
        [
            [r["village"].code, r["village"].name, r["cooperative"].name, r["category"], r["reason"]]
            for r in view["open_overlaps"]
        ],
    )
    add(
        "Kelurahan",
        ["kode_wilayah", "kelurahan", "kecamatan", "koperasi", "unit_usaha_berjalan"],
        [
            [
                r["village"].code,
                r["village"].name,
                r["village"].parent.name if r["village"].parent else "",
                r["cooperative"].name if r["cooperative"] else "",
                r["cooperative"].live_units if r["cooperative"] else 0,
            ]
            for r in view["kelurahan"]
        ],
    )
    return workbook_bytes(sheets)
