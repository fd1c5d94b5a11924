"""Finance demo, continuing the story after the 21 August 2025 meeting at BPU Tenggarong ("Sosialisasi Kemitraan
Aplikasi Digital dan Pembiayaan bersama KDMP"): the partners present (BUMN, a BUMD, an exporter, a waste-recycling
manager, a digital platform, the Himbara banks), partnerships of Kukar's operating cooperatives, and PMK 49/2025
applications:

- Rapak Lambur (KDMP) → BRI, Rp2,000,000,000: musyawarah desa 10 September 2025, approved by the kepala desa,
  agreement 20 October, disbursed in two stages (November and December 2025), every instalment paid on its due
  date up to today (29 November 2026);
- Melayu (KKMP) → Bank Mandiri, Rp1,500,000,000: musyawarah pembangunan kelurahan, approved by the bupati,
  disbursed 5 December 2025, paid through September 2026, then October and November unpaid: in arrears;
- a third Kukar cooperative → BNI, Rp900,000,000, with the bank since October 2026 (being assessed).

Deterministic and idempotent: a partner, partnership or application that exists is left alone. The BRI account
officer's login `mitra.bri` (role mitra) sees only BRI's applications."""

from __future__ import annotations

import datetime

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError

from kopdes.accounts.choices import Role
from kopdes.accounts.models import User
from kopdes.cooperatives.models import Cooperative
from kopdes.core.devtools import DemoContext, DemoLogin
from kopdes.finance import services
from kopdes.finance.models import Application, Partner, Partnership
from kopdes.formation.demo import DEMO_PASSWORD

D = datetime.date
TODAY = D(2026, 11, 29)
RAPAK_LAMBUR, MELAYU, KUKAR_THIRD = "64.02.06.2012", "64.02.06.1005", "64.02.16.2007"

PARTNERS = [
    ("Pertamina Patra Niaga Regional Kalimantan", "bumn", "Sales Area Samarinda"),
    ("Pupuk Indonesia (Pupuk Kaltim)", "bumn", "Bontang"),
    ("Perumda Tunggang Parangan", "bumd", "Tenggarong"),
    ("CV Etam Ekspor Lestari", "eksportir", "Samarinda"),
    ("Bank Sampah Induk Kutai Kartanegara", "pengelola_sampah", "Tenggarong"),
    ("Aplikasi Warung Desa Digital", "platform_digital", ""),
    ("BRI Cabang Tenggarong", "bank", "Jl. Wolter Monginsidi, Tenggarong"),
    ("Bank Mandiri KCP Tenggarong", "bank", "Tenggarong"),
    ("BNI KCP Tenggarong", "bank", "Tenggarong"),
]

# (village, partner, kind, status, start, value)
PARTNERSHIPS = [
    (RAPAK_LAMBUR, "Pertamina Patra Niaga Regional Kalimantan", "lpg", "aktif", D(2025, 10, 1), 0),
    (RAPAK_LAMBUR, "Pupuk Indonesia (Pupuk Kaltim)", "pupuk", "aktif", D(2025, 11, 1), 0),
    (RAPAK_LAMBUR, "Perumda Tunggang Parangan", "pasokan_sembako", "aktif", D(2025, 9, 15), 250_000_000),
    (MELAYU, "Pertamina Patra Niaga Regional Kalimantan", "lpg", "diajukan", None, 0),
    (MELAYU, "Bank Sampah Induk Kutai Kartanegara", "daur_ulang", "aktif", D(2025, 10, 20), 45_000_000),
    (MELAYU, "Aplikasi Warung Desa Digital", "aplikasi_digital", "aktif", D(2025, 9, 1), 0),
    (KUKAR_THIRD, "CV Etam Ekspor Lestari", "ekspor", "dijajaki", None, 0),
]


def _partners(context: DemoContext) -> dict[str, Partner]:
    partners = {p.name: p for p in Partner.objects.filter(name__in=[row[0] for row in PARTNERS])}
    for name, kind, contact in PARTNERS:
        if name not in partners:
            partners[name] = services.partner_create(actor=context.actor, name=name, kind=kind, contact=contact)
            context.counts["finance_partners_created"] += 1
    return partners


