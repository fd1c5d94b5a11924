"""Pages of the books: for the pengurus of a cooperative (their cooperative only; phone-friendly daily entry of
sales at the cashier page), readable by the regency roles whose scope covers the cooperative. Views parse, scope
(404 outside scope), check the capability to keep books (403) and hand writes to the services."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kopdes.accounts.choices import Capability
from kopdes.books import pdf, selectors, services, workbook
from kopdes.books.choices import Account, AccountKind, ShuItem
from kopdes.books.forms import (
    BooksOpenForm,
    ChartAccountForm,
    CostForm,
    LoanForm,
    LoanProductForm,
    LoanRepaymentForm,
    MemberForm,
    RatForm,
    SaleForm,
    SavingForm,
)
from kopdes.books.models import Cost, JournalEntry, Member, Rat, Saving
from kopdes.cooperatives.models import Cooperative
from kopdes.cooperatives.rules import mask_nik
from kopdes.cooperatives.selectors import nik_shown
from kopdes.core.choices import BusinessCategory
from kopdes.core.exports import FORMATS, Sheet, table_response, workbook_response
from kopdes.core.htmx import render_page
from kopdes.core.scoping import get_object_for_user, region_user, require, scope_for, scoped_region, user_can
from kopdes.regions.models import Region

PAGE_SIZE = 50
MEMBER_COLUMNS = ["nomor_anggota", "nik", "nama", "jenis_kelamin", "tanggal_masuk", "tanggal_keluar",
                  "simpanan_pokok", "simpanan_wajib", "simpanan_sukarela"]  # fmt: skip


def _pdf_response(content: bytes, stem: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    safe = "".join(ch if ch.isalnum() or ch in "-." else "-" for ch in stem)
    response["Content-Disposition"] = f'inline; filename="{safe}.pdf"'
    return response


def _fmt(request) -> str | None:
    fmt = request.GET.get("format")
    if fmt and fmt not in FORMATS:
        raise Http404
    return fmt


def _day(value: str | None, default: datetime.date) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value) if value else default
    except ValueError:
        return default


def _year(request, default: int) -> int:
    try:
        year = int(request.GET.get("tahun") or default)
    except ValueError:
        return default
    return year if 2000 <= year <= 2100 else default


def _context(request, cooperative, **extra) -> dict:
    settings = getattr(cooperative, "opened_books", None)  # read by _opened in this request
    if settings is None:
        settings = selectors.books_settings(cooperative=cooperative)
    return {
        "cooperative": cooperative,
        "settings": settings,
        "keeper": user_can(request.user, Capability.KEEP_BOOKS),
        "gerai": sorted(services.operating_categories(cooperative)),
        "today": timezone.localdate(),
        **extra,
    }


def _opened(request, pk: int):
    """The cooperative if its books are open (404 otherwise), with the settings read here for the page's context
    (`opened_books`), so that the page does not read them again."""
    cooperative = selectors.books_cooperative(user=request.user, pk=pk)
    cooperative.opened_books = selectors.books_settings(cooperative=cooperative)
    if cooperative.opened_books is None:
        raise Http404
    return cooperative


@require_GET
@login_required
def home(request):
    """The cooperatives the user sees that keep books; a pengurus with one cooperative goes straight to it."""
    cooperatives = selectors.cooperatives_with_books(user=request.user)
    if not region_user(request.user):
        own = list(Cooperative.objects.for_user(request.user).values_list("pk", flat=True)[:2])
        if len(own) == 1:
            return redirect("books:cooperative", own[0])
    page = Paginator(cooperatives, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(request, "books/home.html", {"page": page, "region_user": region_user(request.user)})


@require_GET
@login_required
def region(request):
    """The books block and its rows by child region, for the region in `?region=` (default: the user's own)."""
    if not region_user(request.user):
        raise Http404
    code = request.GET.get("region") or scope_for(request.user).home_code
    if code in ("", "ID"):
        found = None
    else:
        found = Region.objects.filter(code=code).first()
        if found is None:
            raise Http404
    scoped = scoped_region(request.user, found)
    context = {
        "scoped": scoped,
        "code": scoped.code or "ID",
        "block": selectors.books_block(region=scoped),
        "children": selectors.books_by_child(region=scoped),
    }
    return render_page(request, "books/region.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def cooperative(request, pk: int):
    cooperative = selectors.books_cooperative(user=request.user, pk=pk)
    settings = selectors.books_settings(cooperative=cooperative)
    form = None
    if settings is None:
        form = BooksOpenForm(request.POST or None, initial={"opened_on": timezone.localdate()})
        if request.method == "POST":
            require(request.user, Capability.KEEP_BOOKS)
            if form.is_valid():
                try:
                    services.books_open(actor=request.user, cooperative=cooperative, **form.cleaned_data)
                except ValidationError as exc:
                    form.add_service_errors(exc)
                else:
                    messages.success(request, _("Pembukuan dibuka."))
                    return redirect("books:cooperative", pk)
    elif request.method == "POST":
        raise Http404
    cooperative.opened_books = settings
    panel = selectors.cooperative_books(cooperative=cooperative, settings=settings)
    context = _context(request, cooperative, form=form, panel=panel)
    return render_page(
        request, "books/cooperative.html", context, status=400 if form is not None and form.errors else 200
    )


@require_http_methods(["GET", "POST"])
@login_required
def members(request, pk: int):
    cooperative = _opened(request, pk)
    form = MemberForm(request.POST or None)
    if request.method == "POST":
        require(request.user, Capability.KEEP_BOOKS)
        if form.is_valid():
            try:
                member = services.member_create(actor=request.user, cooperative=cooperative, **form.cleaned_data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("Anggota %(n)s dicatat.") % {"n": member.number})
                return redirect("books:members", pk)
    search = request.GET.get("q", "")[:100]
    listed = selectors.member_list(user=request.user, cooperative=cooperative, search=search)
    show_nik = user_can(request.user, Capability.VIEW_NIK)
    fmt = _fmt(request)
    if fmt:
        if show_nik:
            nik_shown(request.user, [("member", m.pk, m.name, m.nik, cooperative.pk) for m in listed])
        rows = (
            [m.number, m.nik if show_nik else mask_nik(m.nik), m.name, m.sex, m.joined_on, m.left_on, m.pokok,
             m.wajib, m.sukarela]
            for m in listed
        )  # fmt: skip
        return table_response(fmt, f"anggota-{cooperative.village_id}", MEMBER_COLUMNS, rows, sheet_title="anggota")
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    for member in page:
        member.nik_shown = member.nik if show_nik else mask_nik(member.nik)
    if show_nik:
        nik_shown(request.user, [("member", m.pk, m.name, m.nik, cooperative.pk) for m in page])
    context = _context(request, cooperative, form=form, page=page, q=search)
    return render_page(request, "books/members.html", context, partial="results", status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def savings(request, pk: int):
    cooperative = _opened(request, pk)
    today = timezone.localdate()
    form = SavingForm(request.POST or None, initial={"day": today, "member": request.GET.get("anggota", "")})
    if request.method == "POST":
        require(request.user, Capability.KEEP_BOOKS)
        if form.is_valid():
            data = form.cleaned_data
            member = Member.objects.filter(cooperative=cooperative, number=data["member"]).first()
            if member is None:
                form.add_error("member", _("Anggota dengan nomor ini tidak ada."))
            else:
                try:
                    saving = services.saving_record(
                        actor=request.user, member=member, day=data["day"], kind=data["kind"], amount=data["amount"]
                    )
                except ValidationError as exc:
                    form.add_service_errors(exc)
                else:
                    messages.success(request, _("Simpanan dicatat, bukti %(n)s.") % {"n": saving.entry.number})
                    return redirect("books:receipt", pk, saving.entry_id)
    as_of = _day(request.GET.get("per"), today)
    arrears = selectors.arrears(cooperative=cooperative, as_of=as_of)
    for row in arrears:
        row["wa"] = selectors.whatsapp_link(row["member"], row["months"], row["rupiah"], cooperative)
    recent = Saving.objects.for_user(request.user).filter(cooperative=cooperative).select_related("member", "entry")
    context = _context(
        request, cooperative, form=form, arrears=arrears, as_of=as_of, recent=recent.order_by("-date", "-pk")[:30]
    )
    return render_page(request, "books/savings.html", context, status=400 if form.errors else 200)


@require_GET
@login_required
def receipt(request, pk: int, entry_pk: int):
    """A printable, phone-friendly receipt of one entry (simpanan, sale, cost)."""
    cooperative = _opened(request, pk)
    entry = get_object_for_user(
        JournalEntry.objects.select_related("saving__member", "sale", "cost", "loan_repayment__loan__member"),
        request.user, pk=entry_pk, cooperative=cooperative,
    )  # fmt: skip
    total = sum(line.debit for line in entry.lines.all())
    return render_page(request, "books/receipt.html", _context(request, cooperative, entry=entry, total=total))


@require_http_methods(["GET", "POST"])
@login_required
def cashier(request, pk: int, category: str):
    """The day's sales at one gerai: the form first, then the running total and the day's rows (each reversible)."""
    cooperative = _opened(request, pk)
    if category not in BusinessCategory.values:
        raise Http404
    day = _day(request.GET.get("tanggal") or request.POST.get("tanggal"), timezone.localdate())
    form = SaleForm(request.POST or None)
    if request.method == "POST":
        require(request.user, Capability.KEEP_BOOKS)
        if form.is_valid():
            data = form.cleaned_data
            member = None
            if data["member"]:
                member = Member.objects.filter(cooperative=cooperative, number=data["member"].strip()).first()
                if member is None:
                    form.add_error("member", _("Anggota dengan nomor ini tidak ada."))
            if not form.errors:
                try:
                    services.sale_record(
                        actor=request.user, cooperative=cooperative, day=day, category=category, value=data["value"],
                        cost=data["cost"], member=member,
                    )  # fmt: skip
                except ValidationError as exc:
                    form.add_service_errors(exc)
                else:
                    form = SaleForm()
    sales = list(selectors.sales_of_day(cooperative=cooperative, category=category, day=day))
    context = _context(
        request, cooperative, form=form, category=category, category_label=BusinessCategory(category).label,
        day=day, sales=sales, total=sum(s.value for s in sales), total_cost=sum(s.cost for s in sales),
    )  # fmt: skip
    return render_page(request, "books/cashier.html", context, partial="day", status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def costs(request, pk: int):
    cooperative = _opened(request, pk)
    form = CostForm(request.POST or None, initial={"day": timezone.localdate()})
    if request.method == "POST":
        require(request.user, Capability.KEEP_BOOKS)
        if form.is_valid():
            try:
                services.cost_record(actor=request.user, cooperative=cooperative, **form.cleaned_data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("Biaya dicatat."))
                return redirect("books:costs", pk)
    recent = Cost.objects.for_user(request.user).filter(cooperative=cooperative).select_related("entry")
    context = _context(request, cooperative, form=form, recent=recent.order_by("-date", "-pk")[:50])
    return render_page(request, "books/costs.html", context, status=400 if form.errors else 200)


@require_GET
@login_required
def journal(request, pk: int):
    cooperative = _opened(request, pk)
    entries = selectors.journal(user=request.user, cooperative=cooperative)
    fmt = _fmt(request)
    if fmt:
        rows = (
            [e.date, e.number, e.kind, e.description, line.account, line.debit, line.credit]
            for e in entries.iterator(chunk_size=2000)
            for line in e.lines.all()
        )
        headers = ["tanggal", "no_bukti", "jenis", "uraian", "akun", "debit", "kredit"]
        return table_response(fmt, f"jurnal-{cooperative.village_id}", headers, rows, sheet_title="jurnal")
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(request, "books/journal.html", _context(request, cooperative, page=page), partial="results")


@require_POST
@login_required
def reverse_entry(request, pk: int, entry_pk: int):
    cooperative = _opened(request, pk)
    entry = get_object_for_user(JournalEntry, request.user, pk=entry_pk, cooperative=cooperative)
    require(request.user, Capability.KEEP_BOOKS)
    try:
        mirror = services.entry_reverse(actor=request.user, entry=entry)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Jurnal %(n)s dibalik dengan %(m)s.") % {"n": entry.number, "m": mirror.number})
    back = request.POST.get("next") or ""
    if back.startswith("/pembukuan/"):
        return redirect(back)
    return redirect("books:journal", pk)


@require_POST
@login_required
def close_month(request, pk: int):
    cooperative = _opened(request, pk)
    require(request.user, Capability.KEEP_BOOKS)
    through = _day(request.POST.get("bulan"), None) if request.POST.get("bulan") else None
    if through is None or through >= timezone.localdate().replace(day=1):
        messages.error(request, _("Pilih bulan yang sudah berakhir."))
    else:
        settings = services.month_close(actor=request.user, cooperative=cooperative, through=through)
        messages.success(request, _("Buku ditutup sampai %(d)s.") % {"d": settings.closed_through.isoformat()})
    return redirect("books:statements", pk)


@require_GET
@login_required
def statements(request, pk: int):
    """Laba rugi and neraca for a year (`?tahun=`) or a month (`&bulan=`), and the trial balance; XLSX export."""
    cooperative = _opened(request, pk)
    today = timezone.localdate()
    year = _year(request, today.year)
    month = request.GET.get("bulan")
    if month and month.isdigit() and 1 <= int(month) <= 12:
        result = selectors.month_statements(cooperative=cooperative, year=year, month=int(month))
    else:
        month = ""
        result = selectors.year_statements(cooperative=cooperative, year=year)
    if request.GET.get("format") == "pdf":
        content = pdf.statements_pdf(cooperative=cooperative, result=result, year=year, month=month)
        stem = f"laporan-keuangan-{cooperative.village_id}-{year}{'-' + month if month else ''}"
        return _pdf_response(content, stem)
    if _fmt(request):
        stem = f"laporan-keuangan-{cooperative.village_id}-{year}{'-' + month if month else ''}"
        return workbook_response(stem, [
            Sheet("laba rugi", ["akun", "nama", "jumlah"],
                  [[r["account"], str(r["name"]), r["amount"]] for r in result["laba_rugi_lines"]]
                  + [["", "SHU", result["laba_rugi"]["shu"]]]),
            Sheet("neraca", ["akun", "nama", "jumlah"],
                  [[r["account"], str(r["name"]), r["amount"]] for r in result["neraca_lines"]]
                  + [["", "SHU belum dibagi", result["result_to_date"]]]),
            Sheet("neraca saldo", ["akun", "nama", "debit", "kredit"],
                  [[r["account"], str(r["name"]), r["debit"], r["credit"]] for r in result["trial_balance"]]),
        ])  # fmt: skip
    months = [str(m) for m in range(1, 13)]
    context = _context(
        request, cooperative, result=result, year=year, month=month, years=range(2025, today.year + 1), months=months
    )
    return render_page(request, "books/statements.html", context)


@require_GET
@login_required
def shu(request, pk: int):
    cooperative = _opened(request, pk)
    year = _year(request, timezone.localdate().year - 1)
    result = selectors.shu_for(cooperative=cooperative, year=year)
    names = dict(Member.objects.filter(cooperative=cooperative).values_list("number", "name"))
    for row in result["members"]:
        row["name"] = names.get(row["nomor_anggota"], "")
    pools = [(ShuItem(item).label, result["division"].get(item, 0), amount) for item, amount in result["pools"].items()]
    if request.GET.get("format") == "pdf":
        number = request.GET.get("anggota", "")
        members = [row for row in result["members"] if not number or row["nomor_anggota"] == number]
        if number and not members:
            raise Http404
        content = pdf.shu_slips_pdf(cooperative=cooperative, result=result, year=year, members=members)
        return _pdf_response(content, f"slip-shu-{cooperative.village_id}-{year}{'-' + number if number else ''}")
    fmt = _fmt(request)
    if fmt:
        rows = (
            [r["nomor_anggota"], r["name"], r["jasa_modal"], r["jasa_anggota"], r["total"]] for r in result["members"]
        )
        headers = ["nomor_anggota", "nama", "jasa_modal", "jasa_anggota", "total"]
        return table_response(fmt, f"shu-{cooperative.village_id}-{year}", headers, rows, sheet_title="SHU")
    context = _context(request, cooperative, result=result, year=year, pools=pools)
    return render_page(request, "books/shu.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def rat(request, pk: int):
    cooperative = _opened(request, pk)
    today = timezone.localdate()
    form = RatForm(request.POST or None, initial={"year": today.year - 1, "held_on": today})
    if request.method == "POST":
        require(request.user, Capability.KEEP_BOOKS)
        if form.is_valid():
            try:
                services.rat_record(actor=request.user, cooperative=cooperative, **form.cleaned_data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("RAT dicatat; tahun buku ditutup."))
                return redirect("books:rat", pk)
    held = Rat.objects.for_user(request.user).filter(cooperative=cooperative).order_by("-year")
    context = _context(request, cooperative, form=form, held=held)
    return render_page(request, "books/rat.html", context, status=400 if form.errors else 200)


LOAN_COLUMNS = ["nomor_pinjaman", "nomor_anggota", "nama", "produk", "tanggal_cair", "pokok", "tenor", "jasa_persen",
                "perhitungan", "status", "sisa_pokok", "tunggakan", "hari_tunggakan", "kolektibilitas"]  # fmt: skip


@require_http_methods(["GET", "POST"])
@login_required
def loans(request, pk: int):
    """The simpan pinjam unit: the portfolio by collectability, the products, the loans with their days past due;
    the pengurus adds products and disburses loans here. `?per=` shows the position on another day."""
    cooperative = _opened(request, pk)
    today = timezone.localdate()
    products = selectors.loan_products(cooperative=cooperative)
    product_form = LoanProductForm(request.POST if request.POST.get("form") == "product" else None)
    loan_form = LoanForm(
        request.POST if request.POST.get("form") == "loan" else None,
        products=products.filter(active=True),
        initial={"day": today},
    )
    if request.method == "POST":
        require(request.user, Capability.KEEP_BOOKS)
        if request.POST.get("form") == "product" and product_form.is_valid():
            try:
                services.loan_product_create(actor=request.user, cooperative=cooperative, **product_form.service_data())
            except ValidationError as exc:
                product_form.add_service_errors(exc)
            else:
                messages.success(request, _("Produk pinjaman dicatat."))
                return redirect("books:loans", pk)
        elif request.POST.get("form") == "loan" and loan_form.is_valid():
            data = loan_form.cleaned_data
            member = Member.objects.filter(cooperative=cooperative, number=data["member"].strip()).first()
            if member is None:
                loan_form.add_error("member", _("Anggota dengan nomor ini tidak ada."))
            else:
                try:
                    loan = services.loan_disburse(
                        actor=request.user, product=data["product"], member=member, day=data["day"],
                        amount=data["amount"], tenor=data["tenor"],
                    )  # fmt: skip
                except ValidationError as exc:
                    loan_form.add_service_errors(exc)
                else:
                    messages.success(request, _("Pinjaman %(n)s dicairkan.") % {"n": loan.number})
                    return redirect("books:loan", pk, loan.pk)
        elif request.POST.get("form") not in ("product", "loan"):
            raise Http404
    as_of = _day(request.GET.get("per"), today)
    rows = selectors.loans(user=request.user, cooperative=cooperative, as_of=as_of)
    if _fmt(request):
        table = (
            [loan.number, loan.member.number, loan.member.name, loan.product.name, loan.disbursed_on, loan.amount_rp,
             loan.tenor, loan.rate_bp / 100, loan.method, loan.status, loan.outstanding, loan.arrears,
             loan.days_past_due, loan.collectability]
            for loan in rows
        )  # fmt: skip
        return table_response(_fmt(request), f"pinjaman-{cooperative.village_id}-{as_of}", LOAN_COLUMNS, table,
                              sheet_title="pinjaman")  # fmt: skip
    bad = request.method == "POST"
    context = _context(
        request, cooperative, products=products, product_form=product_form, loan_form=loan_form, loans=rows,
        portfolio=selectors.loan_portfolio(rows), as_of=as_of,
    )  # fmt: skip
    return render_page(request, "books/loans.html", context, status=400 if bad else 200)


@require_http_methods(["GET", "POST"])
@login_required
def loan(request, pk: int, loan_pk: int):
    """One loan: its terms, its schedule with what each instalment received, its repayments (each with its
    receipt, reversible), days past due and collectability; the pengurus records a repayment here."""
    cooperative = _opened(request, pk)
    today = timezone.localdate()
    found = selectors.loan_detail(user=request.user, cooperative=cooperative, pk=loan_pk)
    form = LoanRepaymentForm(request.POST or None, initial={"day": today})
    if request.method == "POST":
        require(request.user, Capability.KEEP_BOOKS)
        if form.is_valid():
            try:
                repayment = services.loan_repay(
                    actor=request.user, loan=found, day=form.cleaned_data["day"], amount=form.cleaned_data["amount"]
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("Angsuran dicatat, bukti %(n)s.") % {"n": repayment.entry.number})
                return redirect("books:receipt", pk, repayment.entry_id)
    context = _context(request, cooperative, loan=found, form=form)
    return render_page(request, "books/loan.html", context, status=400 if form.errors else 200)


MAX_WORKBOOK = 20 * 1024 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _staged(cooperative, digest: str) -> str:
    return f"books/impor/{cooperative.pk}/{digest}.xlsx"


@require_http_methods(["GET", "POST"])
@login_required
def import_workbook(request, pk: int):
    """Import existing books from the template workbook: download the template (or these books in its shape),
    upload a file for the preview (every row checked, nothing written), then confirm exactly the previewed file."""
    import hashlib

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    cooperative = selectors.books_cooperative(user=request.user, pk=pk)
    download = request.GET.get("unduh")
    if download in ("template", "export"):
        if download == "export" and selectors.books_settings(cooperative=cooperative) is None:
            raise Http404
        content = (
            workbook.template_workbook(cooperative=cooperative)
            if download == "template"
            else workbook.export_workbook(cooperative=cooperative)
        )
        response = HttpResponse(content, content_type=XLSX)
        stem = "templat-buku" if download == "template" else "buku"
        response["Content-Disposition"] = f'attachment; filename="{stem}-{cooperative.village_id}.xlsx"'
        return response
    result = digest = None
    status = 200
    if request.method == "POST":
        require(request.user, Capability.KEEP_BOOKS)
        confirm = request.POST.get("konfirmasi", "")
        if confirm:
            if not (len(confirm) == 64 and all(ch in "0123456789abcdef" for ch in confirm)):
                raise Http404
            path = _staged(cooperative, confirm)
            if not default_storage.exists(path):
                messages.error(request, _("Berkas pratinjau tidak ada lagi; unggah ulang."))
                return redirect("books:import", pk)
            with default_storage.open(path, "rb") as handle:
                data = handle.read()
            result = workbook.import_books(actor=request.user, cooperative=cooperative, data=data)
            if result.ok:
                default_storage.delete(path)
                messages.success(
                    request,
                    _("Buku diimpor: %(c)d baris baru, %(u)d tetap.") % {"c": result.created, "u": result.unchanged},
                )
                return redirect("books:cooperative", pk)
            status = 400
        else:
            upload = request.FILES.get("berkas")
            if upload is None or upload.size > MAX_WORKBOOK:
                messages.error(request, _("Pilih berkas XLSX (paling besar 20 MB)."))
                status = 400
            else:
                data = upload.read()
                result = workbook.import_books(actor=request.user, cooperative=cooperative, data=data, dry_run=True)
                if result.ok:
                    digest = hashlib.sha256(data).hexdigest()
                    path = _staged(cooperative, digest)
                    if not default_storage.exists(path):
                        default_storage.save(path, ContentFile(data))
                else:
                    status = 400
    context = _context(request, cooperative, result=result, digest=digest)
    return render_page(request, "books/import.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def chart(request, pk: int):
    """The cooperative's chart of accounts: the default SAK EP chart with its own changes; the pengurus renames an
    account, sets one aside or adds one of its own."""
    cooperative = _opened(request, pk)
    form = ChartAccountForm(request.POST or None)
    if request.method == "POST":
        require(request.user, Capability.KEEP_BOOKS)
        if form.is_valid():
            try:
                services.chart_account_save(actor=request.user, cooperative=cooperative, **form.cleaned_data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("Bagan akun disimpan."))
                return redirect("books:chart", pk)
    active = selectors.chart(cooperative=cooperative, active_only=True)
    rows = [
        {"code": code, "name": name, "kind": AccountKind(services.account_kind(code)).label,
         "default": code in Account.values, "active": code in active}
        for code, name in selectors.chart(cooperative=cooperative).items()
    ]  # fmt: skip
    context = _context(request, cooperative, form=form, rows=rows)
    return render_page(request, "books/chart.html", context, status=400 if form.errors else 200)
