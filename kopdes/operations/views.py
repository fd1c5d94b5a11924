"""Pages of operations: the access log of full NIK displays (regency admin) and a cooperative's data archive."""

from __future__ import annotations

import tempfile

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from kopdes.accounts.choices import Capability
from kopdes.cooperatives.models import Cooperative
from kopdes.core.htmx import render_page
from kopdes.core.scoping import get_object_for_user, require, user_can
from kopdes.operations.archive import cooperative_archive
from kopdes.operations.models import NikView

PAGE_SIZE = 100


@require_GET
@login_required
def nik_log(request):
    """Who saw whose full NIK, when and where, inside the admin's region (newest first)."""
    require(request.user, Capability.AUDIT_PERSONAL_DATA)
    views = NikView.objects.for_user(request.user)
    q = request.GET.get("q", "").strip()[:100]
    if q:
        views = views.filter(Q(viewer_name__icontains=q) | Q(subject_label__icontains=q) | Q(village_code=q))
    page = Paginator(views, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(request, "operations/nik_log.html", {"page": page, "q": q}, partial="results")


@require_GET
@login_required
def archive_download(request, pk: int):
    """All of one cooperative's own data as a ZIP: for its board (and the kepala desa) and the regency admin."""
    cooperative = get_object_for_user(Cooperative.objects.all(), request.user, pk=pk)
    if not (
        user_can(request.user, Capability.EDIT_COOPERATIVE) or user_can(request.user, Capability.AUDIT_PERSONAL_DATA)
    ):
        raise PermissionDenied
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once sent
    cooperative_archive(user=request.user, cooperative=cooperative, target=handle)
    handle.seek(0)
    name = f"arsip-koperasi-{cooperative.village_id}-{timezone.localdate():%Y%m%d}.zip"
    return FileResponse(handle, as_attachment=True, filename=name, content_type="application/zip")
