"""The consultation service in `kopdes load_demo`: Paser's cooperative office promised technical and
administrative assistance to villages and kelurahan "and to open a consultation service"; its circular asked every
kepala desa and lurah to form a facilitator team for the founding deliberation. Continued up to today (29 November
2026):

- who to contact: the facilitator teams of the six villages of Paser's first musyawarah, the pendamping and the
  camat of their kecamatan, and of kec. Tenggarong in Kukar (offices, not people: the names are the positions);
- topic settings: Kukar hands questions about business (`usaha`) to the camat, Paser gives financing questions
  five working days;
- questions from the six Paser villages in 2025 (the musyawarah, the facilitator team, the notary and the deed,
  the SK AHU, the simpanan) and from Kukar's boards after the 21 August 2025 sosialisasi in Tenggarong (NIB through
  OSS, financing for the gerai, bookkeeping, the gerai next to the BUMDes' shop): most answered, some late, a few
  waiting past their deadline today, one waiting for the asker;
- a handful of answers published as anonymised articles.

Everything goes through the services with the day it happened as the clock. A consultation is keyed by its asker
and title, and only a new one gets its thread, so a second run writes nothing. The kepala desa of the five other
villages and the pengurus of two more Kukar cooperatives get accounts without a password (the story's askers)."""

from __future__ import annotations

import datetime
import hashlib

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kopdes.accounts.choices import Role
from kopdes.accounts.models import User
from kopdes.cooperatives.models import Cooperative
from kopdes.core.devtools import DemoContext
from kopdes.helpdesk import services
from kopdes.helpdesk.models import Article, Consultation, Contact, TopicSetting
from kopdes.regions.models import Region

KUKAR, PASER = "64.02", "64.01"
JANJU = "64.01.04.2002"
PASER_VILLAGES = {  # the first musyawarah (formation's demo)
    "64.01.04.2002": "janju",
    "64.01.01.2013": "sungaiterik",
    "64.01.01.2014": "kasungai",
    "64.01.03.2012": "seniungjaya",
    "64.01.06.2008": "olung",
    "64.01.05.2008": "kertabumi",
}
RAPAK_LAMBUR, MELAYU, KUKAR_THIRD = "64.02.06.2012", "64.02.06.1005", "64.02.16.2007"
TENGGARONG = "64.02.06"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

SETTINGS = [(KUKAR, "usaha", "camat", 3), (PASER, "pembiayaan", "dinas", 5)]


def at(day: str, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(day).replace(hour=hour))


def _phone(code: str, salt: str) -> str:
    n = int(hashlib.sha256(f"{salt}:{code}".encode()).hexdigest()[:10], 16)
    return f"0812{n % 10**8:08d}"


