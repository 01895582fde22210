from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from caseboard.policy import services
from caseboard.policy.models import OperatingModel, OperatingModelVersion, VersionStatus
from caseboard.policy.presets import BASELINE, COVID
from caseboard.policy.selectors import approved_council_versions, council_timeline, version_in_force

TODAY = date(2026, 11, 24)


def preset(name):
    return OperatingModel.objects.get(name=name).versions.get()


@pytest.mark.django_db
def test_presets_and_the_council_model_exist_after_migrating():
    assert preset(BASELINE).visit_counting == "in_person_only"
    covid = preset(COVID)
    assert covid.visit_counting == "virtual_with_decision" and covid.pre_visit_check_required
    assert not covid.early_help_referrals_open and "three weeks" in covid.early_help_pause_reason
    assert covid.deviation_rules.get(kind="no_face_to_face_cp").approver_role == "head_of_service"
    assert version_in_force(TODAY).operating_model.is_council_model
    rules = council_timeline()
    assert len(rules) == 1 and rules[0].cp_visits.interval.amount == 10


@pytest.mark.django_db
def test_draft_approve_and_timeline(council):
    draft = services.version_draft(
        copy_from=preset(COVID), drafted_by=council.head, effective_from=TODAY + timedelta(days=7), today=TODAY
    )
    assert draft.status == VersionStatus.DRAFT and draft.number == 2
    assert draft.deviation_rules.count() == 9 and draft.visit_frequencies.count() == 4
    with pytest.raises(ValidationError, match="someone else must approve"):
        services.version_approve(version=draft, approved_by=council.head, today=TODAY)
    with pytest.raises(ValidationError, match="Only a head of service or an administrator"):
        services.version_approve(version=draft, approved_by=council.manager, today=TODAY)
    services.version_approve(version=draft, approved_by=council.admin, today=TODAY)
    assert [v.number for v in approved_council_versions()] == [1, 2]
    assert version_in_force(TODAY + timedelta(days=7)).number == 2
    assert version_in_force(TODAY).number == 1


@pytest.mark.django_db
def test_a_new_version_cannot_start_in_the_past(council):
    with pytest.raises(ValidationError) as error:
        services.version_draft(
            copy_from=preset(BASELINE), drafted_by=council.head, effective_from=TODAY - timedelta(days=1), today=TODAY
        )
    assert "today or in the future" in error.value.message_dict["effective_from"][0]


@pytest.mark.django_db
def test_an_approved_version_cannot_be_edited(council):
    v1 = version_in_force(TODAY)
    with pytest.raises(ValidationError, match="can no longer be changed"):
        services.version_update(
            version=v1,
            updated_by=council.head,
            expected_edit_version=1,
            settings={"assessment_working_days": 50},
            today=TODAY,
        )


@pytest.mark.parametrize(
    ("changes", "frequencies", "deviations", "field"),
    [
        ({"assessment_working_days": -5}, None, None, "assessment_working_days"),
        ({"assessment_working_days": 0}, None, None, "assessment_working_days"),
        ({}, [{"kind": "cp", "interval": 0}], None, "freq_cp_interval"),
        ({}, [{"kind": "cin", "interval_unit": "fortnights"}], None, "freq_cin_interval_unit"),
        ({}, None, [{"kind": "visit_deferred", "approver_role": "archbishop"}], "dev_visit_deferred_approver_role"),
        ({}, None, [{"kind": "visit_deferred", "approver_role": "social_worker"}], "dev_visit_deferred_approver_role"),
        ({"early_help_referrals_open": False, "early_help_pause_reason": ""}, None, None, "early_help_pause_reason"),
        ({"visit_counting": "whenever"}, None, None, "visit_counting"),
    ],
)
@pytest.mark.django_db
def test_invalid_settings_are_rejected_with_a_specific_message(council, changes, frequencies, deviations, field):
    draft = services.version_draft(
        copy_from=preset(BASELINE), drafted_by=council.head, effective_from=TODAY, today=TODAY
    )
    with pytest.raises(ValidationError) as error:
        services.version_update(
            version=draft,
            updated_by=council.head,
            expected_edit_version=1,
            settings=changes,
            frequencies=frequencies,
            deviations=deviations,
            today=TODAY,
        )
    assert field in error.value.message_dict
    draft.refresh_from_db()
    assert draft.edit_version == 1 and draft.assessment_working_days == 45


@pytest.mark.django_db
def test_edit_then_stale_edit(council):
    draft = services.version_draft(
        copy_from=preset(BASELINE), drafted_by=council.head, effective_from=TODAY, today=TODAY
    )
    services.version_update(
        version=draft,
        updated_by=council.head,
        expected_edit_version=1,
        settings={"assessment_working_days": 40},
        frequencies=[{"kind": "cp", "interval": 5, "interval_unit": "working_days"}],
        today=TODAY,
    )
    assert OperatingModelVersion.objects.get(pk=draft.pk).visit_frequencies.get(kind="cp").interval == 5
    with pytest.raises(ValidationError, match="Someone else changed this draft"):
        services.version_update(
            version=draft,
            updated_by=council.admin,
            expected_edit_version=1,
            settings={"assessment_working_days": 30},
            today=TODAY,
        )


