"""Finance fixtures: the banks and partners of the 21 August 2025 meeting, a Kukar KDMP (Perian) whose registry has
every prerequisite, and a KKMP (Melayu, a kelurahan of Tenggarong)."""

import datetime

import pytest

from kopdes.cooperatives.models import Cooperative
from kopdes.finance import services
from kopdes.tests.factories import UserFactory, cooperative

D = datetime.date
MELAYU = "64.02.06.1005"


def ready(coop, n: int = 1):
    """Fill the registry's prerequisites (badan hukum, NIK koperasi, rekening, NPWP, NIB)."""
    Cooperative.objects.filter(pk=coop.pk).update(
        sk_ahu_number=f"AHU-000{n}.AH.01.29.TAHUN 2025",
        nik_koperasi=f"640200000{n}",
        bank_name="BRI",
        bank_account=f"0001-01-00000{n}-30-1",
        npwp=f"01.234.567.{n}-722.000",
        nib=f"912000000000{n}",
    )
    coop.refresh_from_db()
    return coop


@pytest.fixture
def mitra_bri(db):
    return UserFactory(username="mitra.bri", role="mitra", region_id=None)


@pytest.fixture
def bri(db, mitra_bri):
    return services.partner_create(actor=None, name="BRI Cabang Tenggarong", kind="bank", account_user=mitra_bri)


@pytest.fixture
def mandiri(db):
    return services.partner_create(actor=None, name="Bank Mandiri Tenggarong", kind="bank")


@pytest.fixture
def pertamina(db):
    return services.partner_create(actor=None, name="Pertamina Patra Niaga", kind="bumn")


@pytest.fixture
def ready_coop(kukar_coop):
    return ready(kukar_coop)


@pytest.fixture
def kkmp(db):
    return ready(cooperative(MELAYU), 2)


def proposal(application, lines=((1_000_000_000, "capex", "pergudangan"),)):
    for amount, spending, activity in lines:
        services.line_add(actor=None, application=application, activity=activity, spending=spending,
                          description=f"{activity} {spending}", amount_rp=amount)  # fmt: skip
    application.refresh_from_db()
    return application


def approved(application, office="kepala_desa"):
    return services.application_approve(
        actor=None, application=application, version=application.version, office=office, name="H. Kades",
        number="140/12/PRN/2025", approved_on=D(2025, 9, 20), musyawarah_date=D(2025, 9, 15),
        musyawarah_number="BA-MUSDES/07/2025",
    )  # fmt: skip


FIRST_DUE = D(2026, 1, 12)


def to_agreement(application, first_due=FIRST_DUE):
    application = services.application_advance(actor=None, application=application, version=application.version)
    application = services.application_advance(actor=None, application=application, version=application.version)
    return services.application_advance(
        actor=None, application=application, version=application.version, agreement_number="PK-BRI/2025/001",
        agreement_date=D(2025, 11, 1), first_due_date=first_due,
    )  # fmt: skip


@pytest.fixture
def running(ready_coop, bri):
    """A 1,000,000,000 loan over 12 months with 6 months' grace, disbursed in two stages, first due 12 Jan 2026."""
    application = services.application_create(actor=None, cooperative=ready_coop, bank=bri, amount_rp=1_000_000_000,
                                              tenor_months=12, grace_months=6)  # fmt: skip
    application = to_agreement(approved(proposal(application)))
    services.disbursement_record(actor=None, application=application, date=D(2025, 11, 10), amount_rp=600_000_000)
    services.disbursement_record(actor=None, application=application, date=D(2025, 12, 1), amount_rp=400_000_000,
                                 stage=2)  # fmt: skip
    application.refresh_from_db()
    return application
