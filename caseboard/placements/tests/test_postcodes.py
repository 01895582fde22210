"""The placement finder's centroid list covers every district the demo council's real postcodes are in."""

from __future__ import annotations

from caseboard.core.demo_postcodes import HOME_DISTRICTS, OUT_OF_AREA_DISTRICTS, _by_district, home_postcode
from caseboard.placements import postcodes


def test_every_demo_postcode_district_has_a_centroid():
    assert set(_by_district()) == set(HOME_DISTRICTS) | set(OUT_OF_AREA_DISTRICTS)
    for district, codes in _by_district().items():
        assert codes
        assert all(postcodes.district(code) == district for code in codes)
        assert postcodes.centroid(codes[0]) is not None, district


def test_demo_postcodes_are_chosen_by_the_draws_and_distances_stay_within_the_area():
    assert home_postcode(3, 4, "AB") == home_postcode(3, 4, "AB")
    assert postcodes.district(home_postcode(22, 4, "AB")) == HOME_DISTRICTS[2]
    near = postcodes.distance_km(postcodes.centroid(home_postcode(1, 1, "AA")), postcodes.centroid("EC4Y 0AA"))
    far = postcodes.distance_km(postcodes.centroid(home_postcode(1, 1, "AA")), postcodes.centroid("S60 1AB"))
    assert near is not None and near < 5
    assert far is not None and far > 100
