"""The milestone panel of the cooperative page: a rejected milestone is shown as not reached, and the form
suggests recording it again."""

import datetime
import re

from django.urls import reverse

from kopdes.formation.services import milestone_record, milestone_reject

D = datetime.date


def test_rejected_milestone_is_not_reached_and_is_suggested_again(client_for, kukar_officer, kukar_coop):
    milestone_record(actor=None, cooperative=kukar_coop, kind="sosialisasi", date=D(2025, 4, 1))
    musdesus = milestone_record(actor=None, cooperative=kukar_coop, kind="musdesus", date=D(2025, 5, 1))
    milestone_reject(actor=kukar_officer, milestone=musdesus, note="Berita acara belum ada")

    page = client_for(kukar_officer).get(reverse("cooperatives:cooperative_detail", args=[kukar_coop.pk]))
    html = page.content.decode()

    timeline = {kind: css for css, kind in re.findall(r'<li class="([^"]*)" data-milestone="(\w+)"', html)}
    assert timeline == {"sosialisasi": "reached", "musdesus": ""}
    assert re.search(r'<option value="musdesus" selected>', html)
