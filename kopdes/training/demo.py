"""The training story of `kopdes load_demo`, after the rakor of 10 June 2025: the regent asked for certified
training institutions and the cooperative office promised tiered training, continuous per kecamatan.

- 21 August 2025, BPU Tenggarong: "Membangun Kolaborasi dan Kemandirian UMKM Melalui Sosialisasi Kemitraan Aplikasi
  Digital dan Pembiayaan bersama KDMP", organised by the province's DPPKUKM with DiskopUKM Kukar: two invited per
  Kukar cooperative (ketua and bendahara), most came, and many more walked in (beyond the hall's capacity).
- From September 2025, a `dasar` `tata_kelola` and then a `dasar` `keuangan` training in every Kukar kecamatan with
  cooperatives, by certified providers; a few kecamatan's villages pay their share from the APBDes.
- 2026: `madya` tata kelola for the first operating cooperatives (those who passed dasar); a `dasar` training in
  Paser for the six villages of the first musyawarah; a digital training planned for December 2026 (invitations
  only). The provincial UPTD's certification lapsed at the end of 2025: a session it was meant to run in February
  2026 is refused, and the command says so.

Invitations come from the registry through `invitations_generate` (quota, positions, prerequisite); attendance,
walk-ins and results are written in bulk with their history rows (thousands of rows: the per-row services would
take minutes on SQLite), deterministically from a seeded random per event. Idempotence: an event that exists
(title, start date, organiser) is left alone with everything under it; courses and providers are matched on
their code and certification number. Coverage ends up as a programme in progress, neither 0% nor 100%."""

from __future__ import annotations

import datetime
import hashlib
import random

from django.core.exceptions import ValidationError
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from kopdes.cooperatives.choices import Position
from kopdes.cooperatives.models import Cooperative, Official
from kopdes.core.devtools import DemoContext
from kopdes.core.scoping import code_prefix_q
from kopdes.regions.choices import RegionKind, RegionLevel
from kopdes.regions.models import Region
from kopdes.training import services
from kopdes.training.choices import EventKind, ParticipantSource
from kopdes.training.models import Course, Event, Participant, Provider

D = datetime.date
REASON = "Data demo (kopdes load_demo)"
KUKAR, PASER = "64.02", "64.01"
TENGGARONG = "64.02.06"
FIRST_OPERATING = ("64.02.06.2012", "64.02.06.1005", "64.02.16.2007", "64.02.03.2004", "64.02.05.2003")
PASER_FIRST_MUSDESUS = (
    "64.01.04.2002",
    "64.01.01.2013",
    "64.01.01.2014",
    "64.01.03.2012",
    "64.01.06.2008",
    "64.01.05.2008",
)
APBDES_DISTRICTS = 3  # the first kecamatan (in code order) whose villages co-fund their tata kelola training

COURSES = [
    ("TK-1", "Tata kelola koperasi: AD/ART, rapat anggota dan peran pengurus-pengawas", "tata_kelola", "dasar", 16,
     "Memahami AD/ART dan Juklak Menkop 1/2025; menyelenggarakan rapat anggota; membagi tugas pengurus dan pengawas."),
    ("TK-2", "Tata kelola koperasi madya: perencanaan usaha dan pengawasan", "tata_kelola", "madya", 24,
     "Menyusun rencana kerja dan RAPB; pengawasan internal; pelaporan kepada anggota."),
    ("TK-3", "Tata kelola koperasi lanjut: kemitraan dan manajemen risiko", "tata_kelola", "lanjut", 24,
     "Mengelola kemitraan dengan BUMN/BUMD; manajemen risiko; persiapan RAT."),
    ("KU-1", "Pembukuan dasar koperasi (SAK EP)", "keuangan", "dasar", 16,
     "Mencatat simpanan pokok, wajib dan sukarela; kas harian; neraca sederhana."),
    ("KU-2", "Keuangan koperasi madya: laporan keuangan dan SHU", "keuangan", "madya", 24,
     "Menyusun laporan keuangan SAK EP; menghitung SHU termasuk bagian desa."),
    ("KU-3", "Keuangan koperasi lanjut: pembiayaan dan angsuran", "keuangan", "lanjut", 24,
     "Menilai kelayakan pembiayaan (PMK 49/2025); jadwal angsuran; arus kas."),
    ("US-1", "Pengelolaan gerai dan persediaan", "usaha", "dasar", 16, "Gerai sembako, stok, harga dan pemasok."),
    ("DG-1", "Aplikasi digital koperasi dan kasir", "digital", "dasar", 8,
     "Aplikasi kasir, SIMKOPDES, pembayaran digital."),
]  # fmt: skip

