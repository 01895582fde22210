"""The teams list counts only the children its viewer may see: a count that included a restricted record would tell
them it exists."""

import pytest

from caseboard.casework.selectors import teams_with_counts
from caseboard.people.selectors import children_visible_to


@pytest.mark.django_db
def test_team_counts_leave_out_restricted_records_the_viewer_may_not_see(council):
    def count(user):
        return teams_with_counts(user).get(pk=council.cin_team.pk).children_count

    def visible(user):
        return (
            children_visible_to(user)
            .filter(allocations__team=council.cin_team, allocations__ended_on__isnull=True)
            .distinct()
            .count()
        )

    assert count(council.manager) == visible(council.manager)  # named on the restricted record: counted
    assert count(council.head) == visible(council.head) == count(council.manager) - 1
