"""Demo data of the Satgas for Kutai Kartanegara and Paser, continuing the demo's story up to today (29 November
2026): the step of `kopdes load_demo` after mapping's (it reads the mapped potentials) and formation's (the demo
logins and the first six Paser musyawarah).

Kukar: the regent's decree forming the Satgas and its members; the rakor of 10 June 2025, chaired by the regent,
with the Sekda, the heads of DPMD and DiskopUKM, other OPD and the 20 camat in the room and the 237 kepala desa and
lurah online, and its decisions as items: the camat map the potential of their kecamatan (fanned out to the 20
camat; done where the kecamatan has potentials recorded), the kepala desa and lurah budget board training, the
Sekda finds certified training institutions, DiskopUKM legalises the formed cooperatives before the centre asks,
DPMD and DiskopUKM redesign coaching and link cooperatives with BUMDes; the evaluation rakor of 18 September 2025
with its follow-ups (one about the Rapak Lambur cooperative and its BUMDes), and the November 2026 rakor, minutes not
yet signed. Paser: circular 500.3/447/KOP/IV/2025 with its instructions fanned out: the camat report progress
periodically; every kepala desa and lurah forms a facilitator team to hold the founding deliberation, done for the
six villages of the first musyawarah and 91 more since (97/144).

The numbers of the decree and the names in it are illustrative (offices, not people). Statuses are derived from
the village code (sha256), so two runs give the same data; everything goes through the services and is keyed (a
decree by its number, a meeting by its date and title, a decision by its number, an item's progress only when it
has none), so a second run writes nothing."""

from __future__ import annotations

import datetime
import hashlib

from django.apps import apps
from django.utils import timezone

from kopdes.accounts.models import User
from kopdes.cooperatives.models import Cooperative
from kopdes.core.devtools import DemoContext
from kopdes.formation.demo import PASER_FIRST_MUSDESUS
from kopdes.regions.choices import RegionLevel
from kopdes.regions.models import Region
from kopdes.taskforce import services
from kopdes.taskforce.models import ActionItem, Agency, Attendance, Decision, Decree, Letterhead, Meeting

D = datetime.date
KUKAR, PASER = "64.02", "64.01"

LETTERHEADS = {
    KUKAR: ("Pemerintah Kabupaten Kutai Kartanegara", "Sekretariat Daerah",
            "Jl. Wolter Monginsidi No. 1, Tenggarong 75511", "kukarkab.go.id"),
    PASER: ("Pemerintah Kabupaten Paser", "Sekretariat Daerah",
            "Jl. Jenderal Sudirman No. 27, Tanah Grogot 76211", "paserkab.go.id"),
}  # fmt: skip

# (regency, short name, name, head title, login role that speaks for it)
AGENCIES = [
    (KUKAR, "SETDA", "Sekretariat Daerah", "Sekretaris Daerah", ""),
    (KUKAR, "DPMD", "Dinas Pemberdayaan Masyarakat dan Desa", "Kepala DPMD", "dpmd"),
    (KUKAR, "DISKOPUKM", "Dinas Koperasi dan Usaha Kecil Menengah", "Kepala DiskopUKM", "admin"),
    (KUKAR, "BAPPEDA", "Badan Perencanaan Pembangunan Daerah", "Kepala Bappeda", ""),
    (KUKAR, "DPKPP", "Dinas Pertanian dan Peternakan", "Kepala Dinas Pertanian", ""),
    (KUKAR, "BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah", "Kepala BPKAD", ""),
    (PASER, "SETDA", "Sekretariat Daerah", "Sekretaris Daerah", ""),
    (PASER, "DPMD", "Dinas Pemberdayaan Masyarakat dan Desa", "Kepala DPMD", "dpmd"),
    (PASER, "DISKOPUKM", "Dinas Koperasi, Usaha Kecil dan Menengah", "Kepala DiskopUKM", "admin"),
]

