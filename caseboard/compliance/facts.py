"""Turns the record into the rules engine's plain facts, for many children at once in a fixed number of queries.

Apps that hold facts the clock uses (visits, meetings, assessments) add a source with ``register_fact_source``;
each source returns, per child id, keyword arguments for ``ChildFacts`` (tuples are concatenated). Apps that say more
about an episode than its codes (the placements app: the setting, a reg 24 placement, the parent's assessment) add
an episode source with ``register_episode_fact_source``: per episode id, fields of ``EpisodeFact``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from caseboard.casework.models import Episode
from caseboard.clock.vocabulary import ChildFacts, EpisodeFact, EpisodeKind
from caseboard.people.models import Child

FactSource = Callable[[list[int]], dict[int, dict[str, tuple[Any, ...]]]]
_sources: list[FactSource] = []
# callable(child ids, or None for every child) -> {episode id: {EpisodeFact field: value}}
EpisodeFactSource = Callable[[list[int] | None], dict[int, dict[str, Any]]]
_episode_sources: list[EpisodeFactSource] = []


def register_fact_source(source: FactSource) -> None:
    if source not in _sources:
        _sources.append(source)


def register_episode_fact_source(source: EpisodeFactSource) -> None:
    if source not in _episode_sources:
        _episode_sources.append(source)


def episode_details(child_ids: list[int] | None) -> dict[int, dict[str, Any]]:
    """What the apps say about episodes beyond their codes, by episode id (``child_ids`` None: every child's)."""
    about: dict[int, dict[str, Any]] = defaultdict(dict)
    for episode_source in _episode_sources:
        for episode_id, fields in episode_source(child_ids).items():
            about[episode_id].update(fields)
    return about


def episode_fact(row: dict[str, Any], details: dict[int, dict[str, Any]]) -> EpisodeFact:
    """An episode's fact from its ``EPISODE_COLUMNS`` row and the apps' ``episode_details``: the one way every
    caller of the clock reads an episode."""
    fact = _episode_fact(row)
    extra = details.get(row["id"])
    return replace(fact, **extra) if extra else fact


def _episode_fact(row: dict[str, Any]) -> EpisodeFact:
    return EpisodeFact(
        id=row["id"],
        kind=EpisodeKind(row["kind"]),
        start_on=row["start_on"],
        end_on=row["end_on"],
        legal_status=row["legal_status"],
        placement_type=row["placement_type"],
        placement_provider=row["placement_provider"],
        placement_intended_until_18=row["placement_intended_until_18"],
    )


EPISODE_COLUMNS = (
    "id",
    "child_id",
    "kind",
    "start_on",
    "end_on",
    "legal_status",
    "placement_type",
    "placement_provider",
    "placement_intended_until_18",
)


def facts_for(child_ids: Iterable[int]) -> list[ChildFacts]:
    """The facts for these children (those that exist), in id order."""
    ids = sorted(set(child_ids))
    births = dict(Child.objects.filter(pk__in=ids).values_list("pk", "date_of_birth"))
    episodes: dict[int, list[EpisodeFact]] = defaultdict(list)
    details = episode_details(ids)
    for row in Episode.objects.filter(child_id__in=ids).order_by("start_on", "pk").values(*EPISODE_COLUMNS):
        episodes[row["child_id"]].append(episode_fact(row, details))
    extra: dict[int, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for source in _sources:
        for child_id, fields in source(ids).items():
            for name, values in fields.items():
                extra[child_id][name].extend(values)
    return [
        ChildFacts(
            child_id=child_id,
            date_of_birth=births[child_id],
            episodes=tuple(episodes.get(child_id, ())),
            **{name: tuple(values) for name, values in extra.get(child_id, {}).items()},
        )
        for child_id in ids
        if child_id in births
    ]