# (asker username, village, topic, title, question, asked, [(when, author, kind, text)], closed on, article)
# author "asker" is the asker; "office" the regency office; "camat" the camat of Tenggarong.
STORY = [
    (
        "kades.janju",
        JANJU,
        "pembentukan",
        "Siapa saja yang diundang ke musyawarah desa khusus?",
        "Kami akan mengadakan musyawarah desa khusus pembentukan koperasi. Siapa saja yang wajib diundang dan berapa "
        "jumlah minimal yang hadir?",
        "2025-04-28",
        [
            (
                "2025-04-30",
                "office",
                "jawaban",
                "Undang BPD, perangkat desa, tokoh masyarakat, perwakilan perempuan, "
                "kelompok tani/nelayan dan calon anggota. Musyawarah sah bila dihadiri "
                "sekurang-kurangnya 20 orang calon "
                "anggota; berita acara ditandatangani pimpinan musyawarah.",
            )
        ],
        "2025-05-02",
        (
            "Siapa saja yang diundang ke musyawarah desa khusus pembentukan koperasi?",
            "Siapa saja yang wajib diundang ke musyawarah desa khusus pembentukan koperasi dan berapa jumlah minimal "
            "yang hadir?",
            "Undang BPD, perangkat desa, tokoh masyarakat, perwakilan perempuan, kelompok "
            "tani/nelayan dan calon anggota. "
            "Musyawarah sah bila dihadiri sekurang-kurangnya 20 orang calon anggota; berita acara "
            "ditandatangani pimpinan "
            "musyawarah.",
        ),
    ),
    (
        "kades.janju",
        JANJU,
        "legalitas",
        "Berkas apa yang dibawa ke notaris untuk akta pendirian?",
        "Berita acara musyawarah sudah ada (terlampir). Berkas apa lagi yang perlu dibawa ke notaris untuk akta "
        "pendirian koperasi?",
        "2025-05-12",
        [
            (
                "2025-05-20",
                "office",
                "jawaban",
                "Bawa berita acara dan daftar hadir musyawarah, KTP pendiri, susunan "
                "pengurus dan pengawas, serta rancangan AD/ART. Notaris pembuat akta koperasi (NPAK) "
                "mengunggah akta ke AHU.",
            ),
            ("2025-05-21", "asker", "tanggapan", "Apakah KTP pendiri perlu dilegalisir?"),
            (
                "2025-05-22",
                "office",
                "jawaban",
                "Tidak perlu, cukup fotokopi yang jelas; notaris mencocokkan dengan aslinya.",
            ),
        ],
        "2025-05-26",
        (
            "Berkas untuk akta pendirian koperasi di notaris",
            "Berkas apa yang perlu dibawa ke notaris untuk akta pendirian koperasi setelah musyawarah desa khusus?",
            "Berita acara dan daftar hadir musyawarah, fotokopi KTP pendiri (tidak perlu "
            "dilegalisir), susunan pengurus "
            "dan pengawas, serta rancangan AD/ART. Notaris pembuat akta koperasi (NPAK) mengunggah akta ke AHU.",
        ),
    ),
    (
        "kades.janju",
        JANJU,
        "legalitas",
        "Akta sudah ditandatangani, kapan SK AHU terbit?",
        "Akta pendirian sudah ditandatangani notaris. Berapa lama sampai SK AHU terbit?",
        "2025-06-23",
        [
            (
                "2025-06-25",
                "office",
                "jawaban",
                "Setelah notaris mengunggah akta, SK pengesahan biasanya terbit dalam "
                "beberapa hari kerja. Kami pantau bersama notaris.",
            )
        ],
        "2025-06-30",
        None,
    ),
    (
        "kades.sungaiterik",
        "64.01.01.2013",
        "pembentukan",
        "Tim fasilitator: berapa orang dan siapa yang menetapkan?",
        "Surat edaran bupati meminta kami membentuk tim fasilitator. Berapa orang anggotanya dan siapa yang "
        "menetapkan?",
        "2025-04-24",
        [
            (
                "2025-04-28",
                "office",
                "jawaban",
                "Tiga sampai lima orang, ditetapkan dengan keputusan kepala desa: "
                "sekretaris desa sebagai ketua, unsur BPD dan pendamping desa sebagai anggota.",
            )
        ],
        "2025-04-29",
        (
            "Susunan tim fasilitator pembentukan koperasi desa",
            "Berapa orang anggota tim fasilitator pembentukan koperasi desa dan siapa yang menetapkannya?",
            "Tiga sampai lima orang, ditetapkan dengan keputusan kepala desa: sekretaris desa sebagai ketua, unsur BPD "
            "dan pendamping desa sebagai anggota.",
        ),
    ),
    (
        "kades.kasungai",
        "64.01.01.2014",
        "pembentukan",
        "Musyawarah khusus digabung dengan musyawarah desa biasa?",
        "Apakah musyawarah desa khusus pembentukan koperasi boleh digabung dengan musyawarah desa yang sudah "
        "dijadwalkan?",
        "2025-05-06",
        [
            (
                "2025-05-13",
                "office",
                "jawaban",
                "Boleh pada hari yang sama, tetapi dengan agenda, daftar hadir dan berita "
                "acara tersendiri untuk pembentukan koperasi.",
            )
        ],
        "2025-05-15",
        None,
    ),
    (
        "kades.seniungjaya",
        "64.01.03.2012",
        "legalitas",
        "Biaya notaris untuk akta pendirian ditanggung siapa?",
        "Berapa biaya notaris untuk akta pendirian koperasi dan siapa yang menanggung?",
        "2025-05-19",
        [
            (
                "2025-05-21",
                "office",
                "jawaban",
                "Biaya akta pendirian koperasi desa/kelurahan ditanggung pemerintah melalui "
                "program; notaris yang ditunjuk tidak memungut biaya dari desa.",
            )
        ],
        "2025-05-23",
        (
            "Biaya notaris akta pendirian koperasi desa",
            "Berapa biaya notaris untuk akta pendirian koperasi desa dan siapa yang menanggungnya?",
            "Biaya akta pendirian koperasi desa/kelurahan ditanggung pemerintah melalui program; notaris yang ditunjuk "
            "tidak memungut biaya dari desa.",
        ),
    ),
    (
        "kades.olung",
        "64.01.06.2008",
        "keuangan",
        "Besar simpanan pokok dan simpanan wajib anggota",
        "Berapa besar simpanan pokok dan simpanan wajib yang wajar untuk anggota koperasi desa?",
        "2025-06-03",
        [
            (
                "2025-06-05",
                "office",
                "jawaban",
                "Ditetapkan dalam AD/ART oleh rapat anggota; sesuaikan dengan kemampuan "
                "warga. Simpanan pokok dibayar sekali, simpanan wajib berkala.",
            )
        ],
        "2025-06-10",
        None,
    ),
    (
        "kades.olung",
        "64.01.06.2008",
        "lainnya",
        "Persiapan RAT pertama koperasi",
        "Koperasi kami akan mengadakan RAT pertama. Apa saja yang perlu disiapkan?",
        "2026-11-10",
        [
            (
                "2026-11-12",
                "office",
                "permintaan",
                "Mohon kirim laporan keuangan sementara dan daftar anggota agar kami dapat memberi masukan yang tepat.",
            )
        ],
        None,
        None,
    ),
    (
        "kades.kertabumi",
        "64.01.05.2008",
        "pembiayaan",
        "Syarat pinjaman bank untuk gerai koperasi",
        "Koperasi kami ingin mengajukan pinjaman ke bank untuk modal gerai. Apa syaratnya?",
        "2026-11-16",
        [],
        None,
        None,
    ),
    (
        "kades.janju",
        JANJU,
        "usaha",
        "Gerai apotek desa: izin apa yang diperlukan?",
        "Koperasi ingin membuka gerai apotek desa. Izin apa saja yang diperlukan?",
        "2026-11-27",
        [],
        None,
        None,
    ),
    # Kukar, after the sosialisasi of 21 August 2025 in Tenggarong
    (
        "pengurus.rapaklambur",
        RAPAK_LAMBUR,
        "legalitas",
        "Cara mendaftar NIB koperasi lewat OSS",
        "Setelah sosialisasi kemarin, bagaimana langkah mendaftar NIB koperasi lewat OSS?",
        "2025-08-25",
        [
            (
                "2025-08-27",
                "office",
                "jawaban",
                "Masuk ke OSS dengan akun badan usaha koperasi, isi data SK AHU dan NPWP "
                "koperasi, pilih KBLI usaha gerai, lalu terbitkan NIB. Petugas kami siap mendampingi di kantor dinas.",
            )
        ],
        "2025-08-29",
        (
            "Mendaftar NIB koperasi lewat OSS",
            "Bagaimana langkah mendaftar NIB koperasi lewat OSS?",
            "Masuk ke OSS dengan akun badan usaha koperasi, isi data SK AHU dan NPWP koperasi, pilih KBLI usaha gerai, "
            "lalu terbitkan NIB. Petugas dinas siap mendampingi.",
        ),
    ),
    (
        "pengurus.rapaklambur",
        RAPAK_LAMBUR,
        "pembiayaan",
        "Pinjaman modal gerai dari bank: agunan apa?",
        "Kami ingin meminjam modal untuk gerai sembako. Agunan apa yang diminta bank?",
        "2025-09-08",
        [
            (
                "2025-09-16",
                "office",
                "jawaban",
                "Untuk plafon kecil bank Himbara dapat menerima kelayakan usaha dan "
                "jaminan dari program; siapkan rencana usaha dan laporan keuangan.",
            ),
            ("2025-09-17", "asker", "tanggapan", "Apakah rencana usaha ada formatnya?"),
            ("2025-09-19", "office", "jawaban", "Ada, kami kirim format rencana usaha lewat pendamping kecamatan."),
        ],
        "2025-09-22",
        None,
    ),
    (
        "pengurus.rapaklambur",
        RAPAK_LAMBUR,
        "usaha",
        "Gerai sembako dan toko BUMDes menjual barang yang sama",
        "Toko BUMDes di desa kami juga menjual sembako. Bagaimana agar tidak bersaing?",
        "2025-10-06",
        [
            (
                "2025-10-08",
                "camat",
                "jawaban",
                "Kami fasilitasi pertemuan dengan BUMDes: bagi jenis barang, atau jadikan "
                "toko BUMDes pemasok gerai koperasi.",
            )
        ],
        "2025-10-10",
        None,
    ),
    (
        "pengurus.rapaklambur",
        RAPAK_LAMBUR,
        "pembiayaan",
        "Jadwal pencairan dana kemitraan 2027",
        "Kapan dana kemitraan untuk 2027 dicairkan dan apa syaratnya?",
        "2026-11-18",
        [],
        None,
        None,
    ),
    (
        "pengurus.melayu",
        MELAYU,
        "keuangan",
        "Aplikasi pembukuan dasar untuk koperasi",
        "Aplikasi apa yang dipakai untuk pembukuan dasar setelah pelatihan?",
        "2025-08-28",
        [
            (
                "2025-09-01",
                "office",
                "jawaban",
                "Gunakan aplikasi yang diperkenalkan pada pelatihan pembukuan dasar; "
                "format buku kas dan buku anggota kami kirim lewat pendamping.",
            )
        ],
        "2025-09-03",
        None,
    ),
    (
        "pengurus.koperasi3",
        KUKAR_THIRD,
        "legalitas",
        "Pendaftaran NPWP koperasi ditolak",
        "Pendaftaran NPWP koperasi kami ditolak karena data pengurus. Apa yang harus diperbaiki?",
        "2026-11-20",
        [],
        None,
        None,
    ),
]