KUKAR_DECREE = {
    "kind": "keputusan",
    "number": "100.3.3.2/K.318/2025",
    "date": D(2025, 5, 2),
    "title": "Pembentukan Satuan Tugas Percepatan Pembentukan Koperasi Desa/Kelurahan Merah Putih",
    "signer_name": "Bupati Kutai Kartanegara",
    "signer_position": "Bupati",
    "summary": "Satgas mengawasi kinerja dan peran setiap perangkat daerah; rapat koordinasi diadakan berkala.",
}
# (name, position, agency short name, seat)
KUKAR_MEMBERS = [
    ("Bupati Kutai Kartanegara", "Bupati", "", "pengarah"),
    ("Wakil Bupati Kutai Kartanegara", "Wakil Bupati", "", "pengarah"),
    ("Sekretaris Daerah", "Sekretaris Daerah", "SETDA", "ketua"),
    ("Kepala DiskopUKM", "Kepala Dinas Koperasi dan UKM", "DISKOPUKM", "sekretaris"),
    ("Kepala DPMD", "Kepala Dinas Pemberdayaan Masyarakat dan Desa", "DPMD", "anggota"),
    ("Kepala Bappeda", "Kepala Badan Perencanaan Pembangunan Daerah", "BAPPEDA", "anggota"),
    ("Kepala BPKAD", "Kepala Badan Pengelolaan Keuangan dan Aset Daerah", "BPKAD", "anggota"),
    ("Kepala Dinas Pertanian", "Kepala Dinas Pertanian dan Peternakan", "DPKPP", "anggota"),
    ("Para camat", "Camat se-Kabupaten Kutai Kartanegara", "", "anggota"),
]

RAKOR = {
    "kind": "rakor",
    "title": "Rapat Koordinasi Satgas Koperasi Desa/Kelurahan Merah Putih",
    "date": D(2025, 6, 10),
    "place": "Ruang Serbaguna Kantor Bupati Kutai Kartanegara, Tenggarong",
    "chair_name": "Bupati Kutai Kartanegara",
    "chair_position": "Bupati, Pengarah Satgas",
    "online_participants": 237,
    "agenda": "1. Laporan progres pembentukan KDKMP (237 musyawarah khusus, 61 SK AHU).\n"
    "2. Peran setiap perangkat daerah dan camat.\n3. Pelatihan pengurus dan pendampingan.",
    "minutes": "Rapat dibuka Bupati. Sekretaris Daerah melaporkan progres: seluruh 237 desa/kelurahan telah "
    "melaksanakan musyawarah khusus; 61 koperasi telah memperoleh SK badan hukum. Kepala DPMD dan Kepala "
    "DiskopUKM menyampaikan kendala legalitas dan kebutuhan pendampingan. Kepala desa dan lurah mengikuti "
    "secara daring. Rapat menetapkan keputusan sebagaimana tercantum.",
}
SIGNED_RAKOR = D(2025, 6, 13)

EVALUATION = {
    "kind": "evaluasi",
    "title": "Rapat Evaluasi Satgas KDKMP Triwulan III",
    "date": D(2025, 9, 18),
    "place": "Ruang Rapat Sekretariat Daerah, Tenggarong",
    "chair_name": "Sekretaris Daerah",
    "chair_position": "Ketua Satgas",
    "online_participants": 20,
    "agenda": "Tindak lanjut keputusan rakor 10 Juni 2025.",
    "minutes": "Pemetaan potensi telah diserahkan sebagian kecamatan; legalisasi koperasi berjalan; pola "
    "pendampingan baru belum selesai. Ditetapkan tindak lanjut sebagaimana tercantum.",
}
NOVEMBER = {
    "kind": "rakor",
    "title": "Rakor Satgas KDKMP: persiapan RAT dan kerja sama usaha 2027",
    "date": D(2026, 11, 10),
    "place": "Pendopo Odah Etam, Tenggarong",
    "chair_name": "Bupati Kutai Kartanegara",
    "chair_position": "Bupati, Pengarah Satgas",
    "online_participants": 180,
    "agenda": "Persiapan rapat anggota tahunan dan kerja sama usaha koperasi untuk 2027.",
    "minutes": "",
}

