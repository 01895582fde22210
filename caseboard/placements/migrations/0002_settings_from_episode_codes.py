"""Give every looked-after episode recorded before settings were kept a setting, so nothing is lost: one setting for
each distinct SSDA903 placement type and provider, marked ``from_episode_codes`` (to be replaced by the real setting
when known), and a placement naming it. The episodes keep their codes; the statutory clock sees the same placements
(a setting per code pair changes where the codes change and nowhere else), so every due date stays as it was.

Reversible: going back removes the placements and settings made here."""

from django.db import migrations

KIND_OF_TYPE = {
    "U1": "connected_person",
    "U2": "connected_person",
    "U3": "connected_person",
    "K1": "secure_unit",
    "K2": "childrens_home",
    "R1": "childrens_home",
    "K3": "supported_accommodation",
    "S1": "residential_school",
    "P1": "with_parents",
}
TYPE_WORDS = {
    "U1": "Family or friends foster carers (long term)",
    "U2": "Family or friends foster carers (fostering for adoption)",
    "U3": "Family or friends foster carers",
    "U4": "Foster carers (long term)",
    "U5": "Foster carers (fostering for adoption)",
    "U6": "Foster carers",
    "K1": "Secure children's homes",
    "K2": "Children's homes",
    "K3": "Supported accommodation",
    "P1": "Placements with parents",
    "S1": "Residential schools",
    "R1": "Residential care homes",
}
PROVIDER_WORDS = {
    "PR0": "parents",
    "PR1": "own council",
    "PR2": "other council",
    "PR3": "other public provision",
    "PR4": "private provision",
    "PR5": "voluntary sector",
}


def _kind(placement_type, provider):
    if placement_type in ("U4", "U5", "U6"):
        return "foster_in_house" if provider in ("PR1", "PR2", "PR3") else "foster_agency"
    return KIND_OF_TYPE.get(placement_type, "other")


def forwards(apps, schema_editor):
    Episode = apps.get_model("casework", "Episode")
    Setting = apps.get_model("placements", "Setting")
    Placement = apps.get_model("placements", "Placement")
    episodes = (
        Episode.objects.filter(kind="lac", placement__isnull=True)
        .order_by("pk")
        .values_list("pk", "child_id", "placement_type", "placement_provider", "end_on")
    )
    rows = list(episodes.iterator(chunk_size=5000))
    pairs = {}
    for _pk, _child, placement_type, provider, end_on in rows:
        counts = pairs.setdefault((placement_type or "", provider or ""), [0])
        if end_on is None:
            counts[0] += 1
    settings = {}
    for (placement_type, provider), (open_count,) in sorted(pairs.items()):
        words = TYPE_WORDS.get(placement_type, f"Placement type {placement_type or 'not recorded'}")
        settings[(placement_type, provider)] = Setting.objects.create(
            kind=_kind(placement_type, provider),
            name=f"{words}, {PROVIDER_WORDS.get(provider, provider or 'provider not recorded')} "
            f"({placement_type or '–'}/{provider or '–'}, from episode codes)",
            placement_provider=provider or "PR1",
            places=open_count,
            age_from=0,
            age_to=25,
            from_episode_codes=True,
            notes="Made from the SSDA903 codes of looked-after episodes recorded before settings were kept.",
        )
    batch = []
    for pk, child_id, placement_type, provider, _end in rows:
        setting = settings[(placement_type or "", provider or "")]
        batch.append(Placement(child_id=child_id, episode_id=pk, setting_id=setting.pk))
        if len(batch) >= 2000:
            Placement.objects.bulk_create(batch)
            batch = []
    Placement.objects.bulk_create(batch)


def backwards(apps, schema_editor):
    Setting = apps.get_model("placements", "Setting")
    Placement = apps.get_model("placements", "Placement")
    made = Setting.objects.filter(from_episode_codes=True)
    Placement.objects.filter(setting__in=made).delete()
    made.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("placements", "0001_initial"),
        ("casework", "0002_returns_record_fields"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
