"""The suggested RAG rating, from the factors a worker says apply: a transparent rule a manager can check, with no
Django import and no scores (DOMAIN.md section 7: the factor list is the council's default, not a national scheme).

The rule: any factor that pushes towards red suggests red; otherwise any that pushes towards amber suggests amber;
no factor suggests green. The factors that drove the suggestion are returned with it, so the page can say
"Suggested amber because: out of school or childcare, no other professional sees the child".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Rag(StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"


@dataclass(frozen=True)
class Factor:
    code: str
    label: str
    pushes_towards: Rag  # red or amber: a factor never pushes towards green


@dataclass(frozen=True)
class Suggestion:
    rating: Rag
    because: tuple[Factor, ...]  # the factors that drove it, in the order given; empty for green

    @property
    def reason(self) -> str:
        """In words: "Suggested amber because: out of school, no other professional sees the child"."""
        if not self.because:
            return f"Suggested {self.rating.value} because: no factor applies"
        return f"Suggested {self.rating.value} because: " + ", ".join(_in_sentence(f.label) for f in self.because)


def _in_sentence(label: str) -> str:
    """A label as it reads mid-sentence: "Out of school" becomes "out of school"; "CP plan" stays as it is."""
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def suggest(factors: Iterable[Factor]) -> Suggestion:
    """The suggested rating for these factors: red if any pushes towards red, else amber if any pushes towards
    amber, else green. Duplicates (the same code twice) count once."""
    unique = tuple({factor.code: factor for factor in factors}.values())
    for rating in (Rag.RED, Rag.AMBER):
        driving = tuple(factor for factor in unique if factor.pushes_towards is rating)
        if driving:
            return Suggestion(rating=rating, because=driving)
    return Suggestion(rating=Rag.GREEN, because=())