PASER_CIRCULAR = {
    "kind": "surat_edaran",
    "number": "500.3/447/KOP/IV/2025",
    "date": D(2025, 4, 21),
    "title": "Percepatan Pembentukan Koperasi Desa/Kelurahan Merah Putih di Kabupaten Paser",
    "signer_name": "Bupati Paser",
    "signer_position": "Bupati",
    "summary": "Perangkat daerah, camat, kepala desa dan lurah mengambil langkah strategis; camat mengoordinasikan, "
    "memantau dan melaporkan perkembangan secara berkala; kepala desa dan lurah membentuk tim fasilitator untuk "
    "menyelenggarakan musyawarah pembentukan koperasi.",
}
PASER_TEAMS_DONE = 97  # facilitator teams formed by today, the first six musyawarah villages among them


def _hash(code: str, salt: str) -> int:
    return int(hashlib.sha256(f"{salt}:{code}".encode()).hexdigest()[:12], 16)


def _user(username: str, fallback):
    return User.objects.filter(username=username).first() or fallback


def _progress(context, item: ActionItem, steps: list[tuple[datetime.date, str, str]], actor) -> None:
    """Updates for an item that has none yet (a second run writes nothing)."""
    if item.updates.exists():
        return
    today = timezone.localdate()
    for day, status, text in steps:
        if day > today:
            break
        item.refresh_from_db(fields=["version", "status"])
        services.action_update_add(actor=actor, item=item, version=item.version, status=status, text=text, date=day)
        context.counts["action_updates_created"] += 1


def _meeting(context, region: Region, spec: dict, *, decree, actor) -> Meeting:
    meeting = Meeting.objects.filter(region=region, date=spec["date"], title=spec["title"]).first()
    if meeting is None:
        meeting = services.meeting_create(actor=actor, region=region, decree=decree, **spec)
        context.counts["meetings_created"] += 1
    return meeting


def _decision(context, source, number: int, **fields) -> Decision:
    owner = {"meeting": source} if isinstance(source, Meeting) else {"decree": source}
    decision = Decision.objects.filter(number=number, **owner).first()
    if decision is None:
        decision = services.decision_create(**owner, **fields)
        context.counts["decisions_created"] += 1
        context.counts["action_items_created"] += decision.items.count()
    return decision


def _setup(context: DemoContext, actor) -> tuple[dict, dict]:
    regions = Region.objects.in_bulk([KUKAR, PASER])
    for code, (government, office, address, contact) in LETTERHEADS.items():
        if code in regions and not Letterhead.objects.filter(region_id=code).exists():
            services.letterhead_set(actor=actor, region=regions[code], government=government, office=office,
                                    address=address, contact=contact)  # fmt: skip
            context.counts["letterheads_created"] += 1
    agencies = {(a.region_id, a.short_name): a for a in Agency.objects.filter(region_id__in=[KUKAR, PASER])}
    for order, (code, short, name, head, role) in enumerate(AGENCIES, start=1):
        if (code, short) not in agencies and code in regions:
            agencies[code, short] = services.agency_create(actor=actor, region=regions[code], name=name,
                                                           short_name=short, head_title=head, role=role,
                                                           order=order)  # fmt: skip
            context.counts["agencies_created"] += 1
    return regions, agencies


