"""Demo data of the mapping app for Kutai Kartanegara and Paser: the step of `kopdes load_demo` that runs after the
cooperatives and the demo users exist (formation's step).

The potentials follow what the two regencies live from: fish from the Mahakam lakes and the Anggana delta
(Muara Muntai, Anggana), rice in Tenggarong Seberang and Long Ikis, oil palm and rubber on the plantations of
Loa Kulu, Paser Belengkong and Batu Sopang, and crafts from recycled waste in the towns (Tenggarong, Tanah
Grogot). BUMDes are set up so that the overlap rule shows every verdict: a sembako unit active and successful
next to a cooperative's gerai (one overlap resolved by partnering, one open), an inactive unit the cooperative
may take over with an agreement, and an LPG agency in Paser next to a planned cooperative LPG outlet (open).

Everything goes through the services and is keyed, so a second run writes nothing."""

from __future__ import annotations

import datetime

from kopdes.accounts.models import User
from kopdes.cooperatives.models import BusinessUnit, Cooperative
from kopdes.cooperatives.services import business_unit_create
from kopdes.core.devtools import DemoContext
from kopdes.mapping import services
from kopdes.mapping.models import Bumdes, BumdesUnit, OverlapDecision, VillagePotential
from kopdes.regions.models import Region

SOURCE_KUKAR = "Pemetaan potensi kecamatan, Kukar 2025"
SOURCE_PASER = "Profil desa (Prodeskel) dan DPMD Paser 2025"
MAPPED_ON = datetime.date(2025, 5, 26)

# (village, category, commodity, volume, unit, value in rupiah a year, people, source)
POTENTIALS = [
    # Kutai Kartanegara
    ("64.02.01.2001", "perikanan", "Ikan patin keramba (Danau Jempang)", 120, "ton/tahun", 3_000_000_000, 85, SOURCE_KUKAR),  # noqa: E501
    ("64.02.01.2001", "pengolahan_hasil", "Ikan asin dan kerupuk ikan haruan", 18, "ton/tahun", 900_000_000, 40, SOURCE_KUKAR),  # noqa: E501
    ("64.02.01.2008", "perikanan", "Ikan haruan dan baung tangkap", 75, "ton/tahun", 2_625_000_000, 120, SOURCE_KUKAR),
    ("64.02.01.2004", "kerajinan", "Anyaman purun dan rotan", 4_000, "buah/tahun", 240_000_000, 35, SOURCE_KUKAR),
    ("64.02.04.2001", "perikanan", "Udang windu tambak (delta Mahakam)", 60, "ton/tahun", 7_200_000_000, 150, SOURCE_KUKAR),  # noqa: E501
    ("64.02.04.2003", "pertanian", "Padi sawah", 850, "ton GKP/tahun", 5_525_000_000, 210, SOURCE_KUKAR),
    ("64.02.16.2001", "pertanian", "Padi sawah (lumbung Tenggarong Seberang)", 1_400, "ton GKP/tahun", 9_100_000_000, 380, SOURCE_KUKAR),  # noqa: E501
    ("64.02.16.2007", "sembako", "Toko kebutuhan pokok dan beras lokal", None, "", 1_200_000_000, 12, SOURCE_KUKAR),
    ("64.02.16.2007", "peternakan", "Sapi potong", 220, "ekor", 3_300_000_000, 60, SOURCE_KUKAR),
    ("64.02.02.2003", "perkebunan", "Kelapa sawit (TBS) kebun rakyat", 2_400, "ton TBS/tahun", 6_000_000_000, 140, SOURCE_KUKAR),  # noqa: E501
    ("64.02.02.2002", "perkebunan", "Karet (lump)", 180, "ton/tahun", 1_800_000_000, 95, SOURCE_KUKAR),
    ("64.02.06.2012", "sembako", "Warung dan toko sembako", None, "", 900_000_000, 10, SOURCE_KUKAR),
    ("64.02.06.2012", "pengelolaan_sampah", "Bank sampah: plastik dan kardus", 48, "ton/tahun", 96_000_000, 25, SOURCE_KUKAR),  # noqa: E501
    ("64.02.06.1005", "kerajinan", "Kerajinan daur ulang sampah plastik (tas, tikar)", 6_000, "buah/tahun", 150_000_000, 30, SOURCE_KUKAR),  # noqa: E501
    ("64.02.06.1005", "pengelolaan_sampah", "TPS3R kelurahan: kompos dan plastik cacah", 120, "ton/tahun", 180_000_000, 18, SOURCE_KUKAR),  # noqa: E501
    ("64.02.03.2004", "pertanian", "Sayur dan hortikultura", 300, "ton/tahun", 1_500_000_000, 70, SOURCE_KUKAR),
    ("64.02.05.2003", "perikanan", "Ikan dan udang tangkap pesisir", 90, "ton/tahun", 3_150_000_000, 110, SOURCE_KUKAR),
    # Paser
    ("64.01.04.2002", "perkebunan", "Kelapa sawit (TBS) kebun plasma", 3_200, "ton TBS/tahun", 8_000_000_000, 160, SOURCE_PASER),  # noqa: E501
    ("64.01.04.2002", "lpg", "Pangkalan LPG 3 kg", 24_000, "tabung/tahun", 480_000_000, 4, SOURCE_PASER),
    ("64.01.04.1001", "kerajinan", "Kerajinan daur ulang sampah (ecobrick, anyaman plastik)", 3_500, "buah/tahun", 105_000_000, 22, SOURCE_PASER),  # noqa: E501
    ("64.01.04.2003", "perikanan", "Udang dan kepiting bakau", 40, "ton/tahun", 2_800_000_000, 65, SOURCE_PASER),
    ("64.01.06.2008", "pertanian", "Padi sawah", 700, "ton GKP/tahun", 4_550_000_000, 180, SOURCE_PASER),
    ("64.01.06.2003", "perikanan", "Ikan laut tangkap (Teluk Waru)", 150, "ton/tahun", 3_750_000_000, 130, SOURCE_PASER),  # noqa: E501
    ("64.01.03.2012", "perkebunan", "Karet (lump)", 140, "ton/tahun", 1_400_000_000, 75, SOURCE_PASER),
    ("64.01.01.2013", "perkebunan", "Kelapa sawit (TBS)", 1_800, "ton TBS/tahun", 4_500_000_000, 90, SOURCE_PASER),
    ("64.01.05.2008", "peternakan", "Ayam kampung dan itik", 12_000, "ekor/tahun", 720_000_000, 55, SOURCE_PASER),
]  # fmt: skip

