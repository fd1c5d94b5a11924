from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Admin (Dinas Koperasi / Satgas)")
    DPMD = "dpmd", _("DPMD")
    CAMAT = "camat", _("Camat")
    KEPALA_DESA = "kepala_desa", _("Kepala desa / lurah")
    PENGURUS = "pengurus", _("Pengurus / pengawas koperasi")
    PENDAMPING = "pendamping", _("Pendamping usaha")
    PIMPINAN = "pimpinan", _("Pimpinan (hanya lihat)")
    MITRA = "mitra", _("Mitra / bank")


class Capability(models.TextChoices):
    """What a role may do inside its scope. Seeing is decided by scope alone; these decide changing."""

    EDIT_COOPERATIVE = "edit_cooperative", _("mengubah data koperasi, pengurus, gerai dan dokumen")
    REGISTER_COOPERATIVE = "register_cooperative", _("mendaftarkan koperasi")
    RECORD_MILESTONE = "record_milestone", _("mencatat tahapan pembentukan")
    VERIFY_MILESTONE = "verify_milestone", _("memverifikasi tahapan")
    MANAGE_TARGETS = "manage_targets", _("mengatur target")
    VIEW_NIK = "view_nik", _("melihat NIK lengkap")
    MAP_POTENTIAL = "map_potential", _("mencatat potensi usaha desa")
    MANAGE_BUMDES = "manage_bumdes", _("mengelola data BUMDes dan unit usahanya")
    DECIDE_OVERLAP = "decide_overlap", _("memutuskan tumpang tindih usaha koperasi dengan BUMDes")
    IMPORT_SIMKOPDES = "import_simkopdes", _("mengimpor dan mencocokkan data SIMKOPDES")
    MANAGE_TASKFORCE = "manage_taskforce", _("mencatat SK, surat edaran, OPD, rapat Satgas dan keputusannya")
    UPDATE_ACTION = "update_action", _("melaporkan perkembangan tindakan Satgas")
    MANAGE_TRAINING_CATALOGUE = "manage_training_catalogue", _("mengelola katalog pelatihan dan lembaga (nasional)")
    MANAGE_TRAINING = "manage_training", _("mengelola kegiatan pelatihan, undangan, kehadiran dan hasil")
    ASK_CONSULTATION = "ask_consultation", _("mengajukan konsultasi")
    ANSWER_CONSULTATION = "answer_consultation", _("menjawab konsultasi")
    PUBLISH_ARTICLE = "publish_article", _("menerbitkan jawaban konsultasi sebagai artikel")
    MANAGE_HELPDESK = "manage_helpdesk", _("mengatur topik dan target jawaban konsultasi")
    MANAGE_CONTACTS = "manage_contacts", _("mencatat tim fasilitator, pendamping dan kontak camat")
    MANAGE_PARTNERS = "manage_partners", _("mengelola daftar mitra (nasional)")
    MANAGE_PARTNERSHIPS = "manage_partnerships", _("mencatat kemitraan koperasi")
    PREPARE_FINANCING = "prepare_financing", _("menyusun pengajuan pembiayaan koperasi")
    APPROVE_FINANCING = "approve_financing", _("mencatat persetujuan kepala desa / bupati atas pengajuan pembiayaan")
    DECIDE_FINANCING = "decide_financing", _("mencatat penilaian, perjanjian, pencairan dan pembayaran (bank)")
    KEEP_BOOKS = "keep_books", _("mencatat pembukuan koperasi: anggota, simpanan, penjualan, jurnal, RAT")
    VISIT_COOPERATIVE = "visit_cooperative", _("mencatat kunjungan lapangan ke koperasi")
    MANAGE_ASSESSMENT = "manage_assessment", _("mengatur bobot penilaian keaktifan koperasi")
    AUDIT_PERSONAL_DATA = "audit_personal_data", _("melihat log akses NIK lengkap dan mengekspor arsip data koperasi")


ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.ADMIN: frozenset(Capability.values) - {Capability.KEEP_BOOKS},  # books are the pengurus's own
    Role.DPMD: frozenset(
        {
            Capability.RECORD_MILESTONE,
            Capability.MAP_POTENTIAL,
            Capability.MANAGE_BUMDES,
            Capability.DECIDE_OVERLAP,
            Capability.UPDATE_ACTION,
            Capability.MANAGE_TRAINING,
            Capability.MANAGE_CONTACTS,
            Capability.MANAGE_PARTNERSHIPS,
            Capability.VISIT_COOPERATIVE,
        }
    ),
    Role.CAMAT: frozenset(
        {Capability.RECORD_MILESTONE, Capability.MAP_POTENTIAL, Capability.UPDATE_ACTION, Capability.MANAGE_TRAINING}
        | {Capability.ASK_CONSULTATION, Capability.ANSWER_CONSULTATION, Capability.MANAGE_CONTACTS}
        | {Capability.VISIT_COOPERATIVE}
    ),
    Role.KEPALA_DESA: frozenset(
        {
            Capability.RECORD_MILESTONE,
            Capability.REGISTER_COOPERATIVE,
            Capability.EDIT_COOPERATIVE,
            Capability.VIEW_NIK,
            Capability.MAP_POTENTIAL,
            Capability.DECIDE_OVERLAP,
            Capability.UPDATE_ACTION,
            Capability.ASK_CONSULTATION,
            Capability.MANAGE_CONTACTS,
            Capability.APPROVE_FINANCING,
        }
    ),
    Role.PENGURUS: frozenset(
        {Capability.EDIT_COOPERATIVE, Capability.RECORD_MILESTONE, Capability.VIEW_NIK, Capability.ASK_CONSULTATION}
        | {Capability.KEEP_BOOKS}
        | {Capability.MANAGE_PARTNERSHIPS, Capability.PREPARE_FINANCING}
    ),
    Role.PENDAMPING: frozenset(
        {Capability.RECORD_MILESTONE, Capability.ASK_CONSULTATION} | {Capability.VISIT_COOPERATIVE}
    ),
    Role.PIMPINAN: frozenset(),
    Role.MITRA: frozenset({Capability.DECIDE_FINANCING}),
}

# Roles whose scope is a list of cooperatives rather than a region.
COOPERATIVE_ROLES = frozenset({Role.PENGURUS, Role.PENDAMPING})
