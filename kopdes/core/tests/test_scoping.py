"""The one scoping mechanism, for every role: what each persona sees of region-scoped, cooperative-scoped,
catalogue and owner-only records, and the checked regions aggregates accept."""

import pytest
from django.http import Http404

from kopdes.accounts.choices import Role
from kopdes.cooperatives.models import Cooperative
from kopdes.core.models import ExportJob, ImportRecord
from kopdes.core.scoping import (
    NOTHING,
    ScopedRegion,
    ScopeKind,
    ensure_scoped,
    get_object_for_user,
    scope_for,
    scoped_region,
    system_region,
)
from kopdes.regions.models import Region
from kopdes.tests.factories import KUKAR, KUKAR_VILLAGE, MUARA_MUNTAI, PASER_VILLAGE, UserFactory, cooperative

OTHER_MUARA_MUNTAI_VILLAGE = "64.02.01.2002"


@pytest.fixture
def coops(db):
    return {code: cooperative(code) for code in (KUKAR_VILLAGE, OTHER_MUARA_MUNTAI_VILLAGE, PASER_VILLAGE)}


def persona(role, **fields):
    """A user with a unique username (UserFactory's sequence), so two personas of one role are two users."""
    return UserFactory(role=role, **fields)


def visible(user) -> set[str]:
    return set(Cooperative.objects.for_user(user).values_list("village_id", flat=True))


def test_every_role_sees_exactly_its_cooperatives(coops):
    everyone = {KUKAR_VILLAGE, OTHER_MUARA_MUNTAI_VILLAGE, PASER_VILLAGE}
    kukar = {KUKAR_VILLAGE, OTHER_MUARA_MUNTAI_VILLAGE}
    pengurus = persona(Role.PENGURUS, cooperative=coops[KUKAR_VILLAGE])
    pendamping = persona(Role.PENDAMPING)
    pendamping.assigned_cooperatives.set([coops[OTHER_MUARA_MUNTAI_VILLAGE], coops[PASER_VILLAGE]])
    several = persona(Role.PENGURUS, cooperative=coops[KUKAR_VILLAGE], username="pengurus.dua")
    several.assigned_cooperatives.set([coops[PASER_VILLAGE]])
    cases = [
        (persona(Role.ADMIN, region=None), everyone),
        (persona(Role.ADMIN, region_id=KUKAR), kukar),
        (persona(Role.DPMD, region_id=KUKAR), kukar),
        (persona(Role.PIMPINAN, region_id=KUKAR), kukar),
        (persona(Role.CAMAT, region_id=MUARA_MUNTAI), kukar),
        (persona(Role.KEPALA_DESA, region_id=PASER_VILLAGE), {PASER_VILLAGE}),
        (pengurus, {KUKAR_VILLAGE}),
        (pendamping, {OTHER_MUARA_MUNTAI_VILLAGE, PASER_VILLAGE}),
        (several, {KUKAR_VILLAGE, PASER_VILLAGE}),
        (persona(Role.MITRA), set()),
        (UserFactory(username="superuser", role=Role.PIMPINAN, is_superuser=True), everyone),
        (UserFactory(username="inactive", role=Role.ADMIN, region=None, is_active=False), set()),
    ]
    for user, expected in cases:
        assert visible(user) == expected, user.role


def test_cooperative_users_scope_carries_their_villages_and_covers_them(coops):
    pendamping = persona(Role.PENDAMPING)
    pendamping.assigned_cooperatives.set([coops[KUKAR_VILLAGE], coops[PASER_VILLAGE]])
    scope = scope_for(pendamping)
    assert scope.cooperative_ids == {coops[KUKAR_VILLAGE].pk, coops[PASER_VILLAGE].pk}
    assert scope.village_codes == {KUKAR_VILLAGE, PASER_VILLAGE}
    assert scope.covers_code(PASER_VILLAGE) and not scope.covers_code(OTHER_MUARA_MUNTAI_VILLAGE)
    assert not scope.covers_code(KUKAR) and not scope.covers_code("ID")
    # Region-like rows (the regions themselves) are the villages of their cooperatives.
    assert set(Region.objects.for_user(pendamping).values_list("code", flat=True)) == {KUKAR_VILLAGE, PASER_VILLAGE}


def test_region_scope_covers_codes_by_prefix_only(db):
    scope = scope_for(persona(Role.ADMIN, region_id=KUKAR))
    assert scope.covers_code(KUKAR) and scope.covers_code(KUKAR_VILLAGE)
    assert not scope.covers_code("64.020") and not scope.covers_code("64.01") and not scope.covers_code("ID")
    assert scope_for(None) is NOTHING


def test_owner_records_are_their_owners_alone(db):
    officer, colleague = persona(Role.ADMIN, region_id=KUKAR), persona(Role.ADMIN, region_id=KUKAR, is_staff=True)
    national = persona(Role.ADMIN, region=None)
    job = ExportJob.objects.create(user=officer, format="csv")
    assert ExportJob.scope_kind == ScopeKind.OWNER
    assert list(ExportJob.objects.for_user(officer)) == [job]
    for other in (colleague, national):
        assert not ExportJob.objects.for_user(other).exists()
        with pytest.raises(Http404):
            get_object_for_user(ExportJob, other, pk=job.pk)


def test_imports_are_seen_in_their_region_and_by_whoever_ran_them(coops):
    pengurus = persona(Role.PENGURUS, cooperative=coops[KUKAR_VILLAGE])
    mine = ImportRecord.objects.create(kind="cooperatives", user=pengurus, file_name="a.csv", sha256="0" * 64)
    regional = ImportRecord.objects.create(kind="cooperatives", scope_code=KUKAR, file_name="b.csv", sha256="1" * 64)
    assert set(ImportRecord.objects.for_user(pengurus)) == {mine}
    assert set(ImportRecord.objects.for_user(persona(Role.ADMIN, region_id=KUKAR))) == {regional}
    assert not ImportRecord.objects.for_user(persona(Role.ADMIN, region_id="64.01")).exists()


def test_aggregates_accept_only_checked_regions(coops):
    kukar = Region.objects.get(code=KUKAR)
    camat = persona(Role.CAMAT, region_id=MUARA_MUNTAI)
    with pytest.raises(Http404):
        scoped_region(camat, kukar)
    with pytest.raises(Http404):
        scoped_region(camat, None)  # the whole country
    checked = scoped_region(persona(Role.ADMIN, region_id=KUKAR), kukar)
    assert (checked.code, checked.level, checked.name) == (KUKAR, "regency", kukar.name)
    assert ensure_scoped(checked) is checked
    assert system_region(None).is_national
    with pytest.raises(TypeError):
        ScopedRegion(code=KUKAR, region=kukar)
    with pytest.raises(TypeError):
        ensure_scoped(kukar)
