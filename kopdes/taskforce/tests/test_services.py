import datetime

import pytest
from django.core.exceptions import ValidationError

from kopdes.core.exceptions import ConflictError
from kopdes.taskforce import selectors, services
from kopdes.taskforce.models import ActionItem, Decision
from kopdes.taskforce.tests.factories import D, agency, circular, meeting, region
from kopdes.tests.factories import PASER_VILLAGE, persona

pytestmark = pytest.mark.django_db


def _fan_out_paser(**fields):
    fields.setdefault("due_date", D(2025, 6, 30))
    return services.decision_create(
        actor=None,
        decree=circular(),
        text="Kepala desa dan lurah membentuk tim fasilitator musyawarah pembentukan koperasi",
        assignee_kind="kepala_desa",
        assignee_region=region("64.01"),
        **fields,
    )


def test_a_decision_to_every_kepala_desa_of_paser_fans_out_to_144_items_each_seen_by_its_official_only(
    paser_officer, kukar_officer, kepala_desa, camat
):
    decision = _fan_out_paser()
    items = ActionItem.objects.filter(decision=decision)
    assert items.count() == 144
    assert items.filter(unit__level="village").count() == 144
    # The regency sees all of them; the kepala desa of Janju only Janju's; Kukar's people none.
    assert ActionItem.objects.for_user(paser_officer).filter(decision=decision).count() == 144
    janju_kades = persona("kades")
    janju_kades.region_id = PASER_VILLAGE
    janju_kades.save(update_fields=["region"])
    janju_kades = type(janju_kades).objects.get(pk=janju_kades.pk)
    mine = ActionItem.objects.for_user(janju_kades).filter(decision=decision)
    assert list(mine.values_list("unit_id", flat=True)) == [PASER_VILLAGE]
    assert not ActionItem.objects.for_user(kukar_officer).filter(decision=decision).exists()
    assert not ActionItem.objects.for_user(camat).filter(decision=decision).exists()


def test_compliance_per_kecamatan_adds_up_to_the_decision(paser_officer):
    decision = _fan_out_paser()
    done = list(decision.items.order_by("unit_id")[:7])
    for item in done:
        services.action_update_add(
            actor=paser_officer,
            item=item,
            version=item.version,
            status="done",
            text="Tim fasilitator dibentuk (SK Kades)",
        )
    rows = selectors.decision_compliance(decision=decision)
    assert sum(row["total"] for row in rows) == 144
    assert sum(row["done"] for row in rows) == 7
    assert len(rows) == 10  # Paser's ten kecamatan
    first = rows[0]
    assert first["district"] == "64.01.01" and first["name"] == "Batu Sopang"


def test_every_camat_of_kukar_gets_one_item(kukar_officer, camat):
    decision = services.decision_create(
        actor=kukar_officer,
        meeting=meeting(),
        text="Camat memetakan potensi wilayahnya",
        assignee_kind="camat",
        assignee_region=region("64.02"),
        due_date=D(2025, 7, 31),
    )
    assert decision.items.count() == 20
    assert list(ActionItem.objects.for_user(camat).values_list("unit_id", flat=True)) == ["64.02.01"]
    assert decision.items.first().history.count() == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"due_date": D(2025, 6, 9)}, "due_date"),  # before the meeting
        ({"assignee_region": "64.01"}, "assignee_region"),  # Paser's villages at Kukar's meeting
        ({"subject_region": "64.01.04.2002"}, "subject_region"),
    ],
)
def test_bad_decisions_are_refused(fields, field):
    data = {"due_date": D(2025, 7, 31), "assignee_region": "64.02"} | fields
    data["assignee_region"] = region(data["assignee_region"])
    if "subject_region" in data:
        data["subject_region"] = region(data["subject_region"])
    with pytest.raises(ValidationError) as exc:
        services.decision_create(actor=None, meeting=meeting(), text="x", assignee_kind="camat", **data)
    assert field in exc.value.message_dict
    assert not Decision.objects.exists()


def test_an_agency_of_another_regency_is_refused():
    paser_dpmd = agency("64.01", "DPMD")
    with pytest.raises(ValidationError) as exc:
        services.decision_create(
            actor=None,
            meeting=meeting(),
            text="x",
            assignee_kind="agency",
            assignee_agency=paser_dpmd,
            due_date=D(2025, 7, 1),
        )
    assert "assignee_agency" in exc.value.message_dict