@pytest.mark.django_db
def test_two_approved_versions_cannot_share_a_date_and_in_force_ones_cannot_be_withdrawn(council):
    first = services.version_draft(
        copy_from=preset(BASELINE), drafted_by=council.head, effective_from=TODAY, today=TODAY
    )
    services.version_approve(version=first, approved_by=council.admin, today=TODAY)
    second = services.version_draft(copy_from=preset(COVID), drafted_by=council.head, effective_from=TODAY, today=TODAY)
    with pytest.raises(ValidationError, match="already comes into force"):
        services.version_approve(version=second, approved_by=council.admin, today=TODAY)
    with pytest.raises(ValidationError, match="already in force"):
        services.version_withdraw(version=first, withdrawn_by=council.admin, today=TODAY)
    services.version_withdraw(version=second, withdrawn_by=council.admin, today=TODAY)


@pytest.mark.django_db
def test_too_many_or_too_long_pre_visit_questions_are_refused(council):
    draft = services.version_draft(
        copy_from=preset(BASELINE), drafted_by=council.head, effective_from=TODAY, today=TODAY
    )
    with pytest.raises(ValidationError) as error:
        services.version_update(
            version=draft,
            updated_by=council.head,
            expected_edit_version=1,
            today=TODAY,
            settings={},
            new_questions=[f"Question {n}?" for n in range(11)],
        )
    assert "15 questions or fewer" in error.value.message_dict["add_questions"][0]
    with pytest.raises(ValidationError) as error:
        services.version_update(
            version=draft,
            updated_by=council.head,
            expected_edit_version=1,
            today=TODAY,
            settings={},
            new_questions=["Is " + "x" * 200 + "?"],
        )
    assert "200 characters or fewer" in error.value.message_dict["add_questions"][0]
    with pytest.raises(ValidationError) as error:
        services.version_update(
            version=draft,
            updated_by=council.head,
            expected_edit_version=1,
            today=TODAY,
            settings={},
            new_questions=["can the visit be held outdoors?"],
        )
    assert "already asks" in error.value.message_dict["add_questions"][0]
    services.version_update(
        version=draft,
        updated_by=council.head,
        expected_edit_version=1,
        today=TODAY,
        settings={},
        new_questions=["Is there a dog in the house?"],
    )
    assert [q.text for q in draft.pre_visit_questions.all()][-1] == "Is there a dog in the house?"


@pytest.mark.django_db
def test_every_version_asks_the_standard_pre_visit_questions_and_a_draft_rewords_removes_and_adds(council):
    from caseboard.visits.models import CHECK_QUESTIONS

    for version in OperatingModelVersion.objects.all():
        assert {q.key: q.text for q in version.pre_visit_questions.all()} == CHECK_QUESTIONS
        assert [q.key for q in version.pre_visit_questions.all() if q.yes_stops_go_ahead] == [
            "anyone_symptomatic",
            "anyone_isolating",
            "anyone_tested_positive",
        ]
    draft = services.version_draft(
        copy_from=preset(BASELINE), drafted_by=council.head, effective_from=TODAY, today=TODAY
    )
    services.version_update(
        version=draft,
        updated_by=council.head,
        expected_edit_version=1,
        today=TODAY,
        settings={},
        questions=[{"key": "anyone_symptomatic", "text": "Does anyone have a cough or a fever?"}],
        removed_questions=["can_meet_outdoors"],
        new_questions=["Is there a dog in the house?"],
    )
    asked = [(q.key, q.text) for q in draft.pre_visit_questions.all()]
    assert asked[0] == ("anyone_symptomatic", "Does anyone have a cough or a fever?")
    assert "can_meet_outdoors" not in dict(asked)
    assert asked[-1] == ("is_there_a_dog_in_the_house", "Is there a dog in the house?")
    # The approved versions keep theirs; the comparison shows the change.
    assert (
        preset(BASELINE).pre_visit_questions.get(key="anyone_symptomatic").text == CHECK_QUESTIONS["anyone_symptomatic"]
    )
    from caseboard.policy.selectors import settings_table, versions_with_settings

    rows = {
        row.label: row
        for row in settings_table(
            list(versions_with_settings().filter(pk__in=[preset(BASELINE).pk, draft.pk]).order_by("pk"))
        )
    }
    assert rows["Pre-visit check question: Can the visit be held outdoors?"].values[1] == "Not asked"
    assert rows["Pre-visit check question: Is there a dog in the house?"].values[0] == "Not asked"
    assert rows["Pre-visit check question: Does anyone in the household have symptoms?"].differs