def _mitra_login(context: DemoContext, bri: Partner) -> None:
    user = User.objects.filter(username="mitra.bri").first()
    if user is None:
        user = User.objects.create(username="mitra.bri", first_name="Account officer BRI Tenggarong",
                                   role=Role.MITRA, password=make_password(DEMO_PASSWORD))  # fmt: skip
        context.counts["finance_users_created"] += 1
    elif not check_password(DEMO_PASSWORD, user.password):
        user.password = make_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        context.counts["finance_users_updated"] += 1
    if bri.account_user_id != user.pk:
        Partner.objects.filter(pk=bri.pk).update(account_user=user)
        bri.account_user = user
        context.counts["finance_partners_updated"] += 1
    context.logins.append(DemoLogin("mitra.bri", str(Role.MITRA.label), bri.name))


def _partnerships(context, cooperatives, partners) -> None:
    existing = set(Partnership.objects.values_list("cooperative__village_id", "partner__name", "kind"))
    for village, partner, kind, status, start, value in PARTNERSHIPS:
        if village not in cooperatives or (village, partner, kind) in existing:
            continue
        services.partnership_create(actor=context.actor, cooperative=cooperatives[village], partner=partners[partner],
                                    kind=kind, status=status, start_date=start, value_rp=value,
                                    document_number=f"PKS/{kind.upper()}/{start:%Y}" if start else "")  # fmt: skip
        context.counts["finance_partnerships_created"] += 1


def _loan(context, cooperative, bank, *, amount, grace, lines, dana_desa, approval, agreement=None,
          disbursements=(), paid_until=None, stop_at=None) -> None:  # fmt: skip
    actor = context.actor
    application = services.application_create(actor=actor, cooperative=cooperative, bank=bank, amount_rp=amount,
                                              tenor_months=72, grace_months=grace, dana_desa_1_rp=dana_desa[0],
                                              dana_desa_2_rp=dana_desa[1], dana_desa_3_rp=dana_desa[2])  # fmt: skip
    for activity, spending, description, stage, line_amount in lines:
        services.line_add(actor=actor, application=application, activity=activity, spending=spending,
                          description=description, stage=stage, amount_rp=line_amount)  # fmt: skip
    context.counts["finance_applications_created"] += 1
    try:
        application = services.application_approve(actor=actor, application=application, version=application.version,
                                                   **approval)  # fmt: skip
    except ValidationError as exc:
        context.messages.append(f"Pembiayaan: {cooperative.name} tetap draf: {'; '.join(exc.messages)}")
        return
    application = services.application_advance(actor=actor, application=application, version=application.version)
    if stop_at == "diajukan_bank":
        return
    application = services.application_advance(actor=actor, application=application, version=application.version)
    if stop_at == "dinilai":
        return
    application = services.application_advance(actor=actor, application=application, version=application.version,
                                               **agreement)  # fmt: skip
    for day, stage, part in disbursements:
        services.disbursement_record(actor=actor, application=application, date=day, stage=stage, amount_rp=part,
                                     reference=f"{bank.name[:3].upper()}-{day:%Y%m%d}")  # fmt: skip
        context.counts["finance_disbursements_created"] += 1
    for instalment in application.instalments.filter(due_date__lte=paid_until or TODAY).order_by("no"):
        services.repayment_record(actor=actor, application=application, date=instalment.due_date,
                                  amount_rp=instalment.total_rp, reference=f"ANGS-{instalment.no:02d}")  # fmt: skip
        context.counts["finance_repayments_created"] += 1


