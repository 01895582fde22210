from __future__ import annotations

from datetime import date

from caseboard.prioritisation import services
from caseboard.testing.factories import EpisodeFactory

TODAY = date(2026, 11, 24)


def rate(council, child=None, by=None, rating="amber", codes=("out_of_school", "no_other_professional"), **extra):
    return services.rag_rating_record(
        child=child or council.own_child,
        rated_by=by or council.worker,
        rating=rating,
        factor_codes=list(codes),
        rationale=extra.pop("rationale", ""),
        today=extra.pop("today", TODAY),
    )


def make_care_leaver(child):
    for episode in child.episodes.filter(end_on__isnull=True):
        episode.end_on = date(2026, 2, 1)
        episode.save()
    return EpisodeFactory(child=child, care_leaver=True, start_on=date(2026, 2, 2))
