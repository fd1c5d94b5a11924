"""The PMK 49/2025 and Permendes 10/2025 limits as first seeded (migration 0002, `FinancingRule.seed_defaults`)."""

PMK = "PMK 49/2025 (berlaku 21 Juli 2025)"
RULES = [
    ("plafond_max_rp", 3_000_000_000, "", PMK, "Plafon per koperasi; pinjaman tambahan selama total dalam plafon."),
    ("opex_max_rp", 500_000_000, "", PMK, "Bagian belanja operasional dari plafon."),
    ("rate_bp", 600, "", PMK, "6% per tahun."),
    ("tenor_max_months", 72, "", PMK, "Termasuk masa tenggang."),
    ("grace_min_months", 6, "", PMK, "Selama masa tenggang hanya bunga."),
    ("grace_max_months", 8, "", PMK, ""),
    ("due_day", 12, "", PMK, "Hari kerja berikutnya bila tanggal 12 bukan hari kerja."),
    ("village_fallback_pct", 30, "", "Permendes 10/2025 (12 Agustus 2025)",
     "Dana Desa sebagai upaya terakhir untuk angsuran yang tidak terbayar, dari Dana Desa setahun."),
    ("activities", None,
     "operasional_kantor,sembako,simpan_pinjam,klinik,apotek,pergudangan,logistik", PMK,
     "Operasional kantor, sembako, simpan pinjam, klinik desa, apotek desa, pergudangan (cold storage), logistik."),
]
