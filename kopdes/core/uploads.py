"""Checks for uploaded evidence: the type is read from the file's first bytes, never from its name."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

SIGNATURES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)


def sniff_content_type(head: bytes) -> tuple[str, str] | None:
    for signature, content_type, extension in SIGNATURES:
        if head.startswith(signature):
            return content_type, extension
    return None


def inspect_upload(uploaded_file) -> tuple[str, str, str]:
    """(content_type, extension, sha256) of an allowed upload, or ValidationError with the reason in Indonesian."""
    limit = settings.UPLOAD_MAX_BYTES
    if uploaded_file.size > limit:
        raise ValidationError(
            _("Berkas terlalu besar (%(size).1f MB); paling besar %(limit)d MB.")
            % {"size": uploaded_file.size / 1_048_576, "limit": limit // 1_048_576},
            code="too_large",
        )
    if uploaded_file.size == 0:
        raise ValidationError(_("Berkas kosong."), code="empty")
    uploaded_file.seek(0)
    sniffed = sniff_content_type(uploaded_file.read(16))
    if sniffed is None:
        raise ValidationError(
            _("Jenis berkas tidak diizinkan: hanya PDF, JPEG atau PNG (diperiksa dari isi berkas)."),
            code="file_type",
        )
    digest = hashlib.sha256()
    uploaded_file.seek(0)
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    return sniffed[0], sniffed[1], digest.hexdigest()