# (village, name, legal status, registration, [(category, unit name, status, performance, revenue, year)])
BUMDES = [
    ("64.02.06.2012", "BUMDes Rapak Lambur Mandiri", "berbadan_hukum", "AHU-00641.AH.01.33.TAHUN 2023", [
        ("sembako", "Toko Desa Rapak Lambur", "aktif", "berhasil", 640_000_000, 2024),
        ("air_bersih", "Pamsimas desa", "aktif", "belum_optimal", 85_000_000, 2024),
    ]),
    ("64.02.16.2007", "BUMDes Bukit Pariaman Sejahtera", "berbadan_hukum", "AHU-00712.AH.01.33.TAHUN 2023", [
        ("sembako", "Minimarket BUMDes", "aktif", "berhasil", 1_150_000_000, 2024),
        ("pupuk", "Kios saprotan", "aktif", "berhasil", 420_000_000, 2024),
    ]),
    ("64.02.03.2004", "BUMDes Purwajaya Makmur", "belum_berbadan_hukum", None, [
        ("pertanian", "Unit jasa alsintan", "tidak_aktif", "merugi", 12_000_000, 2023),
    ]),
    ("64.02.01.2001", "BUMDes Perian Maju Bersama", "berbadan_hukum", "AHU-00588.AH.01.33.TAHUN 2024", [
        ("pengolahan_hasil", "Pengolahan ikan asin", "aktif", "belum_optimal", 150_000_000, 2024),
        ("pariwisata", "Wisata Danau Jempang", "tidak_aktif", "merugi", 0, 2024),
    ]),
    ("64.02.04.2001", "BUMDes Sepatin Bahari", "berbadan_hukum", "AHU-00901.AH.01.33.TAHUN 2024", [
        ("perikanan", "Pembelian udang tambak", "aktif", "berhasil", 2_300_000_000, 2024),
    ]),
    ("64.01.04.2002", "BUMDes Janju Berkah", "berbadan_hukum", "AHU-00377.AH.01.33.TAHUN 2023", [
        ("lpg", "Pangkalan LPG 3 kg", "aktif", "berhasil", 310_000_000, 2024),
        ("perkebunan", "Angkutan TBS sawit", "aktif", "belum_optimal", 240_000_000, 2024),
    ]),
    ("64.01.06.2008", "BUMDes Olung Sejahtera", "belum_berbadan_hukum", None, [
        ("pertanian", "Penggilingan padi", "aktif", "berhasil", 380_000_000, 2024),
    ]),
]  # fmt: skip