def _askers(context: DemoContext) -> dict[str, User]:
    """The story's askers: the demo logins (kades.janju, pengurus.rapaklambur) and passwordless accounts for the
    others."""
    wanted = {f"kades.{slug}": ("kepala_desa", code) for code, slug in PASER_VILLAGES.items() if slug != "janju"}
    cooperatives = dict(
        Cooperative.objects.filter(village_id__in=[MELAYU, KUKAR_THIRD]).values_list("village_id", "pk")
    )
    users = {u.username: u for u in User.objects.filter(username__startswith="kades.") | User.objects.filter(
        username__startswith="pengurus.")}  # fmt: skip
    regions = dict(Region.objects.filter(code__in=list(PASER_VILLAGES)).values_list("code", "name"))
    for username, (_role, code) in wanted.items():
        if username not in users:
            users[username] = User.objects.create(
                username=username, role=Role.KEPALA_DESA, region_id=code, first_name=f"Kepala Desa {regions[code]}",
                password=make_password(None),
            )  # fmt: skip
            context.counts["helpdesk_users_created"] += 1
    for username, code in (("pengurus.melayu", MELAYU), ("pengurus.koperasi3", KUKAR_THIRD)):
        if username not in users and code in cooperatives:
            users[username] = User.objects.create(
                username=username, role=Role.PENGURUS, cooperative_id=cooperatives[code],
                first_name=f"Ketua Koperasi {code}", password=make_password(None),
            )  # fmt: skip
            context.counts["helpdesk_users_created"] += 1
    return users