def _kukar(context: DemoContext, kukar: Region, agencies: dict, actor) -> None:
    officer = _user("dinkop.kukar", actor)
    decree = Decree.objects.filter(region=kukar, number=KUKAR_DECREE["number"]).first()
    if decree is None:
        decree = services.decree_create(actor=officer, region=kukar, **KUKAR_DECREE)
        context.counts["decrees_created"] += 1
        for name, position, short, seat in KUKAR_MEMBERS:
            services.member_add(actor=officer, decree=decree, name=name, position=position, role=seat,
                                agency=agencies.get((KUKAR, short)))  # fmt: skip
            context.counts["decree_members_created"] += 1

    rakor = _meeting(context, kukar, RAKOR, decree=decree, actor=officer)
    districts = list(Region.objects.filter(parent=kukar, level=RegionLevel.DISTRICT).order_by("code"))
    if not Attendance.objects.filter(meeting=rakor).exists():
        for short in ("SETDA", "DPMD", "DISKOPUKM", "BAPPEDA", "DPKPP", "BPKAD"):
            status = "diwakili" if short == "BPKAD" else "hadir"
            services.attendance_set(actor=officer, meeting=rakor, agency=agencies[KUKAR, short], status=status,
                                    representative="Sekretaris BPKAD" if status == "diwakili" else "")  # fmt: skip
        for district in districts:
            roll = _hash(district.code, "rakor-attendance") % 10
            status = "tidak_hadir" if roll == 0 else "diwakili" if roll < 3 else "hadir"
            deputy = f"Sekcam {district.name}" if status == "diwakili" else ""
            services.attendance_set(
                actor=officer, meeting=rakor, district=district, status=status, representative=deputy
            )
        context.counts["attendance_created"] += 6 + len(districts)

    common = {"actor": officer}
    mapping = _decision(context, rakor, 1, **common, text="Camat memetakan potensi ekonomi wilayahnya sebagai dasar "
                        "usaha koperasi, dan menyerahkan hasilnya kepada DPMD.", assignee_kind="camat",
                        assignee_region=kukar, due_date=D(2025, 7, 31))  # fmt: skip
    training = _decision(context, rakor, 2, **common, text="Kepala desa dan lurah menganggarkan pelatihan pengurus "
                         "koperasi dalam APBDes/DPA kelurahan 2026.", assignee_kind="kepala_desa",
                         assignee_region=kukar, due_date=D(2025, 12, 31))  # fmt: skip
    sekda = _decision(context, rakor, 3, **common, text="Sekretaris Daerah mencari lembaga pelatihan yang "
                      "tersertifikasi untuk pelatihan pengurus dan pengawas.", assignee_kind="agency",
                      assignee_agency=agencies[KUKAR, "SETDA"], due_date=D(2025, 8, 31))  # fmt: skip
    legal = _decision(context, rakor, 4, **common, text="Legalisasi koperasi yang sudah dibentuk diselesaikan "
                      "sebelum diminta pusat.", assignee_kind="agency", assignee_agency=agencies[KUKAR, "DISKOPUKM"],
                      due_date=D(2025, 9, 30))  # fmt: skip
    coaching = _decision(context, rakor, 5, **common, text="DPMD dan DiskopUKM menyusun ulang pola pendampingan "
                         "sesuai kebutuhan nyata dan menautkan koperasi dengan BUMDes dan program desa.",
                         assignee_kind="agency", assignee_agency=agencies[KUKAR, "DPMD"],
                         due_date=D(2025, 10, 31))  # fmt: skip
    if not rakor.is_signed:
        services.meeting_sign(actor=officer, meeting=rakor, version=rakor.version)
        Meeting.objects.filter(pk=rakor.pk).update(
            signed_at=datetime.datetime.combine(SIGNED_RAKOR, datetime.time(10), tzinfo=datetime.UTC)
        )

    # 1. The camat's mapping: done where the kecamatan has potentials recorded (the mapping demo), in progress in a
    # few, open (and overdue) elsewhere.
    mapped = set()
    if apps.is_installed("kopdes.mapping"):
        mapped = set(
            Region.objects.filter(parent=kukar, level=RegionLevel.DISTRICT, children__potentials__isnull=False)
            .values_list("code", flat=True)
            .distinct()
        )
    for item in mapping.items.select_related("unit", "decision"):
        camat = _user("camat.tenggarong", officer) if item.unit_id == "64.02.06" else officer
        if item.unit_id in mapped:
            steps = [
                (D(2025, 6, 20), "in_progress", f"Pendataan potensi desa di Kecamatan {item.unit.name} dimulai."),
                (D(2025, 7, 18 + _hash(item.unit_id, "map") % 10), "done",
                 "Hasil pemetaan potensi diserahkan ke DPMD dan dicatat di aplikasi."),
            ]  # fmt: skip
        elif _hash(item.unit_id, "map") % 3 == 0:
            steps = [(D(2025, 7, 25), "in_progress", "Formulir pemetaan dibagikan ke desa; sebagian belum kembali.")]
        else:
            steps = []
        _progress(context, item, steps, camat)

    # 2. Board training budgeted: most desa did it in the APBDes 2026; kelurahan wait for the regency's DPA.
    for item in training.items.select_related("unit", "decision"):
        roll = _hash(item.unit_id, "apbdes") % 100
        if roll < 62:
            day = D(2025, 10, 1) + datetime.timedelta(days=roll)
            steps = [(day, "done", "Pelatihan pengurus koperasi dianggarkan dalam APBDes 2026.")]
        elif roll < 80:
            steps = [(D(2025, 11, 15), "in_progress", "Usulan anggaran pelatihan dibahas bersama BPD.")]
        else:
            steps = []
        _progress(context, item, steps, officer)

    sekda_user = officer
    _progress(context, sekda.items.get(), [
        (D(2025, 7, 14), "in_progress", "Surat permintaan data lembaga pelatihan bersertifikat ke Dinas Koperasi "
         "Provinsi dan LSP Koperasi."),
        (D(2025, 9, 15), "done", "Tiga lembaga pelatihan tersertifikasi BNSP ditetapkan; daftar dikirim ke camat."),
    ], sekda_user)  # fmt: skip
    _progress(context, legal.items.get(), [
        (D(2025, 7, 1), "in_progress", "Pendampingan notaris untuk akta; 61 SK AHU terbit, sisanya dalam proses."),
    ], officer)  # fmt: skip
    _progress(context, coaching.items.get(), [
        (D(2025, 8, 20), "in_progress", "Survei kebutuhan pendampingan di 40 koperasi; rancangan pola baru disusun."),
    ], _user("dpmd.kukar", officer))  # fmt: skip

    # The evaluation rakor of September 2025 and its follow-ups; the November 2026 rakor, not yet signed.
    evaluation = _meeting(context, kukar, EVALUATION, decree=decree, actor=officer)
    rapak_lambur = Cooperative.objects.filter(village_id="64.02.06.2012").first()
    overlap = _decision(context, evaluation, 1, **common, text="DiskopUKM dan DPMD memfasilitasi kesepakatan usaha "
                        "antara koperasi dan BUMDes Rapak Lambur (gerai sembako).", assignee_kind="agency",
                        assignee_agency=agencies[KUKAR, "DISKOPUKM"], subject_cooperative=rapak_lambur,
                        due_date=D(2025, 10, 15))  # fmt: skip
    report = _decision(context, evaluation, 2, **common, text="DPMD melaporkan pola pendampingan baru beserta "
                       "jadwal pendamping per kecamatan.", assignee_kind="agency",
                       assignee_agency=agencies[KUKAR, "DPMD"], due_date=D(2026, 1, 31))  # fmt: skip
    if not evaluation.is_signed:
        services.meeting_sign(actor=officer, meeting=evaluation, version=evaluation.version)
    _progress(context, overlap.items.get(), [
        (D(2025, 10, 9), "done", "Kesepakatan ditandatangani: koperasi memasok beras dan minyak goreng ke Toko Desa "
         "BUMDes; koperasi tidak membuka toko eceran sendiri."),
    ], officer)  # fmt: skip
    _progress(context, report.items.get(), [
        (D(2026, 1, 20), "in_progress", "Rancangan pola pendampingan dibahas dengan DiskopUKM."),
    ], _user("dpmd.kukar", officer))  # fmt: skip
    november = _meeting(context, kukar, NOVEMBER, decree=decree, actor=officer)
    _decision(context, november, 1, **common, text="Camat memastikan setiap koperasi di wilayahnya menjadwalkan RAT "
              "tahun buku 2026.", assignee_kind="camat", assignee_region=kukar, due_date=D(2027, 3, 31))  # fmt: skip
    _decision(context, november, 2, **common, text="DiskopUKM menyusun daftar calon mitra usaha 2027 bersama "
              "Bappeda.", assignee_kind="agency", assignee_agency=agencies[KUKAR, "DISKOPUKM"],
              due_date=D(2026, 12, 31))  # fmt: skip


