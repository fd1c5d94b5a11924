import pytest


@pytest.fixture
def boundaries(db):
    """The polygons of Kukar, Paser and Samarinda (regency, kecamatan, villages) from the shipped files."""
    from kopdes.regions.tests.boundary_data import load_kaltim

    load_kaltim(("64.01", "64.02", "64.72"))