def _contacts(context: DemoContext, actor) -> None:
    regions = Region.objects.in_bulk([*PASER_VILLAGES, *{c[:8] for c in PASER_VILLAGES}, TENGGARONG, RAPAK_LAMBUR])
    existing = set(Contact.objects.values_list("region_id", "kind", "name"))
    rows = []
    for code in [*PASER_VILLAGES, RAPAK_LAMBUR]:
        village = regions[code]
        rows += [
            (code, "tim_fasilitator", f"Sekretaris Desa {village.name}", "Ketua tim fasilitator"),
            (code, "tim_fasilitator", f"Wakil BPD {village.name}", "Anggota"),
            (code, "tim_fasilitator", f"Pendamping Desa {village.name}", "Anggota"),
        ]
    for code in sorted({c[:8] for c in PASER_VILLAGES} | {TENGGARONG}):
        rows += [
            (code, "pendamping", f"Pendamping Kecamatan {regions[code].name}", "Pendamping koperasi"),
            (code, "camat", f"Camat {regions[code].name}", "Camat"),
        ]
    for code, kind, name, role_title in rows:
        if (code, kind, name) in existing:
            continue
        services.contact_create(actor=actor, region=regions[code], kind=kind, name=name, role_title=role_title,
                                phone=_phone(code, name))  # fmt: skip
        context.counts["helpdesk_contacts_created"] += 1


