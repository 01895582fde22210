"""Object permissions for the workforce pages (django-rules): one predicate per action, used by the view and by
the template that offers the link."""

import rules

from caseboard.accounts.models import Role

from . import selectors

OFFICE_ROLES = {Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE, Role.ASSISTANT_DIRECTOR, Role.ADMINISTRATOR}
SURVEY_ROLES = {Role.HEAD_OF_SERVICE, Role.ASSISTANT_DIRECTOR, Role.ADMINISTRATOR}


@rules.predicate
def manages_team(user, team) -> bool:
    return team is not None and selectors.teams_managed(user).filter(pk=team.pk).exists()


@rules.predicate
def manages_some_team(user) -> bool:
    return selectors.teams_managed(user).exists()


@rules.predicate
def is_self(user, person) -> bool:
    return person is not None and user.pk == person.pk


@rules.predicate
def manages_person(user, person) -> bool:
    return person is not None and selectors.manages(user, person)


@rules.predicate
def is_hr(user) -> bool:
    return getattr(user, "role", "") == Role.HR_ADVISER


@rules.predicate
def runs_offices(user) -> bool:
    return getattr(user, "role", "") in OFFICE_ROLES


@rules.predicate
def writes_surveys(user) -> bool:
    return getattr(user, "role", "") in SURVEY_ROLES


@rules.predicate
def reads_survey_results(user, survey) -> bool:
    return survey is not None and (
        survey.created_by_id == user.pk or getattr(user, "role", "") in SURVEY_ROLES | {Role.HR_ADVISER}
    )


@rules.predicate
def reads_workforce_reports(user) -> bool:
    return getattr(user, "role", "") in OFFICE_ROLES | {Role.HR_ADVISER, Role.PERFORMANCE_OFFICER}


rules.add_perm("workforce.manage_team", manages_team)
rules.add_perm("workforce.view_capacity", manages_some_team)
rules.add_perm("workforce.record_availability", is_self | is_hr | manages_person)
rules.add_perm("workforce.change_staff_record", is_hr | manages_person)
rules.add_perm("workforce.supervise", runs_offices)
rules.add_perm("workforce.run_offices", runs_offices)
rules.add_perm("workforce.run_ppe", runs_offices)
rules.add_perm("workforce.write_survey", writes_surveys)
rules.add_perm("workforce.read_survey_results", reads_survey_results)
rules.add_perm("workforce.read_reports", reads_workforce_reports)
