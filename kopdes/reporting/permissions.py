"""Who may write, review and configure reports (checked after scope, so outsiders get 404 first; a role that may
not gets 403). Roles, not new capabilities: the camat writes the kecamatan's report and reviews its cooperatives';
the pengurus (and the kepala desa) write their cooperative's; a pendamping writes their own; the regency's office
(admin) writes on behalf of anyone and reviews everything; the pimpinan only reads."""

from __future__ import annotations

from kopdes.accounts.choices import Role
from kopdes.core.scoping import code_covers, scope_for
from kopdes.reporting.choices import FormKind


def _admin_over(user, code: str) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return user.role == Role.ADMIN and scope_for(user).covers_code(code)


def may_write(user, report) -> bool:
    """May `user` fill in and submit `report` (its unit is theirs)?"""
    if _admin_over(user, report.region_id):
        return True
    role = getattr(user, "role", None)
    if report.kind == FormKind.CAMAT:
        return role == Role.CAMAT and user.region_id == report.region_id
    if report.kind == FormKind.KOPERASI:
        if role == Role.PENGURUS:
            return report.cooperative_id in scope_for(user).cooperative_ids and user.cooperative_id == (
                report.cooperative_id
            )
        return role == Role.KEPALA_DESA and user.region_id == report.region_id
    return role == Role.PENDAMPING and report.pendamping_id == user.pk


def may_review(user, report) -> bool:
    """The regency reviews camat and pendamping reports; the camat (or the regency) cooperative reports."""
    if _admin_over(user, report.region_id):
        return True
    if report.kind == FormKind.KOPERASI and getattr(user, "role", None) == Role.CAMAT and user.region_id:
        return code_covers(user.region_id, report.region_id)
    return False


def may_manage(user, regency_code: str) -> bool:
    """Set the forms' period and due day of a regency."""
    return _admin_over(user, regency_code)


def may_write_any(user) -> bool:
    """Does the role write reports at all (the "new report" button)?"""
    return getattr(user, "role", None) in {Role.ADMIN, Role.CAMAT, Role.PENGURUS, Role.KEPALA_DESA, Role.PENDAMPING}