PROVIDERS = [
    ("LPK Koperasi Mandiri Kalimantan Timur", "lpk", "LPK.64.02/0117/2024", "Kementerian Ketenagakerjaan",
     D(2024, 8, 1), D(2027, 7, 31)),
    ("Pusat Pelatihan Koperasi Universitas Mulawarman", "perguruan_tinggi", "LSP-P1/UNMUL/2023/015",
     "BNSP", D(2023, 1, 16), D(2027, 1, 15)),  # expiring within 60 days of today: flagged
    ("UPTD Pelatihan Koperasi dan UKM Provinsi Kalimantan Timur", "dinas", "DPPKUKM-KT/AKR/2021/03",
     "Kementerian Koperasi", D(2021, 1, 1), D(2025, 12, 31)),  # lapsed
    ("BRI Klinik Usaha Samarinda", "bumn", "BRI-KU/2025/0021", "Kementerian BUMN", D(2025, 1, 1), D(2027, 12, 31)),
]  # fmt: skip


def _rng(*parts) -> random.Random:
    return random.Random(int(hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:12], 16))


def _catalogue(context: DemoContext) -> tuple[dict, dict]:
    courses = {c.code: c for c in Course.objects.all()}
    for code, title, track, tier, hours, competencies in COURSES:
        if code not in courses:
            courses[code] = services.course_create(
                actor=context.actor, code=code, title=title, track=track, tier=tier, hours=hours,
                competencies=competencies,
            )  # fmt: skip
            context.counts["training_courses_created"] += 1
    providers = {p.certification_number: p for p in Provider.objects.all()}
    for name, kind, number, body, valid_from, valid_until in PROVIDERS:
        if number not in providers:
            providers[number] = services.provider_create(
                actor=context.actor, name=name, kind=kind, certification_number=number, issuing_body=body,
                valid_from=valid_from, valid_until=valid_until,
            )  # fmt: skip
            context.counts["training_providers_created"] += 1
    return courses, {kind: providers[number] for _n, kind, number, *_rest in PROVIDERS}


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(8, 30)))


def _run(
    context: DemoContext,
    *,
    title: str,
    region: Region,
    agency: str,
    start: datetime.date,
    end: datetime.date | None = None,
    kind: str = EventKind.PELATIHAN,
    course=None,
    provider=None,
    venue: str,
    capacity: int,
    quota: int = 2,
    positions: list[str],
    funding: list[dict],
    invite_region: str = "",
    cooperative_ids: set[int] | None = None,
    attend: float = 0.85,
    walk_ins: int = 0,
) -> Event | None:
    """One event: planned, invited from the registry, and (when it is past) attended, with walk-ins and results."""
    end = end or start
    if Event.objects.filter(title=title, start_date=start, organiser_region=region).exists():
        context.counts["training_events_kept"] += 1
        return None
    actor = context.actor
    event = services.event_create(
        actor=actor, organiser_region=region, kind=kind, title=title, agency=agency, start_date=start, end_date=end,
        venue=venue, capacity=capacity, quota_per_cooperative=quota, invited_positions=positions, course=course,
        provider=provider, funding=funding,
    )  # fmt: skip
    result = services.invitations_generate(
        actor=actor, event=event, region_code=invite_region, positions=positions, cooperative_ids=cooperative_ids
    )
    context.counts["training_events_created"] += 1
    context.counts["training_invitations_created"] += result.invited
    if start > timezone.localdate():
        return event
    rng = _rng(title, start)
    listed = list(event.participants.order_by("id"))
    present = [p for p in listed if rng.random() < attend]
    for participant in present:
        participant.attended_on = start if rng.random() < 0.8 else end
        participant.checked_in_at = _at(participant.attended_on)
    bulk_update_with_history(
        present, Participant, ["attended_on", "checked_in_at"], default_user=actor, default_change_reason=REASON
    )
    if walk_ins:
        taken = {p.official_id for p in listed}
        pool = list(
            Official.objects.filter(services.current_q(), code_prefix_q("cooperative__village__code", region.code))
            .exclude(pk__in=taken)
            .select_related("cooperative")
            .order_by("id")
        )
        chosen = rng.sample(pool, min(walk_ins, len(pool)))
        new = [
            Participant(
                event=event, cooperative=o.cooperative, official=o, name=o.name, position=o.position,
                source=ParticipantSource.LANGSUNG, attended_on=start, checked_in_at=_at(start),
                track=course.track if course else "", tier=course.tier if course else "",
            )
            for o in chosen
        ]  # fmt: skip
        bulk_create_with_history(new, Participant, default_user=actor, default_change_reason=REASON)
        present += new
        context.counts["training_walk_ins_created"] += len(new)
    context.counts["training_attendance_updated"] += len(present)
    if course is not None:
        prefix = f"{course.code}/{region.code}/{start.year}/{event.pk}-"
        n = 0
        for participant in sorted(present, key=lambda p: (p.cooperative_id, p.name)):
            participant.pre_score = rng.randint(35, 70)
            participant.post_score = min(100, participant.pre_score + rng.randint(5, 35))
            participant.passed = participant.post_score >= 60
            if participant.passed:
                n += 1
                participant.certificate_number = f"{prefix}{n:03d}"
        bulk_update_with_history(
            present, Participant, ["pre_score", "post_score", "passed", "certificate_number"],
            default_user=actor, default_change_reason=REASON,
        )  # fmt: skip
    return event


