"""The books' PDFs (WeasyPrint, as the taskforce minutes and the dashboard briefing): the financial statements of a
year or a month (perhitungan hasil usaha, neraca, neraca saldo) with the board's signatures, and the SHU slips of a
book year, one page per member."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

PDF_STYLE = """
  @page { size: A4; margin: 1.8cm 1.8cm 1.8cm 2.2cm; }
  body { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; line-height: 1.35; }
  .kop { text-align: center; border-bottom: 3px double #000; padding-bottom: 6pt; margin-bottom: 10pt; }
  .kop .name { font-size: 13pt; font-weight: bold; text-transform: uppercase; }
  h1 { font-size: 12pt; text-align: center; text-transform: uppercase; margin: 0 0 8pt; }
  h2 { font-size: 11pt; margin: 12pt 0 4pt; }
  table { border-collapse: collapse; width: 100%; }
  td, th { border: 1px solid #000; padding: 2pt 5pt; vertical-align: top; text-align: left; font-weight: normal; }
  td.num { text-align: right; white-space: nowrap; }
  tr.total td, tr.total th { font-weight: bold; }
  table.facts td { border: none; padding: 1pt 4pt; }
  .sign { margin-top: 20pt; width: 100%; }
  .sign td { border: none; width: 50%; text-align: center; }
  .slip { page-break-after: always; }
  .slip:last-child { page-break-after: auto; }
  .muted { color: #555; font-size: 9pt; }
"""


def _render(template: str, context: dict) -> str:
    with translation.override("id"):
        return render_to_string(template, {"style": PDF_STYLE, "printed": timezone.localdate(), **context})


def _pdf(html: str) -> bytes:
    from weasyprint import HTML  # heavy import (cairo, pango), only when a PDF is asked for

    return HTML(string=html).write_pdf()


def statements_html(*, cooperative, result: dict, year: int, month: str = "") -> str:
    return _render(
        "books/statements_pdf.html", {"cooperative": cooperative, "result": result, "year": year, "month": month}
    )


def statements_pdf(**kwargs) -> bytes:
    return _pdf(statements_html(**kwargs))


def shu_slips_html(*, cooperative, result: dict, year: int, members: list[dict]) -> str:
    return _render(
        "books/shu_slips_pdf.html", {"cooperative": cooperative, "result": result, "year": year, "members": members}
    )


def shu_slips_pdf(**kwargs) -> bytes:
    return _pdf(shu_slips_html(**kwargs))
