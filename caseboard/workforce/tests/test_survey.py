"""The staff survey is anonymous by design: no row reachable from a response leads to a person, one response per
person is enforced by a separate record holding no answers, and results show only for groups of at least five."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from caseboard.accounts.models import Role, User
from caseboard.conftest import make_user
from caseboard.workforce import reports, services
from caseboard.workforce.models import StaffSurvey, SurveyAnswer, SurveyParticipation, SurveyResponse

pytestmark = pytest.mark.django_db


def _survey(wf) -> StaffSurvey:
    today = timezone.localdate()
    return services.survey_create(
        title="Working from home",
        created_by=wf.council.head,
        opens_on=today,
        closes_on=today + timedelta(days=14),
        questions=[("I feel supported by my manager", "scale"), ("What would help?", "text")],
    )


def _reaches_user(model: type[models.Model], seen: set | None = None) -> list[str]:
    """Every path of foreign keys (forwards) from a model that ends at the user model."""
    seen = seen or set()
    paths = []
    for field in model._meta.get_fields():
        if not ((field.is_relation and field.many_to_one) or field.one_to_one) or (
            field.auto_created and not field.concrete
        ):
            continue
        target = field.related_model
        if target is User:
            paths.append(field.name)
        elif target not in seen and target is not None:
            paths += [f"{field.name}.{p}" for p in _reaches_user(target, seen | {model})]
    return paths


def test_no_foreign_key_from_a_response_or_answer_leads_to_a_person():
    # A response links to its survey (whose author is the head of service who wrote it, not the respondent) and
    # optionally a team; nothing else.
    assert _reaches_user(SurveyResponse) == ["survey.created_by", "survey.service.heads"] or all(
        path.startswith("survey.") for path in _reaches_user(SurveyResponse)
    )
    assert all(path.startswith(("response.survey.", "question.survey.")) for path in _reaches_user(SurveyAnswer))
    names = {f.name for f in SurveyResponse._meta.get_fields()}
    assert not names & {"person", "author", "user", "created_at", "participation"}
    assert {f.name for f in SurveyParticipation._meta.get_fields()} == {"id", "survey", "person"}


def test_responses_are_not_audited_and_keys_do_not_line_up(wf):
    survey = _survey(wf)
    question = survey.questions.first()
    people = [wf.council.worker, wf.council.colleague, wf.council.manager]
    for person in people:
        services.survey_respond(survey=survey, person=person, answers={question.pk: 4})
    assert not LogEntry.objects.filter(
        content_type__model__in=["surveyresponse", "surveyanswer", "surveyparticipation"]
    ).exists()
    # Random keys: the order of responses by key says nothing about the order people answered in.
    assert all(isinstance(response.pk, type(SurveyResponse().pk)) for response in SurveyResponse.objects.all())
    assert SurveyParticipation.objects.count() == SurveyResponse.objects.count() == 3


def test_one_response_per_person(wf):
    survey = _survey(wf)
    question = survey.questions.first()
    services.survey_respond(survey=survey, person=wf.council.worker, answers={question.pk: 5})
    with pytest.raises(ValidationError) as error:
        services.survey_respond(survey=survey, person=wf.council.worker, answers={question.pk: 1})
    assert error.value.messages == ["You have already answered this survey"]
    assert SurveyResponse.objects.count() == 1
    assert list(SurveyAnswer.objects.values_list("score", flat=True)) == [5]


def test_results_only_for_groups_of_at_least_five(wf):
    council = wf.council
    survey = _survey(wf)
    scale, text = survey.questions.all()
    team_people = [council.worker, council.colleague, council.manager, wf.cover]
    for n, person in enumerate(team_people):
        services.survey_respond(
            survey=survey, person=person, answers={scale.pk: n + 1, text.pk: f"idea {n}"}, group=council.cin_team
        )
    others = [make_user(f"sw{n}", Role.SOCIAL_WORKER, council.cp_team) for n in range(2)]
    for person in others:
        services.survey_respond(survey=survey, person=person, answers={scale.pk: 5})
    results = {group.label: group for group in reports.survey_results(survey=survey, minimum=5)}
    everyone = results["All responses"]
    assert everyone.responses == 6 and everyone.shown
    assert everyone.questions[0].mean == Decimal("3.3")  # (1 + 2 + 3 + 4 + 5 + 5) / 6
    assert everyone.questions[0].distribution == (1, 1, 1, 1, 2)
    assert everyone.questions[1].texts == ("idea 0", "idea 1", "idea 2", "idea 3")
    team = results["CIN team 1"]
    assert team.responses == 4 and not team.shown and team.questions == ()


def test_results_page_is_for_the_survey_writer_and_not_for_workers(wf, client):
    survey = _survey(wf)
    client.force_login(wf.council.worker)
    assert client.get(f"/workforce/surveys/{survey.pk}/results/").status_code == 403
    client.force_login(wf.council.head)
    assert client.get(f"/workforce/surveys/{survey.pk}/results/").status_code == 200
