import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from kopdes.cooperatives.choices import CooperativeKind, UnitStatus
from kopdes.cooperatives.models import BusinessUnit, Cooperative, Document
from kopdes.cooperatives.rules import cooperative_kind_for
from kopdes.cooperatives.services import (
    business_unit_create,
    business_unit_update,
    cooperative_register,
    cooperative_update,
    document_upload,
    official_create,
    official_delete,
)
from kopdes.core.exceptions import ConflictError
from kopdes.regions.models import Region
from kopdes.tests.factories import PDF_BYTES, PNG_BYTES, cooperative, full_board, upload


def test_kind_follows_the_village(db):
    desa = cooperative("64.02.01.2001")
    kelurahan_code = Region.objects.filter(code__startswith="64.02.", kind="kelurahan").first().code
    kelurahan = cooperative(kelurahan_code)
    assert desa.kind == CooperativeKind.KDMP and desa.name.startswith("Koperasi Desa Merah Putih")
    assert kelurahan.kind == CooperativeKind.KKMP and kelurahan.name.startswith("Koperasi Kelurahan Merah Putih")


def test_duplicate_cooperative_for_a_village_is_refused(kukar_coop):
    with pytest.raises(ValidationError, match="sudah memiliki"):
        cooperative(kukar_coop.village_id)
    assert Cooperative.objects.filter(village_id=kukar_coop.village_id).count() == 1


def test_cooperative_needs_a_village_not_a_district(db):
    with pytest.raises(ValidationError, match="bukan kode desa"):
        cooperative_register(actor=None, village=Region.objects.get(code="64.02.01"))


def test_identifiers_are_unique_across_cooperatives(kukar_coop, paser_coop, kukar_officer):
    cooperative_update(actor=kukar_officer, cooperative=kukar_coop, version=1, data={"nib": "9120001234567"})
    with pytest.raises(ValidationError, match="NIB sudah dipakai"):
        cooperative_update(actor=kukar_officer, cooperative=paser_coop, version=1, data={"nib": "9120001234567"})
    paser_coop.refresh_from_db()
    assert paser_coop.nib is None and paser_coop.version == 1


def test_empty_identifiers_are_stored_as_null(kukar_coop, paser_coop, kukar_officer):
    cooperative_update(actor=kukar_officer, cooperative=kukar_coop, version=1, data={"npwp": ""})
    cooperative_update(actor=kukar_officer, cooperative=paser_coop, version=1, data={"npwp": "  "})
    assert Cooperative.objects.filter(npwp__isnull=True).count() >= 2


def test_stale_edit_is_refused_and_keeps_newer_data(kukar_coop, kukar_officer, paser_officer):
    cooperative_update(actor=kukar_officer, cooperative=kukar_coop, version=1, data={"name": "KDMP Baru"})
    stale = Cooperative.objects.get(pk=kukar_coop.pk)
    stale.version = 1
    with pytest.raises(ConflictError) as exc:
        cooperative_update(actor=kukar_officer, cooperative=stale, version=1, data={"name": "Menimpa"})
    assert exc.value.current.name == "KDMP Baru"
    kukar_coop.refresh_from_db()
    assert kukar_coop.name == "KDMP Baru" and kukar_coop.version == 2
    names = [h.name for h in kukar_coop.history.order_by("history_date")]
    assert names[-1] == "KDMP Baru"
    assert kukar_coop.history.latest().history_user == kukar_officer


def test_board_rules_become_warnings(kukar_coop):
    assert kukar_coop.warning_count > 0  # an empty board breaks the rules
    officials = full_board(kukar_coop)
    kukar_coop.refresh_from_db()
    assert kukar_coop.warning_count == 0
    official_delete(actor=None, official=officials[1])
    kukar_coop.refresh_from_db()
    assert kukar_coop.warning_count == 2  # even count + missing wakil ketua usaha


def test_village_leader_as_pengurus_and_duplicate_nik_are_warned(kukar_coop):
    from kopdes.cooperatives.selectors import cooperative_warnings

    officials = full_board(kukar_coop)
    official_create(
        actor=None,
        cooperative=kukar_coop,
        name="Sekdes",
        nik=officials[0].nik,
        gender="L",
        position="sekretaris",
        village_office="perangkat_desa",
    )
    official_create(
        actor=None, cooperative=kukar_coop, name="X", nik="6402010101909999", gender="P", position="bendahara"
    )
    rules = {w.rule for w in cooperative_warnings(kukar_coop)}
    assert {"nik_sekali", "pengurus_bukan_pemdes"} <= rules
    assert "pengurus_ganjil_min_5" not in rules  # 7 pengurus


def test_bad_nik_is_refused(kukar_coop):
    with pytest.raises(ValidationError, match="16 angka"):
        official_create(actor=None, cooperative=kukar_coop, name="A", nik="12345", gender="L", position="ketua")


def test_upload_checks_content_not_name(kukar_coop, kukar_officer):
    doc = document_upload(
        actor=kukar_officer, cooperative=kukar_coop, kind="foto", uploaded_file=upload(PNG_BYTES, "foto.pdf")
    )
    assert doc.content_type == "image/png" and doc.file.name.endswith(".png")
    assert len(doc.sha256) == 64
    with pytest.raises(ValidationError, match="hanya PDF"):
        document_upload(
            actor=kukar_officer, cooperative=kukar_coop, kind="akta", uploaded_file=upload(b"hello", "akta.pdf")
        )
    assert Document.objects.filter(cooperative=kukar_coop).count() == 1


@override_settings(UPLOAD_MAX_BYTES=32)
def test_upload_size_limit(kukar_coop, kukar_officer):
    with pytest.raises(ValidationError, match="terlalu besar"):
        document_upload(
            actor=kukar_officer, cooperative=kukar_coop, kind="akta", uploaded_file=upload(PDF_BYTES * 3, "a.pdf")
        )
    assert not Document.objects.exists()


def test_mask_nik():
    from kopdes.cooperatives.rules import mask_nik

    assert mask_nik("6402010101900001") == "6402********0001"


def test_operating_gerai_needs_a_start_date_when_created_and_when_updated(kukar_coop, kukar_officer):
    with pytest.raises(ValidationError) as created:
        business_unit_create(
            actor=kukar_officer, cooperative=kukar_coop, category="sembako", status=UnitStatus.BEROPERASI
        )
    assert created.value.message_dict == {"since": ["Isi tanggal mulai beroperasi."]}
    assert not BusinessUnit.objects.exists()

    unit = business_unit_create(actor=kukar_officer, cooperative=kukar_coop, category="sembako")
    with pytest.raises(ValidationError) as updated:
        business_unit_update(actor=kukar_officer, unit=unit, data={"status": UnitStatus.BEROPERASI})
    assert updated.value.message_dict == created.value.message_dict
    assert BusinessUnit.objects.get(pk=unit.pk).status == UnitStatus.RENCANA
    kukar_coop.refresh_from_db()
    assert kukar_coop.phase == 0


@pytest.mark.parametrize(("village_kind", "kind"), [("desa", "KDMP"), ("kelurahan", "KKMP")])
def test_cooperative_kind_follows_the_village_kind(village_kind, kind):
    assert cooperative_kind_for(village_kind) == kind
