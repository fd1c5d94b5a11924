import datetime

import pytest

from kopdes.helpdesk import rules

D = datetime.date


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (D(2026, 6, 1), 3, D(2026, 6, 4)),  # Monday → Thursday
        (D(2026, 6, 5), 3, D(2026, 6, 10)),  # Friday → Wednesday (weekend skipped)
        (D(2026, 6, 6), 3, D(2026, 6, 10)),  # Saturday → Wednesday
        (D(2026, 6, 7), 1, D(2026, 6, 8)),  # Sunday → Monday
        (D(2026, 6, 5), 10, D(2026, 6, 19)),  # two full weeks
        (D(2026, 6, 6), 0, D(2026, 6, 8)),  # 0 days on a Saturday: the next working day
    ],
)
def test_add_working_days_skips_weekends(start, days, due):
    assert rules.add_working_days(start, days) == due


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (D(2026, 6, 5), D(2026, 6, 5), 0),
        (D(2026, 6, 5), D(2026, 6, 7), 0),  # answered on Sunday after a Friday question
        (D(2026, 6, 5), D(2026, 6, 10), 3),
        (D(2026, 6, 1), D(2026, 6, 15), 10),
        (D(2026, 6, 1), D(2026, 6, 16), 11),
    ],
)
def test_working_days_between_is_the_inverse_of_adding(start, end, days):
    assert rules.working_days_between(start, end) == days


def test_route_to_the_camat_only_when_one_can_answer():
    assert rules.route(setting="camat", camat_available=True) == "camat"
    assert rules.route(setting="camat", camat_available=False) == "dinas"
    assert rules.route(setting="dinas", camat_available=True) == "dinas"


def test_reopen_window_is_14_days_after_closing():
    closed = D(2026, 6, 1)
    assert rules.reopen_error(closed_on=closed, today=D(2026, 6, 15)) is None
    assert "pertanyaan baru" in rules.reopen_error(closed_on=closed, today=D(2026, 6, 16))
    assert rules.reopen_error(closed_on=None, today=closed) is not None


def test_anonymity_finds_phones_nik_email_and_names():
    names = ["Sumarni Ardi", "Janju"]
    assert rules.anonymity_problems("Siapa menandatangani berita acara?", names=names) == []
    problems = rules.anonymity_problems(
        "Pak Sumarni Ardi dari Janju, telp 0812-3456-7890, NIK 6401040101900001, a@b.id", names=names
    )
    assert len(problems) == 5


def test_whatsapp_link_normalises_indonesian_numbers():
    assert rules.whatsapp_number("0812-3456-7890") == "6281234567890"
    assert rules.whatsapp_number("+62 812 3456 7890") == "6281234567890"
    assert rules.whatsapp_number("812345678") == "62812345678"
    assert rules.whatsapp_number("12") is None
    link = rules.whatsapp_link("0812 3456 7890", 'Yth. Bapak, terkait konsultasi #3 "akta"')
    assert link == "https://wa.me/6281234567890?text=Yth.%20Bapak%2C%20terkait%20konsultasi%20%233%20%22akta%22"
    assert rules.whatsapp_link("", "x") is None