def load(context: DemoContext) -> None:
    """Needs the Kukar cooperatives (formation's demo)."""
    cooperatives = {c.village_id: c for c in Cooperative.objects.filter(village_id__in=[RAPAK_LAMBUR, MELAYU,
                                                                                         KUKAR_THIRD])}  # fmt: skip
    if RAPAK_LAMBUR not in cooperatives:
        context.messages.append("Pembiayaan: koperasi Kukar belum dimuat, dilewati.")
        return
    partners = _partners(context)
    _mitra_login(context, partners["BRI Cabang Tenggarong"])
    _partnerships(context, cooperatives, partners)
    done = set(Application.objects.values_list("cooperative__village_id", "bank__name"))
    bri, mandiri, bni = (partners[n] for n in ("BRI Cabang Tenggarong", "Bank Mandiri KCP Tenggarong",
                                                "BNI KCP Tenggarong"))  # fmt: skip
    if (RAPAK_LAMBUR, bri.name) not in done:
        _loan(
            context, cooperatives[RAPAK_LAMBUR], bri, amount=2_000_000_000, grace=6,
            lines=[("pergudangan", "capex", "Gudang dingin hasil tani", 1, 1_200_000_000),
                   ("sembako", "capex", "Gerai sembako dan pangkalan LPG", 2, 400_000_000),
                   ("operasional_kantor", "opex", "Modal kerja sembako dan LPG (6 bulan)", 1, 400_000_000)],
            dana_desa=(1_050_000_000, 1_120_000_000, 1_180_000_000),
            approval={"office": "kepala_desa", "name": "Kepala Desa Rapak Lambur", "number": "140/045/RL/IX/2025",
                      "approved_on": D(2025, 9, 15), "musyawarah_date": D(2025, 9, 10),
                      "musyawarah_number": "BA-MUSDES/03/IX/2025"},
            agreement={"agreement_number": "B.1127/KC-XV/ADK/10/2025", "agreement_date": D(2025, 10, 20),
                       "first_due_date": D(2025, 12, 12)},
            disbursements=[(D(2025, 11, 10), 1, 1_600_000_000), (D(2025, 12, 1), 2, 400_000_000)],
        )  # fmt: skip
    if MELAYU in cooperatives and (MELAYU, mandiri.name) not in done:
        _loan(
            context, cooperatives[MELAYU], mandiri, amount=1_500_000_000, grace=6,
            lines=[("klinik", "capex", "Klinik dan apotek kelurahan", 1, 700_000_000),
                   ("logistik", "capex", "Armada logistik kelurahan", 1, 500_000_000),
                   ("operasional_kantor", "opex", "Operasional kantor dan modal kerja", 1, 300_000_000)],
            dana_desa=(0, 0, 0),
            approval={"office": "bupati", "name": "Bupati Kutai Kartanegara", "number": "500/1187/EK/X/2025",
                      "approved_on": D(2025, 10, 6), "musyawarah_date": D(2025, 9, 24),
                      "musyawarah_number": "BA-MUSBANGKEL/02/IX/2025"},
            agreement={"agreement_number": "MDR/TGR/PK/2025/118", "agreement_date": D(2025, 11, 18),
                       "first_due_date": D(2026, 1, 12)},
            disbursements=[(D(2025, 12, 5), 1, 1_500_000_000)],
            paid_until=D(2026, 9, 30),
        )  # fmt: skip
    if KUKAR_THIRD in cooperatives and (KUKAR_THIRD, bni.name) not in done:
        _loan(
            context, cooperatives[KUKAR_THIRD], bni, amount=900_000_000, grace=8,
            lines=[("sembako", "capex", "Gerai sembako", 1, 600_000_000),
                   ("simpan_pinjam", "opex", "Modal unit simpan pinjam", 1, 300_000_000)],
            dana_desa=(980_000_000, 1_010_000_000, 1_060_000_000),
            approval={"office": "kepala_desa", "name": "Kepala Desa", "number": "140/077/X/2026",
                      "approved_on": D(2026, 10, 8), "musyawarah_date": D(2026, 10, 2),
                      "musyawarah_number": "BA-MUSDES/05/X/2026"},
            stop_at="dinilai",
        )  # fmt: skip
    if context.counts["finance_applications_created"]:
        context.messages.append(
            f"Pembiayaan: {context.counts['finance_partners_created']} mitra, "
            f"{context.counts['finance_partnerships_created']} kemitraan, "
            f"{context.counts['finance_applications_created']} pengajuan PMK 49/2025, "
            f"{context.counts['finance_repayments_created']} pembayaran angsuran (satu koperasi menunggak)."
        )
