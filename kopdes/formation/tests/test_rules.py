import pytest
from hypothesis import given
from hypothesis import strategies as st

from kopdes.formation.choices import MilestoneKind
from kopdes.formation.rules import derive_phase

ALL_LEGAL = ["nik_koperasi", "nib", "npwp", "rekening"]


@pytest.mark.parametrize(
    ("reached", "operating", "phase"),
    [
        ([], False, 0),
        (["sosialisasi"], False, 1),
        (["musdesus"], False, 2),
        (["sosialisasi", "musdesus"], False, 2),
        (["sosialisasi", "musdesus", "akta"], False, 3),
        (["musdesus", "akta", "badan_hukum"], False, 4),
        (["musdesus", "akta", "badan_hukum", "nik_koperasi", "nib", "npwp"], False, 4),
        (["musdesus", "akta", "badan_hukum", *ALL_LEGAL], False, 5),
        (["musdesus", "akta", "badan_hukum", *ALL_LEGAL], True, 6),
        (["musdesus", "akta", "badan_hukum"], True, 4),
        # a missing (e.g. rejected) akta stops the chain even when later milestones are stored
        (["musdesus", "badan_hukum", *ALL_LEGAL], True, 2),
        (["akta", "badan_hukum"], False, 0),
    ],
)
def test_derive_phase(reached, operating, phase):
    assert derive_phase(reached, operating) == phase


@given(st.sets(st.sampled_from(MilestoneKind.values)), st.booleans())
def test_phase_is_monotonic_in_facts(reached, operating):
    """Adding a fact never lowers the phase, and the phase is always 0..6."""
    phase = derive_phase(reached, operating)
    assert 0 <= phase <= 6
    for kind in MilestoneKind.values:
        assert derive_phase(reached | {kind}, operating) >= phase
    assert derive_phase(reached, True) >= phase