def _apbdes(districts: list[Region], index: int, amount: int) -> list[dict]:
    if index >= APBDES_DISTRICTS:
        return []
    desa = Region.objects.filter(parent=districts[index], kind=RegionKind.DESA, cooperatives__isnull=False)
    return [{"source": "apbdes", "amount_rp": amount, "village": v} for v in desa.order_by("code")[:2]]


def load(context: DemoContext) -> None:
    """Needs the regions, the cooperatives with their boards (formation) and the history user (accounts)."""
    courses, providers = _catalogue(context)
    regions = Region.objects.in_bulk([KUKAR, PASER, TENGGARONG])
    if KUKAR not in regions or not Cooperative.objects.filter(village__code__startswith=f"{KUKAR}.").exists():
        context.messages.append("Pelatihan: data Kukar belum dimuat, dilewati.")
        return
    kukar = regions[KUKAR]
    _run(
        context,
        kind=EventKind.SOSIALISASI,
        title="Membangun Kolaborasi dan Kemandirian UMKM Melalui Sosialisasi Kemitraan Aplikasi Digital dan "
        "Pembiayaan bersama KDMP",
        region=kukar,
        agency="DPPKUKM Provinsi Kalimantan Timur bersama DiskopUKM Kutai Kartanegara",
        start=D(2025, 8, 21),
        venue="BPU (Balai Pertemuan Umum) Tenggarong",
        capacity=500,
        positions=[Position.KETUA, Position.BENDAHARA],
        funding=[{"source": "apbd", "amount_rp": 150_000_000}, {"source": "mitra", "amount_rp": 50_000_000}],
        attend=0.8,
        walk_ins=180,
    )
    districts = list(
        Region.objects.filter(parent=kukar, level=RegionLevel.DISTRICT, children__cooperatives__isnull=False)
        .distinct()
        .order_by("code")
    )
    for i, district in enumerate(districts):
        start = D(2025, 9, 8) + datetime.timedelta(days=7 * i)
        _run(
            context,
            title=f"Pelatihan Tata Kelola Koperasi Dasar Kecamatan {district.name}",
            region=district,
            agency="DiskopUKM Kutai Kartanegara",
            start=start,
            end=start + datetime.timedelta(days=1),
            course=courses["TK-1"],
            provider=providers["lpk"] if i % 2 == 0 else providers["perguruan_tinggi"],
            venue=f"Aula Kantor Kecamatan {district.name}",
            capacity=120,
            positions=[Position.KETUA, Position.SEKRETARIS],
            funding=[{"source": "apbd", "amount_rp": 25_000_000}, *_apbdes(districts, i, 5_000_000)],
            attend=0.82,
        )
        start = D(2026, 2, 2) + datetime.timedelta(days=7 * i)
        _run(
            context,
            title=f"Pelatihan Pembukuan Koperasi Dasar Kecamatan {district.name}",
            region=district,
            agency="DiskopUKM Kutai Kartanegara",
            start=start,
            end=start + datetime.timedelta(days=1),
            course=courses["KU-1"],
            provider=providers["lpk"] if i % 2 else providers["perguruan_tinggi"],
            venue=f"Aula Kantor Kecamatan {district.name}",
            capacity=120,
            positions=[Position.BENDAHARA, Position.KETUA],
            funding=[{"source": "apbn", "amount_rp": 30_000_000}],
            attend=0.78 if i % 3 else 0.6,
        )
    operating = set(Cooperative.objects.filter(village_id__in=FIRST_OPERATING).values_list("pk", flat=True))
    _run(
        context,
        title="Pelatihan Tata Kelola Koperasi Madya bagi Koperasi yang Telah Beroperasi",
        region=kukar,
        agency="DiskopUKM Kutai Kartanegara",
        start=D(2026, 8, 18),
        end=D(2026, 8, 20),
        course=courses["TK-2"],
        provider=providers["lpk"],
        venue="Hotel Grand Elty Singgasana Tenggarong",
        capacity=40,
        quota=4,
        positions=[Position.KETUA, Position.SEKRETARIS, Position.BENDAHARA, Position.PENGAWAS_KETUA],
        funding=[{"source": "apbd", "amount_rp": 60_000_000}],
        cooperative_ids=operating,
        attend=0.95,
    )
    # The provincial UPTD's accreditation ended on 31 December 2025: its February 2026 session is refused.
    try:
        services.event_create(
            actor=context.actor, organiser_region=kukar, kind=EventKind.PELATIHAN, agency="DiskopUKM Kutai Kartanegara",
            title="Pelatihan Pengelolaan Gerai Dasar (UPTD Provinsi)", start_date=D(2026, 2, 10),
            end_date=D(2026, 2, 11), capacity=60, course=courses["US-1"], provider=providers["dinas"],
        )  # fmt: skip
    except ValidationError as exc:
        context.messages.append(f"Pelatihan: sesi 10 Februari 2026 ditolak: {exc.message_dict['provider'][0]}")
    if PASER in regions:
        paser_coops = set(Cooperative.objects.filter(village_id__in=PASER_FIRST_MUSDESUS).values_list("pk", flat=True))
        _run(
            context,
            title="Pelatihan Tata Kelola Koperasi Dasar bagi Desa Musyawarah Pertama",
            region=regions[PASER],
            agency="Dinas Koperasi dan UKM Kabupaten Paser",
            start=D(2025, 10, 14),
            end=D(2025, 10, 15),
            course=courses["TK-1"],
            provider=providers["perguruan_tinggi"],
            venue="Aula Kantor Bupati Paser, Tana Paser",
            capacity=40,
            quota=3,
            positions=[Position.KETUA, Position.SEKRETARIS, Position.BENDAHARA],
            funding=[
                {"source": "apbd", "amount_rp": 20_000_000},
                *({"source": "apbdes", "amount_rp": 3_500_000, "village": v}
                  for v in Region.objects.filter(code__in=PASER_FIRST_MUSDESUS).order_by("code")),
            ],
            cooperative_ids=paser_coops,
            attend=0.9,
        )  # fmt: skip
    _run(
        context,
        title="Pelatihan Aplikasi Digital Koperasi Dasar Kecamatan Tenggarong",
        region=regions[TENGGARONG],
        agency="DiskopUKM Kutai Kartanegara bersama BRI",
        start=D(2026, 12, 8),
        course=courses["DG-1"],
        provider=providers["bumn"],
        venue="BRI Unit Tenggarong",
        capacity=80,
        positions=[Position.BENDAHARA, Position.SEKRETARIS],
        funding=[{"source": "mitra", "amount_rp": 15_000_000}],
    )
    counts = context.counts
    context.messages.append(
        f"Pelatihan: {counts['training_events_created']} kegiatan, {counts['training_invitations_created']} "
        f"undangan, {counts['training_walk_ins_created']} datang langsung."
    )