def _paser(context: DemoContext, paser: Region, agencies: dict, actor) -> None:
    officer = _user("dinkop.paser", actor)
    circular = Decree.objects.filter(region=paser, number=PASER_CIRCULAR["number"]).first()
    if circular is None:
        circular = services.decree_create(actor=officer, region=paser, **PASER_CIRCULAR)
        context.counts["decrees_created"] += 1
    common = {"actor": officer}
    steps = _decision(context, circular, 1, **common, text="Perangkat daerah mengambil langkah strategis "
                      "percepatan pembentukan koperasi sesuai tugasnya.", assignee_kind="agency",
                      assignee_agency=agencies[PASER, "DISKOPUKM"], due_date=D(2025, 6, 30))  # fmt: skip
    camat = _decision(context, circular, 2, **common, text="Camat mengoordinasikan, memantau dan melaporkan "
                      "perkembangan pembentukan koperasi secara berkala.", assignee_kind="camat",
                      assignee_region=paser, due_date=D(2025, 12, 31))  # fmt: skip
    teams = _decision(context, circular, 3, **common, text="Kepala desa dan lurah membentuk tim fasilitator untuk "
                      "menyelenggarakan musyawarah pembentukan koperasi.", assignee_kind="kepala_desa",
                      assignee_region=paser, due_date=D(2025, 6, 30))  # fmt: skip
    _progress(context, steps.items.get(), [
        (D(2025, 5, 5), "in_progress", "DiskopUKM dan DPMD membentuk posko pendampingan."),
        (D(2025, 6, 27), "done", "Sosialisasi di 10 kecamatan selesai; pendamping ditugaskan."),
    ], officer)  # fmt: skip
    for item in camat.items.select_related("unit", "decision"):
        roll = _hash(item.unit_id, "camat-report") % 10
        if roll < 6:
            progress = [
                (D(2025, 7, 31), "in_progress", "Laporan bulanan Juli disampaikan."),
                (D(2025, 12, 20), "done", "Laporan perkembangan semester II disampaikan ke Bupati."),
            ]
        elif roll < 9:
            progress = [(D(2025, 8, 5), "in_progress", "Laporan bulanan disampaikan, belum lengkap.")]
        else:
            progress = []
        _progress(context, item, progress, officer)
    # The six villages of the first musyawarah first; then the others in code order of their hash, to 97.
    items = list(teams.items.select_related("unit", "decision"))
    ranked = sorted(items, key=lambda i: (i.unit_id not in PASER_FIRST_MUSDESUS, _hash(i.unit_id, "fasilitator")))
    kades = _user("kades.janju", officer)
    for rank, item in enumerate(ranked):
        if item.unit_id in PASER_FIRST_MUSDESUS:
            progress = [(D(2025, 4, 28), "done", "Tim fasilitator dibentuk dengan SK Kepala Desa; musyawarah desa "
                         "pembentukan koperasi diselenggarakan.")]  # fmt: skip
        elif rank < PASER_TEAMS_DONE:
            day = D(2025, 5, 10) + datetime.timedelta(days=_hash(item.unit_id, "day") % 150)
            progress = [(day, "done", "Tim fasilitator dibentuk dengan SK Kepala Desa/Lurah.")]
        elif rank < PASER_TEAMS_DONE + 20:
            progress = [(D(2025, 6, 20), "in_progress", "Calon anggota tim fasilitator dibahas di musyawarah desa.")]
        else:
            progress = []
        _progress(context, item, progress, kades if item.unit_id == "64.01.04.2002" else officer)


def load(context: DemoContext) -> None:
    actor = context.actor
    regions, agencies = _setup(context, actor)
    if KUKAR in regions:
        _kukar(context, regions[KUKAR], agencies, actor)
    if PASER in regions:
        _paser(context, regions[PASER], agencies, actor)
    total = ActionItem.objects.filter(decision__region_id__in=[KUKAR, PASER])
    today = timezone.localdate()
    overdue = total.filter(status__in=["open", "in_progress"], due_date__lt=today).count()
    context.messages.append(
        f"Satgas: {Decree.objects.count()} SK/surat edaran, {Meeting.objects.count()} rapat, "
        f"{total.count()} tindakan ({total.filter(status='done').count()} selesai, {overdue} lewat tenggat)."
    )