def test_signed_minutes_lock_the_decisions_and_a_correction_drops_the_old_items(kukar_officer):
    rakor = meeting(minutes="Notulen")
    dpmd = agency()
    old = services.decision_create(
        actor=None, meeting=rakor, text="DPMD menyusun pola pendampingan", assignee_kind="agency",
        assignee_agency=dpmd, due_date=D(2025, 7, 1),
    )  # fmt: skip
    services.meeting_sign(actor=kukar_officer, meeting=rakor, version=rakor.version)
    with pytest.raises(ValidationError, match="terkunci"):
        services.decision_update(actor=kukar_officer, decision=old, text="lain")
    with pytest.raises(ValidationError, match="terkunci"):
        services.decision_create(
            actor=None, meeting=rakor, text="baru", assignee_kind="agency", assignee_agency=dpmd,
            due_date=D(2025, 7, 1),
        )  # fmt: skip
    correction = services.decision_create(
        actor=kukar_officer, meeting=rakor, text="DPMD dan Diskop menyusun pola pendampingan bersama",
        assignee_kind="agency", assignee_agency=dpmd, due_date=D(2025, 8, 1), corrects=old,
    )  # fmt: skip
    assert correction.number == 2 and correction.corrects == old
    old_item = old.items.get()
    assert old_item.status == "dropped" and "no. 2" in old_item.dropped_reason
    assert old_item.updates.get().status == "dropped"


def test_closing_needs_an_update_and_the_right_official(kukar_officer, camat, dpmd):
    decision = services.decision_create(
        actor=None, meeting=meeting(), text="Camat memetakan potensi", assignee_kind="camat",
        assignee_region=region("64.02"), due_date=D(2025, 7, 31),
    )  # fmt: skip
    item = decision.items.get(unit_id="64.02.01")
    with pytest.raises(ValidationError) as exc:
        services.action_update_add(actor=camat, item=item, version=item.version, status="done", text="  ")
    assert "text" in exc.value.message_dict
    other = decision.items.get(unit_id="64.02.06")
    with pytest.raises(ValidationError) as exc:  # the camat of Muara Muntai cannot close Tenggarong's item
        services.action_update_add(actor=camat, item=other, version=other.version, status="done", text="Selesai")
    assert "status" in exc.value.message_dict
    update = services.action_update_add(
        actor=camat, item=item, version=item.version, status="done", text="Potensi 13 desa dipetakan",
        date=D(2025, 7, 20),
    )  # fmt: skip
    item.refresh_from_db()
    assert (item.status, item.closed_on, update.author) == ("done", D(2025, 7, 20), camat)
    with pytest.raises(ConflictError):  # the page was loaded before that update
        services.action_update_add(actor=dpmd, item=item, version=1, status="in_progress", text="Buka lagi")
    # The regency may reopen it.
    services.action_update_add(
        actor=kukar_officer, item=item, version=item.version, status="in_progress", text="Data kurang"
    )
    item.refresh_from_db()
    assert item.status == "in_progress" and item.closed_on is None


def test_dropping_keeps_the_reason(paser_officer):
    decision = _fan_out_paser()
    item = decision.items.first()
    services.action_update_add(
        actor=paser_officer, item=item, version=item.version, status="dropped", text="Desa digabung"
    )
    item.refresh_from_db()
    assert item.dropped_reason == "Desa digabung"


def test_action_counts_by_child_region_are_sql_and_add_up(paser_officer, django_assert_num_queries):
    from kopdes.core.scoping import system_region

    decision = _fan_out_paser()
    services.decision_create(
        actor=None, decree=decision.decree, text="Dinas menyiapkan pendampingan", assignee_kind="agency",
        assignee_agency=agency("64.01", "DISKOP"), due_date=D(2025, 12, 1),
    )  # fmt: skip
    for item in decision.items.filter(unit__code__startswith="64.01.04.")[:3]:
        services.action_update_add(actor=paser_officer, item=item, version=item.version, status="done", text="Ok")
    paser = system_region(region("64.01"))
    with django_assert_num_queries(5):
        block = selectors.action_counts(region=paser, today=datetime.date(2026, 11, 29))
    assert (block["open"], block["overdue"], block["done"]) == (142, 142, 3)
    assert sum(child["done"] for child in block["children"]) == 3
    # The regency-wide agency item counts for the regency only, not for any kecamatan.
    assert sum(child["open"] for child in block["children"]) == 141
    assert len(block["overdue_items"]) == 10
