"""Factories and fixed personas shared by every app's tests (STYLE.md rule 11)."""

import datetime
import io

import factory

from kopdes.accounts.choices import Role
from kopdes.accounts.models import User
from kopdes.cooperatives import services as coop_services
from kopdes.cooperatives.choices import Position, UnitStatus, VillageOffice
from kopdes.regions.models import Region

KUKAR = "64.02"
PASER = "64.01"
MUARA_MUNTAI = "64.02.01"  # a Kukar kecamatan with 13 villages
KUKAR_VILLAGE = "64.02.01.2001"
PASER_VILLAGE = "64.01.04.2002"  # Janju

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
PERSONA_PASSWORD = "rahasia-demo-123"  # every factory-made user's


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    role = Role.ADMIN
    password = factory.django.Password(PERSONA_PASSWORD)


# The fixed personas (STYLE.md rule 11): name → (username, role, region code). The pengurus is bound to a cooperative
# by the caller (`persona("pengurus", cooperative=...)`); kopdes/conftest.py makes a fixture of each.
PERSONAS: dict[str, tuple[str, str, str | None]] = {
    "national": ("nasional", Role.ADMIN, None),
    "kukar": ("dinkop.kukar", Role.ADMIN, KUKAR),
    "paser": ("dinkop.paser", Role.ADMIN, PASER),
    "camat": ("camat.muaramuntai", Role.CAMAT, MUARA_MUNTAI),
    "pengurus": ("pengurus.kukar", Role.PENGURUS, None),
    "bupati": ("bupati.kukar", Role.PIMPINAN, KUKAR),  # the read-only leader (pimpinan)
    "kades": ("kades.perian", Role.KEPALA_DESA, KUKAR_VILLAGE),
    "dpmd": ("dpmd.kukar", Role.DPMD, KUKAR),
}


def persona(name: str, *, cooperative=None) -> User:
    """The persona `name` of PERSONAS (created once; the same user on a second call)."""
    username, role, region = PERSONAS[name]
    return UserFactory(username=username, role=role, region_id=region, cooperative=cooperative)


def cooperative(code: str, *, actor=None, **fields):
    """A registered cooperative for the village with this code, through the service."""
    return coop_services.cooperative_register(actor=actor, village=Region.objects.get(code=code), **fields)


def full_board(coop, *, actor=None, start_nik: int = 6402010101900001):
    """A board that satisfies every governance rule: 5 pengurus and 3 pengawas, the kades as ketua pengawas."""
    positions = [
        (Position.KETUA, ""),
        (Position.WAKIL_KETUA_USAHA, ""),
        (Position.WAKIL_KETUA_ANGGOTA, ""),
        (Position.SEKRETARIS, ""),
        (Position.BENDAHARA, ""),
        (Position.PENGAWAS_KETUA, VillageOffice.KEPALA_DESA),
        (Position.PENGAWAS, ""),
        (Position.PENGAWAS, ""),
    ]
    return [
        coop_services.official_create(
            actor=actor,
            cooperative=coop,
            name=f"Anggota {i}",
            nik=str(start_nik + i),
            gender="L" if i % 2 else "P",
            position=position,
            village_office=office,
        )
        for i, (position, office) in enumerate(positions)
    ]


def operating_unit(coop, *, actor=None, category="sembako"):
    return coop_services.business_unit_create(
        actor=actor, cooperative=coop, category=category, status=UnitStatus.BEROPERASI, since=datetime.date(2025, 7, 1)
    )


def upload(content: bytes = PDF_BYTES, name: str = "berita-acara.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def in_memory(content: bytes):
    return io.BytesIO(content)


def checked(code: str):
    """The region with this code as aggregates accept it (a `ScopedRegion`, as the CLI makes it); "" or "ID" is the
    whole country; an unknown code stands for itself (to test prefix edge cases)."""
    from kopdes.core.scoping import system_region

    if code in ("", "ID"):
        return system_region(None)
    return system_region(Region.objects.filter(code=code).first() or Region(code=code))
