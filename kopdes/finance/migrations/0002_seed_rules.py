"""Seed the financing rules table with PMK 49/2025 and Permendes 10/2025 as in force on 21 July / 12 August 2025.
Later changes are edits of these rows (kept in their history), not new migrations."""

from django.db import migrations

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
]  # fmt: skip


def seed(apps, schema_editor):
    rule = apps.get_model("finance", "FinancingRule")
    for key, value, text, source, note in RULES:
        rule.objects.get_or_create(key=key, defaults={"value": value, "text": text, "legal_source": source, "note": note})


def unseed(apps, schema_editor):
    apps.get_model("finance", "FinancingRule").objects.filter(key__in=[r[0] for r in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("finance", "0001_finance")]

    operations = [migrations.RunPython(seed, unseed)]
