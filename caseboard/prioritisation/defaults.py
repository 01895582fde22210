"""The default factor list (DOMAIN.md section 7): a default each council changes, not a published scheme. Household
infection status (symptoms, isolating, shielding) is deliberately absent: it decides the visit's mode in the
pre-visit check, not the child's rating."""

# (code, label, applies_to, pushes_towards)
DEFAULT_FACTORS: tuple[tuple[str, str, str, str], ...] = (
    (
        "cp_plan_or_at_home",
        "On a child protection plan, looked after at home (placed with parents or on an interim care order) or in "
        "pre-proceedings",
        "child",
        "red",
    ),
    ("under_one", "Under 1", "child", "red"),
    ("under_five_not_seen", "Under 5 and not seen by universal services", "child", "amber"),
    ("out_of_school", "Out of school or childcare", "child", "amber"),
    ("domestic_abuse", "Domestic abuse in the household", "child", "amber"),
    ("parental_mental_health", "Parental mental ill-health", "child", "amber"),
    ("parental_substance_misuse", "Parental substance misuse", "child", "amber"),
    ("recent_incident", "Recent incident, escalation or new referral", "child", "red"),
    ("no_other_professional", "No other professional sees the child", "child", "amber"),
    ("placement_at_risk", "Placement at risk of breakdown", "child", "amber"),
    ("exploitation", "Exploitation", "care_leaver", "red"),
    ("mental_health", "Mental health and wellbeing", "care_leaver", "amber"),
    ("isolation", "Isolation", "care_leaver", "amber"),
    ("accommodation", "Accommodation", "care_leaver", "amber"),
    ("money_and_food", "Money and food", "care_leaver", "amber"),
    ("digital_access", "Digital access", "care_leaver", "amber"),
    ("education_or_employment", "Education or employment", "care_leaver", "amber"),
)


def install(factor_model: type) -> int:
    """Add any default factor that is missing (by code); never changes a council's edits. Takes the model so the
    data migration can pass its historical one. Returns the number added."""
    added = 0
    for order, (code, label, applies_to, pushes_towards) in enumerate(DEFAULT_FACTORS, start=1):
        _, created = factor_model.objects.get_or_create(
            code=code,
            defaults={"label": label, "applies_to": applies_to, "pushes_towards": pushes_towards, "order": order},
        )
        added += created
    return added