def load(context: DemoContext) -> None:
    """Needs the regions, the cooperatives and the demo logins (formation)."""
    officers = {u.username: u for u in User.objects.filter(username__in=["dinkop.kukar", "dinkop.paser",
                                                                          "camat.tenggarong"])}  # fmt: skip
    if len(officers) < 3 or not Region.objects.filter(code=JANJU).exists():
        context.messages.append("Konsultasi: login demo atau wilayah belum dimuat, dilewati.")
        return
    regencies = Region.objects.in_bulk([KUKAR, PASER])
    for code, topic, responder, days in SETTINGS:
        current = TopicSetting.objects.filter(regency_id=code, topic=topic).values_list("responder", "target_days")
        if current.first() != (responder, days):
            services.topic_setting_save(actor=officers[f"dinkop.{'kukar' if code == KUKAR else 'paser'}"],
                                        regency=regencies[code], topic=topic, responder=responder,
                                        target_days=days)  # fmt: skip
            context.counts["helpdesk_settings_created"] += 1
    _contacts(context, officers["dinkop.paser"])
    users = _askers(context)
    existing = set(Consultation.objects.values_list("asker__username", "title"))
    villages = Region.objects.in_bulk([row[1] for row in STORY])
    for username, code, topic, title, question, asked, thread, closed, article in STORY:
        asker = users.get(username)
        if asker is None or (username, title) in existing:
            continue
        office = officers["dinkop.kukar" if code.startswith(f"{KUKAR}.") else "dinkop.paser"]
        files = [SimpleUploadedFile("berita-acara-musdesus.pdf", PDF)] if "terlampir" in question else []
        consultation = services.consultation_ask(
            actor=asker, village=villages[code], topic=topic, title=title, question=question,
            asker_phone=_phone(code, username), files=files, now=at(asked),
        )  # fmt: skip
        context.counts["consultations_created"] += 1
        for day, author, kind, text in thread:
            actor = {"asker": asker, "office": office, "camat": officers["camat.tenggarong"]}[author]
            services.message_add(actor=actor, consultation=consultation, version=consultation.version, kind=kind,
                                 text=text, now=at(day, 14))  # fmt: skip
            consultation.refresh_from_db()
        if closed:
            services.consultation_close(actor=asker, consultation=consultation, version=consultation.version,
                                        now=at(closed, 10))  # fmt: skip
        if article:
            a_title, a_question, a_answer = article
            services.article_publish(actor=office, consultation=consultation, title=a_title, question=a_question,
                                     answer=a_answer, reviewed=True, now=at(closed or asked, 15))  # fmt: skip
            context.counts["articles_created"] += 1
    if context.counts["consultations_created"]:
        context.messages.append(
            f"Konsultasi: {context.counts['consultations_created']} pertanyaan, "
            f"{context.counts['articles_created']} artikel tanya-jawab, "
            f"{Article.objects.count()} artikel terbit seluruhnya."
        )
