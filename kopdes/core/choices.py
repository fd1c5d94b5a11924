"""Choices shared by several apps. The business categories are one list for gerai, BUMDes units, potentials and
partnerships (DESIGN.md), so that an overlap check compares like with like."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BusinessCategory(models.TextChoices):
    SEMBAKO = "sembako", _("Sembako & ritel")
    SIMPAN_PINJAM = "simpan_pinjam", _("Simpan pinjam")
    KLINIK = "klinik", _("Klinik")
    APOTEK = "apotek", _("Apotek")
    PERGUDANGAN = "pergudangan", _("Gudang & cold storage")
    LOGISTIK = "logistik", _("Logistik")
    LPG = "lpg", _("Sub-pangkalan LPG 3 kg")
    PUPUK = "pupuk", _("Pupuk & saprotan")
    PERTANIAN = "pertanian", _("Pertanian")
    PERKEBUNAN = "perkebunan", _("Perkebunan")
    PERIKANAN = "perikanan", _("Perikanan")
    PETERNAKAN = "peternakan", _("Peternakan")
    PENGOLAHAN_HASIL = "pengolahan_hasil", _("Pengolahan hasil")
    KERAJINAN = "kerajinan", _("Kerajinan")
    PARIWISATA = "pariwisata", _("Pariwisata")
    AIR_BERSIH = "air_bersih", _("Air bersih")
    PENGELOLAAN_SAMPAH = "pengelolaan_sampah", _("Pengelolaan sampah")
    JASA_KEUANGAN = "jasa_keuangan", _("PPOB & jasa keuangan")
    ENERGI = "energi", _("Energi")
    LAINNYA = "lainnya", _("Lainnya")
