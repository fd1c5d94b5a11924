"""The phase of a cooperative, derived from its milestones and business units (DESIGN.md formation)."""

from collections.abc import Iterable

from kopdes.formation.choices import LEGAL_COMPLETE_KINDS, MilestoneKind, Phase


def derive_phase(reached: Iterable[str], has_operating_unit: bool) -> int:
    """Highest phase whose requirements and those of every lower phase hold.

    `reached` are the kinds of the milestones that are not rejected. The musyawarah implies the socialisation
    happened even when the latter was not recorded; later phases need every earlier one, so a rejected akta pulls
    a cooperative back to phase 2 even if its SK is recorded."""
    reached = set(reached)
    phase = Phase.BELUM_MULAI
    if MilestoneKind.SOSIALISASI in reached or MilestoneKind.MUSDESUS in reached:
        phase = Phase.SOSIALISASI
    if MilestoneKind.MUSDESUS in reached:
        phase = Phase.MUSDESUS
    if phase == Phase.MUSDESUS and MilestoneKind.AKTA in reached:
        phase = Phase.AKTA
    if phase == Phase.AKTA and MilestoneKind.BADAN_HUKUM in reached:
        phase = Phase.BADAN_HUKUM
    if phase == Phase.BADAN_HUKUM and reached >= LEGAL_COMPLETE_KINDS:
        phase = Phase.LEGALITAS_LENGKAP
    if phase == Phase.LEGALITAS_LENGKAP and has_operating_unit:
        phase = Phase.OPERASIONAL
    return int(phase)


# Record once: the identifiers a step gives the cooperative, asked for when the step is recorded and written to the
# cooperative in the same transaction (the first of each is the one the step cannot be recorded without on the page).
MILESTONE_IDENTIFIERS: dict[str, tuple[str, ...]] = {
    MilestoneKind.AKTA: ("akta_number", "notary"),
    MilestoneKind.BADAN_HUKUM: ("sk_ahu_number",),
    MilestoneKind.NIK_KOPERASI: ("nik_koperasi",),
    MilestoneKind.NIB: ("nib",),
    MilestoneKind.NPWP: ("npwp",),
    MilestoneKind.REKENING: ("bank_account", "bank_name"),
}


# What is still needed to leave each phase (sosialisasi is optional before the musyawarah).
GERAI = "gerai"  # not a milestone: a gerai with status "beroperasi"


def next_steps(reached: Iterable[str], has_operating_unit: bool) -> list[str]:
    """The milestone kinds (and `GERAI`) a cooperative still needs for its next phase, in the order to do them.
    Empty once it operates. Shares `derive_phase`'s reading of the rules, so a checklist never disagrees with it."""
    reached = set(reached)
    phase = derive_phase(reached, has_operating_unit)
    if phase < Phase.MUSDESUS:
        return [MilestoneKind.MUSDESUS]
    if phase == Phase.MUSDESUS:
        return [MilestoneKind.AKTA]
    if phase == Phase.AKTA:
        return [MilestoneKind.BADAN_HUKUM]
    if phase == Phase.BADAN_HUKUM:
        return [kind for kind in MilestoneKind.values if kind in LEGAL_COMPLETE_KINDS and kind not in reached]
    if phase == Phase.LEGALITAS_LENGKAP:
        return [GERAI]
    return []