# Cooperative business lines planned for the demo (village, category, gerai name).
PLANNED_UNITS = [("64.01.04.2002", "lpg", "Sub-pangkalan LPG Koperasi Janju")]

# Overlaps resolved in the demo (village, category, decision, agreement, note, decided by).
DECISIONS = [
    (
        "64.02.06.2012",
        "sembako",
        "kemitraan",
        "",
        "Musyawarah desa 12 Mei 2025: gerai koperasi memasok beras dan minyak goreng ke Toko Desa BUMDes; "
        "koperasi tidak membuka toko eceran sendiri.",
        "dpmd.kukar",
    ),
]


def load(context: DemoContext) -> None:
    actor, counts = context.actor, context.counts
    villages = Region.objects.in_bulk(
        {row[0] for row in POTENTIALS} | {row[0] for row in BUMDES} | {row[0] for row in PLANNED_UNITS}
    )
    stored = set(VillagePotential.objects.values_list("village_id", "category", "commodity"))
    for code, category, commodity, volume, unit, value, people, source in POTENTIALS:
        if (code, category, commodity) in stored or code not in villages:
            continue
        services.potential_create(
            actor=actor,
            village=villages[code],
            category=category,
            commodity=commodity,
            volume=volume,
            volume_unit=unit,
            value_rp=value,
            people=people,
            source=source,
            recorded_on=MAPPED_ON,
        )
        counts["potentials_created"] += 1

    existing = {b.village_id: b for b in Bumdes.objects.filter(village_id__in=[row[0] for row in BUMDES])}
    for code, name, legal_status, registration, units in BUMDES:
        if code not in villages:
            continue
        bumdes = existing.get(code)
        if bumdes is None:
            bumdes = services.bumdes_register(
                actor=actor,
                village=villages[code],
                name=name,
                legal_status=legal_status,
                registration_number=registration or "",
            )
            counts["bumdes_created"] += 1
        have = set(BumdesUnit.objects.filter(bumdes=bumdes).values_list("category", flat=True))
        for category, unit_name, status, performance, revenue, year in units:
            if category in have:
                continue
            services.bumdes_unit_create(
                actor=actor,
                bumdes=bumdes,
                category=category,
                name=unit_name,
                status=status,
                performance=performance,
                revenue_rp=revenue,
                year=year,
            )
            counts["bumdes_units_created"] += 1

    for code, category, name in PLANNED_UNITS:
        cooperative = Cooperative.objects.filter(village_id=code).first()
        if cooperative is None or BusinessUnit.objects.filter(cooperative=cooperative, category=category).exists():
            continue
        business_unit_create(actor=actor, cooperative=cooperative, category=category, name=name, status="rencana")
        counts["planned_units_created"] += 1

    for code, category, decision, agreement, note, username in DECISIONS:
        cooperative = Cooperative.objects.select_related("village").filter(village_id=code).first()
        if cooperative is None or OverlapDecision.objects.filter(cooperative=cooperative, category=category).exists():
            continue
        if not BusinessUnit.objects.filter(cooperative=cooperative, category=category).exists():
            continue  # the demo cooperative has no such gerai (data loaded by an older demo)
        decided_by = User.objects.filter(username=username).first() or actor
        services.overlap_decide(
            actor=decided_by,
            cooperative=cooperative,
            category=category,
            decision=decision,
            note=note,
            agreement_number=agreement,
        )
        counts["overlap_decisions_created"] += 1
